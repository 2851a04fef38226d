"""Web hardening: headers, cookies, session expiry, CSRF and sign-in rate limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from procure import create_app
from procure.db import get_engine
from procure.models import SignInFailure, User
from procure.vocabulary import Role
from tests.factories import DEFAULT_PASSWORD, make_user
from tests.unit.test_config import STRONG_KEY

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.I)
INLINE_STYLE = re.compile(r"<style|\sstyle\s*=", re.I)


def csrf_token(page: str) -> str:
    return re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)


def test_every_response_carries_the_security_headers(client, auth):
    pages = [client.get("/"), client.get("/sign-in"), client.get("/no-such-page")]
    auth.login_as(Role.ADMIN)
    pages += [client.get("/admin/"), client.get("/tenders/"), client.get("/api/cpv?q=55")]
    for response in pages:
        policy = response.headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
        assert directives["script-src"] == "'self'"
        assert directives["style-src"] == "'self'"
        assert directives["frame-ancestors"] == "'none'"
        assert directives["object-src"] == "'none'"
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["Referrer-Policy"] in ("same-origin", "no-referrer")
        # Development speaks plain HTTP: HSTS would lock the browser out of it.
        assert "Strict-Transport-Security" not in response.headers


def test_pages_have_no_inline_scripts_styles_or_event_handlers(client, auth):
    urls = ["/", "/sign-in", "/account/activate/unknown"]
    auth.login_as(Role.ADMIN)
    urls += [
        "/account/password",
        "/admin/",
        "/admin/users",
        "/admin/users/invite",
        "/admin/organisation",
        "/admin/templates",
        "/tenders/",
        "/library/",
    ]
    for url in urls:
        page = client.get(url).text
        assert not INLINE_SCRIPT.search(page), url
        assert not EVENT_HANDLER.search(page), url
        assert not INLINE_STYLE.search(page), url


def session_cookie(response) -> str:
    return next(
        header for header in response.headers.getlist("Set-Cookie") if header.startswith("session=")
    )


def test_session_cookie_is_httponly_samesite_lax_and_expires(client, auth):
    auth.login_as(Role.BUYER, email="cookie@example.org")
    auth.logout()
    response = auth.login("cookie@example.org")
    cookie = session_cookie(response)
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie
    assert "Expires=" in cookie  # a permanent session: it ends after its lifetime
    assert "Secure" not in cookie  # the development server speaks plain HTTP


def test_session_cookie_is_secure_in_production(app, database_url, session):
    make_user(session, role=Role.BUYER, email="prod@example.org")
    session.commit()
    production = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": STRONG_KEY,
            "PRODUCTION": True,
            "WTF_CSRF_ENABLED": False,
        }
    )
    try:
        response = production.test_client().post(
            "/sign-in",
            data={"email": "prod@example.org", "password": DEFAULT_PASSWORD},
            base_url="https://procure.example",
        )
        assert response.status_code == 302
        cookie = session_cookie(response)
        assert "Secure" in cookie
        assert "HttpOnly" in cookie
        assert "SameSite=Lax" in cookie
        assert response.headers["Strict-Transport-Security"] == "max-age=31536000"
    finally:
        get_engine(production).dispose()


def signed_in(client) -> bool:
    page = client.get("/tenders/")
    return page.status_code == 200 and "<h1>Mes consultations</h1>" in page.text


def test_a_sign_in_lasts_its_lifetime_however_active_the_user(app, client, auth, frozen_clock):
    auth.login_as(Role.BUYER)
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
    step = app.config["SESSION_IDLE_TIMEOUT"] - timedelta(minutes=1)
    elapsed = timedelta(0)
    while elapsed + step < lifetime:
        frozen_clock.advance(step)
        elapsed += step
        assert signed_in(client), f"still signed in after {elapsed}"
    frozen_clock.advance(lifetime - elapsed)
    response = client.get("/tenders/?page=2")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/tenders/?page%3D2"
    page = client.get(response.headers["Location"]).text
    assert "Votre session est terminée\u202f: une connexion dure 8\u00a0heures." in page  # typeset
    assert not signed_in(client)


def test_an_idle_session_is_signed_out_and_sent_to_sign_in_with_next(
    app, client, auth, frozen_clock
):
    auth.login_as(Role.BUYER, email="distraite@example.org")
    idle = app.config["SESSION_IDLE_TIMEOUT"]
    frozen_clock.advance(idle - timedelta(seconds=1))
    assert signed_in(client)  # each request starts the idle time again
    frozen_clock.advance(idle - timedelta(seconds=1))
    assert signed_in(client)
    frozen_clock.advance(idle)
    response = client.get("/tenders/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in?next=/tenders/"
    page = client.get(response.headers["Location"]).text
    assert "Vous avez été déconnecté après 30\u00a0minutes sans activité." in page  # typeset
    assert not signed_in(client)
    signed_in_again = client.post(
        "/sign-in?next=/tenders/",
        data={"email": "distraite@example.org", "password": DEFAULT_PASSWORD},
    )
    assert signed_in_again.headers["Location"] == "/tenders/"
    assert signed_in(client)


def test_the_idle_timeout_is_a_setting(app, client, auth, frozen_clock):
    app.config["SESSION_IDLE_TIMEOUT"] = 120  # seconds, as from the environment
    auth.login_as(Role.BUYER)
    frozen_clock.advance(timedelta(seconds=119))
    assert signed_in(client)
    frozen_clock.advance(timedelta(seconds=120))
    assert not signed_in(client)


def test_a_copied_session_cookie_stops_working_once_its_user_signs_out(app, client, auth):
    auth.login_as(Role.BUYER)
    assert signed_in(client)
    copy = app.test_client()
    cookie = client.get_cookie("session")
    copy.set_cookie("session", cookie.value)
    assert signed_in(copy)
    assert auth.logout().status_code == 302
    assert not signed_in(client)
    assert not signed_in(copy), "the cookie taken before sign-out still opens the session"


def test_signing_out_ends_the_users_sessions_on_every_device(app, client, auth):
    auth.login_as(Role.BUYER, email="nomade@example.org")
    laptop = app.test_client()
    laptop.post("/sign-in", data={"email": "nomade@example.org", "password": DEFAULT_PASSWORD})
    assert signed_in(laptop)
    auth.logout()
    assert not signed_in(laptop)
    again = laptop.post(
        "/sign-in", data={"email": "nomade@example.org", "password": DEFAULT_PASSWORD}
    )
    assert again.status_code == 302
    assert signed_in(laptop)


# -- CSRF --------------------------------------------------------------------------


@pytest.fixture
def csrf_app(app):
    """The application as it runs: CSRF protection on (the other tests turn it off)."""
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_a_post_without_csrf_token_is_refused(csrf_app, session):
    make_user(session, role=Role.ADMIN, email="csrf@example.org")
    session.commit()
    client = csrf_app.test_client()
    refused = client.post(
        "/sign-in", data={"email": "csrf@example.org", "password": DEFAULT_PASSWORD}
    )
    assert refused.status_code == 400
    assert "Se déconnecter" not in client.get("/").text
    token = csrf_token(client.get("/sign-in").text)
    signed_in = client.post(
        "/sign-in",
        data={"email": "csrf@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token},
    )
    assert signed_in.status_code == 302
    invite = {"name": "Sans Jeton", "email": "sans.jeton@example.org", "role": "buyer"}
    assert client.post("/admin/users/invite", data=invite).status_code == 400
    assert client.post(
        "/admin/users/invite", data={**invite, "csrf_token": "forged"}
    ).status_code == (400)
    assert session.scalar(select(func.count(User.id)).where(User.name == "Sans Jeton")) == 0
    page = client.get("/admin/users/invite").text
    accepted = client.post("/admin/users/invite", data={**invite, "csrf_token": csrf_token(page)})
    assert accepted.status_code == 302
    assert "Une invitation a été envoyée à sans.jeton@example.org." in client.get("/").text


def test_a_post_with_another_sessions_token_is_refused(csrf_app):
    first, second = csrf_app.test_client(), csrf_app.test_client()
    token = csrf_token(first.get("/sign-in").text)
    second.get("/sign-in")
    response = second.post("/sign-in", data={"email": "x@example.org", "csrf_token": token})
    assert response.status_code == 400


# -- Rate limits on sign-in --------------------------------------------------------


def attempt(client, email: str, password: str, address: str = "198.51.100.7"):
    return client.post(
        "/sign-in",
        data={"email": email, "password": password},
        environ_base={"REMOTE_ADDR": address},
    )


def test_failed_sign_ins_lock_the_account_even_with_the_right_password(client, session):
    make_user(session, role=Role.BUYER, email="cible@example.org")
    session.commit()
    for _ in range(5):
        assert attempt(client, "cible@example.org", "wrong password!").status_code == 200
    refused = attempt(client, "Cible@Example.org", DEFAULT_PASSWORD)
    assert refused.status_code == 429
    assert "Trop de tentatives de connexion ont échoué" in refused.text
    assert "attendez 15 minutes" in refused.text
    assert 'aria-invalid="true"' in refused.text
    # From another address too: the limit is the account's.
    assert attempt(client, "cible@example.org", DEFAULT_PASSWORD, "203.0.113.9").status_code == 429


def test_an_accounts_lock_does_not_stop_colleagues_on_the_same_network(client, session):
    make_user(session, role=Role.BUYER, email="cible@example.org")
    make_user(session, role=Role.BUYER, email="collegue@example.org")
    session.commit()
    for _ in range(6):
        attempt(client, "cible@example.org", "wrong password!")
    assert attempt(client, "collegue@example.org", DEFAULT_PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count(client, session):
    make_user(session, role=Role.BUYER, email="assidue@example.org")
    session.commit()
    for _ in range(8):
        assert attempt(client, "assidue@example.org", DEFAULT_PASSWORD).status_code == 302
        client.post("/sign-out")


def test_failures_from_one_address_block_that_address(app, client, session):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS"] = "3 per 15 minutes"
    make_user(session, role=Role.BUYER, email="victime@example.org")
    session.commit()
    for number in range(3):
        attempt(client, f"guess{number}@example.org", "password guess", "192.0.2.66")
    refused = attempt(client, "victime@example.org", DEFAULT_PASSWORD, "192.0.2.66")
    assert refused.status_code == 429
    assert "depuis ce réseau" in refused.text
    assert attempt(client, "victime@example.org", DEFAULT_PASSWORD, "192.0.2.67").status_code == 302


def through_proxy(client, email: str, forwarded_for: str):
    return client.post(
        "/sign-in",
        data={"email": email, "password": "password guess"},
        environ_base={"REMOTE_ADDR": "10.0.0.2"},
        headers={"X-Forwarded-For": forwarded_for},
    )


@pytest.mark.parametrize("trusted", [0, 1])
def test_forwarded_addresses_count_only_behind_trusted_proxies(database_url, trusted):
    app = create_app(
        {
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test secret key",
            "WTF_CSRF_ENABLED": False,
            "SIGN_IN_LIMIT_PER_ADDRESS": "3 per 15 minutes",
            "TRUSTED_PROXIES": trusted,
        }
    )
    client = app.test_client()
    for number in range(3):
        through_proxy(client, f"guess{number}@example.org", "192.0.2.66")
    blocked_client = through_proxy(client, "other@example.org", "192.0.2.66").status_code
    other_client = through_proxy(client, "other@example.org", "192.0.2.77").status_code
    get_engine(app).dispose()
    if trusted:
        assert (blocked_client, other_client) == (429, 200), "clients counted one by one"
    else:
        assert (blocked_client, other_client) == (429, 429), "a forged header changes nothing"


def test_a_successful_sign_in_forgets_the_accounts_earlier_failures(client, session):
    make_user(session, role=Role.BUYER, email="distraite@example.org")
    session.commit()
    for _ in range(4):
        attempt(client, "distraite@example.org", "typo in password")
    assert attempt(client, "distraite@example.org", DEFAULT_PASSWORD).status_code == 302
    client.post("/sign-out")
    for _ in range(4):
        assert attempt(client, "distraite@example.org", "typo again").status_code == 200
    assert attempt(client, "distraite@example.org", DEFAULT_PASSWORD).status_code == 302


def test_unknown_email_and_wrong_password_get_the_same_answer(client, session):
    make_user(session, role=Role.BUYER, email="connue@example.org")
    session.commit()
    unknown = attempt(client, "inconnue@example.org", "some password", "192.0.2.1")
    wrong = attempt(client, "connue@example.org", "some password", "192.0.2.2")
    message = "L’adresse électronique ou le mot de passe est incorrect."
    assert message in unknown.text
    assert message in wrong.text
    assert unknown.status_code == wrong.status_code == 200


def test_rate_limit_storage_comes_from_the_environment(app, database_url, monkeypatch):
    assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    monkeypatch.setenv("PROCURE_RATELIMIT_STORAGE_URI", "memory://?from=environment")
    configured = create_app({"DATABASE_URL": database_url, "SECRET_KEY": "x"})
    try:
        assert configured.config["RATELIMIT_STORAGE_URI"] == "memory://?from=environment"
        limiter = configured.extensions["procure.sign_in_limiter"]
        assert type(limiter.storage).__name__ == "MemoryStorage"
    finally:
        get_engine(configured).dispose()


def worker(database_url: str, **settings):
    """Another instance of the application on the same database, as a second gunicorn
    worker would be: nothing shared with ``app`` but the database."""
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "test secret key",
            "WTF_CSRF_ENABLED": False,
            **settings,
        }
    )


def test_failed_sign_ins_are_counted_across_workers_sharing_the_database(
    app, database_url, session
):
    make_user(session, role=Role.BUYER, email="cible@example.org")
    session.commit()
    second = worker(database_url)
    try:
        clients = [app.test_client(), second.test_client()]
        for number in range(5):
            failed = attempt(clients[number % 2], "cible@example.org", "wrong password!")
            assert failed.status_code == 200
        assert attempt(clients[0], "cible@example.org", DEFAULT_PASSWORD).status_code == 429
        assert attempt(clients[1], "cible@example.org", DEFAULT_PASSWORD).status_code == 429
    finally:
        get_engine(second).dispose()


def test_failures_from_one_address_are_counted_across_workers(app, database_url, session):
    app.config["SIGN_IN_LIMIT_PER_ADDRESS"] = "4 per 15 minutes"
    make_user(session, role=Role.BUYER, email="victime@example.org")
    session.commit()
    second = worker(database_url, SIGN_IN_LIMIT_PER_ADDRESS="4 per 15 minutes")
    try:
        clients = [app.test_client(), second.test_client()]
        for number in range(4):
            attempt(clients[number % 2], f"guess{number}@example.org", "guess", "192.0.2.66")
        for client in clients:
            refused = attempt(client, "victime@example.org", DEFAULT_PASSWORD, "192.0.2.66")
            assert refused.status_code == 429
    finally:
        get_engine(second).dispose()


def test_failures_leave_the_count_once_their_window_has_passed(client, session, frozen_clock):
    make_user(session, role=Role.BUYER, email="patiente@example.org")
    session.commit()
    for _ in range(5):
        attempt(client, "patiente@example.org", "wrong password!")
        frozen_clock.advance(timedelta(minutes=1))
    refused = attempt(client, "patiente@example.org", DEFAULT_PASSWORD)
    assert refused.status_code == 429
    assert "attendez 10 minutes" in refused.text  # the oldest failure leaves in 10 minutes
    frozen_clock.advance(timedelta(minutes=10))
    assert attempt(client, "patiente@example.org", DEFAULT_PASSWORD).status_code == 302


def test_failures_older_than_every_window_are_deleted(client, session, frozen_clock):
    for number in range(3):
        attempt(client, f"essai{number}@example.org", "wrong password!", f"192.0.2.{number}")
    assert session.scalar(select(func.count(SignInFailure.id))) == 6
    frozen_clock.advance(timedelta(minutes=15))
    attempt(client, "tardive@example.org", "wrong password!")
    assert session.scalar(select(func.count(SignInFailure.id))) == 2  # the last attempt's


def test_the_sign_in_counts_keep_no_email_or_address_in_clear(client, session):
    attempt(client, "secrete@example.org", "wrong password!", "192.0.2.99")
    keys = list(session.scalars(select(SignInFailure.key)))
    assert len(keys) == 2
    assert not any("secrete" in key or "192.0.2.99" in key for key in keys)


def test_the_limiter_storage_still_counts_failures_when_chosen(database_url, session):
    make_user(session, role=Role.BUYER, email="cible@example.org")
    session.commit()
    limited = worker(database_url, SIGN_IN_COUNTER="limiter")
    try:
        client = limited.test_client()
        for _ in range(5):
            attempt(client, "cible@example.org", "wrong password!")
        assert attempt(client, "cible@example.org", DEFAULT_PASSWORD).status_code == 429
        assert session.scalar(select(func.count(SignInFailure.id))) == 0
    finally:
        get_engine(limited).dispose()


def test_an_unknown_sign_in_counter_is_named(database_url):
    with pytest.raises(ValueError, match="SIGN_IN_COUNTER: expected one of database, limiter"):
        worker(database_url, SIGN_IN_COUNTER="redis")


def test_html_typed_by_users_is_always_escaped(client, auth):
    auth.login_as(Role.ADMIN)
    response = client.post(
        "/admin/users/invite",
        data={"name": '<script>alert("x")</script>', "email": "xss@example.org", "role": "buyer"},
    )
    assert response.status_code == 302
    users = client.get("/admin/users").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in users
    assert '<script>alert("x")</script>' not in users
