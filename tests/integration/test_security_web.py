"""Web hardening: headers, cookies, session expiry, CSRF and sign-in rate limits."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from procure import create_app
from procure.db import get_engine
from procure.models import User
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


def test_a_session_older_than_its_lifetime_needs_a_new_sign_in(app, client, auth, frozen_clock):
    def signed_in() -> bool:
        page = client.get("/tenders/")
        return page.status_code == 200 and "<h1>Mes consultations</h1>" in page.text

    auth.login_as(Role.BUYER)
    assert signed_in()
    lifetime = app.config["PERMANENT_SESSION_LIFETIME"]
    frozen_clock.advance(lifetime - timedelta(seconds=1))
    assert signed_in()  # each request starts the lifetime again
    frozen_clock.advance(lifetime + timedelta(seconds=1))
    response = client.get("/tenders/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


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
    assert accepted.status_code == 200
    assert "Lien d’invitation pour Sans Jeton" in accepted.text


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


def test_html_typed_by_users_is_always_escaped(client, auth):
    auth.login_as(Role.ADMIN)
    response = client.post(
        "/admin/users/invite",
        data={"name": '<script>alert("x")</script>', "email": "xss@example.org", "role": "buyer"},
    )
    assert response.status_code == 200
    users = client.get("/admin/users").text
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in users
    assert '<script>alert("x")</script>' not in users
