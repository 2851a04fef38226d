"""Passwords and one-time links: changing a password, invitations, resets, deactivation."""

from __future__ import annotations

import hashlib
import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from procure.admin.services import invite_user
from procure.auth.passwords import (
    PasswordProblem,
    common_passwords,
    is_common,
    password_problem,
)
from procure.auth.services import TokenUsedError, find_usable_token, use_token
from procure.db import get_engine
from procure.models import AccountToken, AuditEvent, User
from procure.models.base import utcnow
from procure.vocabulary import Role
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_user
from tests.outbox import mailed_link

NEW_PASSWORD = "un autre mot de passe solide"

# -- Password rules (no database) --------------------------------------------------


def test_the_common_password_list_has_hundreds_of_lower_case_entries_with_french_ones():
    passwords = common_passwords()
    assert len(passwords) >= 300
    assert all(entry == entry.lower() for entry in passwords)
    assert {"azerty", "motdepasse", "soleil", "123456", "password"} <= passwords


@pytest.mark.parametrize(
    "password",
    ["azertyuiop", "MotDePasse", "Motdepasse2024!", "soleil123456", "1234567890", "Password123!"],
)
def test_common_passwords_and_their_usual_variants_are_refused(password):
    assert is_common(password)


@pytest.mark.parametrize(
    "password", [DEFAULT_PASSWORD, "Soleil de juin sur Lyon", "2024motdepasse", "tramway-ligne-7"]
)
def test_uncommon_passwords_are_accepted(password):
    assert password_problem(password) is None


@pytest.mark.parametrize(
    ("password", "email", "problem"),
    [
        ("court", None, PasswordProblem.TOO_SHORT),
        ("x" * 201, None, PasswordProblem.TOO_LONG),
        ("aaaaaaaaaaaa", None, PasswordProblem.TOO_SIMPLE),
        ("abababababab", None, PasswordProblem.TOO_SIMPLE),
        ("camille.martin", "Camille.Martin@ville.fr", PasswordProblem.LIKE_EMAIL),
        ("qwertyuiop", None, PasswordProblem.COMMON),
    ],
)
def test_each_password_problem_is_found(password, email, problem):
    assert password_problem(password, email) is problem


# -- Changing one's password -------------------------------------------------------


def change(client, current: str, new: str, again: str | None = None):
    return client.post(
        "/account/password",
        data={"current_password": current, "new_password": new, "new_password_again": again or new},
    )


def test_a_user_changes_their_password(client, auth, session):
    user_id = auth.login_as(Role.LEGAL, email="juriste@example.org")
    page = client.get("/account/password")
    assert "Changer mon mot de passe" in page.text
    response = change(client, DEFAULT_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert "Votre mot de passe a été modifié. Vos autres sessions sont fermées." in (
        client.get("/").text
    )
    auth.logout()
    assert auth.login("juriste@example.org").status_code == 200  # old password refused
    assert auth.login("juriste@example.org", NEW_PASSWORD).status_code == 302
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.password_changed"))
    assert event.actor_id == user_id


def test_changing_ones_password_ends_the_other_sessions_but_not_this_one(app, client, auth):
    auth.login_as(Role.BUYER, email="acheteur@example.org")
    other_browser = app.test_client()
    signed_in = other_browser.post(
        "/sign-in", data={"email": "acheteur@example.org", "password": DEFAULT_PASSWORD}
    )
    assert signed_in.status_code == 302
    assert other_browser.get("/tenders/").status_code == 200
    assert change(client, DEFAULT_PASSWORD, NEW_PASSWORD).status_code == 302
    assert client.get("/tenders/").status_code == 200
    response = other_browser.get("/tenders/")
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_a_wrong_current_password_is_named_and_nothing_changes(client, auth, session):
    user_id = auth.login_as(Role.BUYER)
    before = session.get(User, user_id).password_hash
    page = change(client, "not my password", NEW_PASSWORD)
    assert page.status_code == 200
    assert "Le mot de passe actuel est incorrect." in page.text
    session.expire_all()
    assert session.get(User, user_id).password_hash == before


@pytest.mark.parametrize(
    ("new", "again", "message"),
    [
        ("soleil2024!", None, "fait partie des plus courants"),
        ("court", None, "au moins 10 caractères"),
        (NEW_PASSWORD, "something else entirely", "ne sont pas identiques"),
    ],
)
def test_a_weak_or_mistyped_new_password_is_refused_with_a_reason(
    client, auth, new, again, message
):
    auth.login_as(Role.BUYER)
    page = change(client, DEFAULT_PASSWORD, new, again)
    assert page.status_code == 200
    assert message in page.text
    assert 'aria-invalid="true"' in page.text


def test_the_password_page_needs_a_signed_in_user(client):
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/sign-in")


# -- Invitations and resets --------------------------------------------------------


def reset_link(admin, user: User) -> str:
    """Ask for a new password link for ``user``; the link mailed to them, as a path."""
    response = admin.post(f"/admin/users/{user.id}/reset")
    assert response.status_code == 302, response.text
    return mailed_link(admin.application, user.email)


@pytest.fixture
def admin(client, auth):
    auth.login_as(Role.ADMIN, email="admin@example.org")
    return client


def invite(admin, email: str = "nouvelle@example.org", role: str = "buyer") -> str:
    response = admin.post(
        "/admin/users/invite", data={"name": "Nouvelle Recrue", "email": email, "role": role}
    )
    assert response.status_code == 302, response.text
    return mailed_link(admin.application, email)


def set_password(client, link: str, password: str = NEW_PASSWORD):
    return client.post(link, data={"new_password": password, "new_password_again": password})


def test_an_invited_user_opens_their_account_with_the_link(app, admin, session):
    link = invite(admin)
    newcomer = app.test_client()
    assert (
        newcomer.post(
            "/sign-in", data={"email": "nouvelle@example.org", "password": NEW_PASSWORD}
        ).status_code
        == 200
    )  # not yet: the account is inactive
    page = newcomer.get(link)
    assert page.status_code == 200
    assert "Ouvrir votre compte" in page.text
    assert "nouvelle@example.org" in page.text
    assert page.headers["Cache-Control"] == "no-store"
    response = set_password(newcomer, link)
    assert response.status_code == 302
    assert response.headers["Location"] == "/sign-in"
    signed_in = newcomer.post(
        "/sign-in", data={"email": "nouvelle@example.org", "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302
    user = session.scalar(select(User).where(User.email == "nouvelle@example.org"))
    assert user.active
    assert user.role == "buyer"
    actions = set(session.scalars(select(AuditEvent.action)))
    assert {"user.invited", "user.activated"} <= actions


def test_a_link_works_only_once(app, admin):
    link = invite(admin)
    newcomer = app.test_client()
    assert set_password(newcomer, link).status_code == 302
    again = newcomer.get(link)
    assert again.status_code == 404
    assert "Ce lien ne fonctionne plus" in again.text
    assert set_password(newcomer, link, "encore un autre mot de passe").status_code == 404


def test_only_a_hash_of_the_token_is_stored(admin, session):
    link = invite(admin)
    token = link.rsplit("/", 1)[1]
    stored = session.scalar(select(AccountToken))
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in {stored.token_hash, stored.purpose}
    assert stored.expires_at - stored.created_at == timedelta(hours=72)


def test_an_expired_link_no_longer_works(app, admin, session):
    link = invite(admin)
    stored = session.scalar(select(AccountToken))
    stored.expires_at = utcnow() - timedelta(minutes=1)
    session.commit()
    page = app.test_client().get(link)
    assert page.status_code == 404
    assert "a expiré" in page.text


def test_a_weak_password_on_the_invitation_page_keeps_the_link_usable(app, admin):
    link = invite(admin)
    newcomer = app.test_client()
    page = set_password(newcomer, link, "Azerty123456")
    assert page.status_code == 200
    assert "fait partie des plus courants" in page.text
    assert set_password(newcomer, link).status_code == 302


def test_a_reset_link_replaces_the_password_and_lasts_24_hours(app, admin, session):
    organisation = session.scalar(
        select(User).where(User.email == "admin@example.org")
    ).organisation
    colleague = make_user(
        session, role=Role.BUYER, organisation=organisation, email="b@example.org"
    )
    session.commit()
    response = admin.post(f"/admin/users/{colleague.id}/reset")
    assert response.status_code == 302
    page = admin.get(response.headers["Location"]).text
    assert "Un lien pour choisir un nouveau mot de passe a été envoyé à b@example.org." in page
    link = mailed_link(app, "b@example.org")
    assert link not in page
    stored = session.scalar(select(AccountToken).where(AccountToken.user_id == colleague.id))
    assert (stored.purpose, stored.expires_at - stored.created_at) == ("reset", timedelta(hours=24))
    user = app.test_client()
    assert (
        user.post(
            "/sign-in", data={"email": "b@example.org", "password": DEFAULT_PASSWORD}
        ).status_code
        == 302
    )
    assert user.get("/tenders/").status_code == 200
    assert set_password(app.test_client(), link).status_code == 302
    assert user.get("/tenders/").status_code == 302, "the reset ends the sessions opened before"
    assert (
        user.post(
            "/sign-in", data={"email": "b@example.org", "password": DEFAULT_PASSWORD}
        ).status_code
        == 200
    )
    assert (
        user.post("/sign-in", data={"email": "b@example.org", "password": NEW_PASSWORD}).status_code
        == 302
    )


def test_a_new_link_makes_the_previous_one_stop_working(app, admin, session):
    organisation = session.scalar(
        select(User).where(User.email == "admin@example.org")
    ).organisation
    colleague = make_user(session, organisation=organisation)
    session.commit()
    first = reset_link(admin, colleague)
    second = reset_link(admin, colleague)
    assert first != second
    visitor = app.test_client()
    assert visitor.get(first).status_code == 404
    assert visitor.get(second).status_code == 200


def test_a_deactivated_user_is_signed_out_and_cannot_sign_in(app, admin, session):
    organisation = session.scalar(
        select(User).where(User.email == "admin@example.org")
    ).organisation
    colleague = make_user(session, organisation=organisation, email="partie@example.org")
    session.commit()
    their_browser = app.test_client()
    their_browser.post(
        "/sign-in", data={"email": "partie@example.org", "password": DEFAULT_PASSWORD}
    )
    assert their_browser.get("/tenders/").status_code == 200
    old_link = reset_link(admin, colleague)
    assert admin.post(f"/admin/users/{colleague.id}/deactivate").status_code == 302
    assert their_browser.get("/tenders/").status_code == 302
    assert (
        their_browser.post(
            "/sign-in", data={"email": "partie@example.org", "password": DEFAULT_PASSWORD}
        ).status_code
        == 200
    )
    assert their_browser.get(old_link).status_code == 404


def test_reactivating_a_user_does_not_bring_back_their_old_sessions(app, admin, session):
    organisation = session.scalar(
        select(User).where(User.email == "admin@example.org")
    ).organisation
    colleague = make_user(session, organisation=organisation, email="retour@example.org")
    session.commit()
    their_browser = app.test_client()
    their_browser.post(
        "/sign-in", data={"email": "retour@example.org", "password": DEFAULT_PASSWORD}
    )
    assert their_browser.get("/tenders/").status_code == 200
    assert admin.post(f"/admin/users/{colleague.id}/deactivate").status_code == 302
    assert admin.post(f"/admin/users/{colleague.id}/reactivate").status_code == 302
    response = their_browser.get("/tenders/")
    assert response.status_code == 302, "a session opened before the deactivation came back"
    assert response.headers["Location"].startswith("/sign-in")


def test_a_reset_link_is_refused_for_a_user_deactivated_after_it_was_given(app, admin, session):
    organisation = session.scalar(
        select(User).where(User.email == "admin@example.org")
    ).organisation
    colleague = make_user(session, organisation=organisation)
    session.commit()
    link = reset_link(admin, colleague)
    colleague = session.get(User, colleague.id)
    colleague.active = False
    session.commit()
    assert app.test_client().get(link).status_code == 404


def test_an_unknown_organisations_user_cannot_be_reset(admin, session):
    stranger = make_user(session, organisation=make_organisation(session))
    session.commit()
    assert admin.post(f"/admin/users/{stranger.id}/reset").status_code == 404
    assert session.scalar(select(AccountToken)) is None


# -- A link used twice at once -----------------------------------------------------


def invitation_token(session) -> str:
    administrator = make_user(session, role=Role.ADMIN, email="chef@example.org")
    link = invite_user(
        session, admin=administrator, name="Nouvelle", email="double@example.org", role=Role.LEGAL
    )
    session.commit()
    return link.token


def test_a_link_found_by_two_requests_is_used_by_the_first_only(app, session):
    token = invitation_token(session)
    engine = get_engine(app)
    with Session(engine) as first, Session(engine) as second:
        found_first = find_usable_token(first, token)
        found_second = find_usable_token(second, token)  # both pages were opened
        assert found_first is not None
        assert found_second is not None
        use_token(first, found_first, NEW_PASSWORD)
        first.commit()
        with pytest.raises(TokenUsedError):
            use_token(second, found_second, "un tout autre mot de passe")
        second.rollback()
    user = session.scalar(select(User).where(User.email == "double@example.org"))
    session.refresh(user)
    assert user.check_password(NEW_PASSWORD)
    assert (
        session.scalar(
            select(func.count(AuditEvent.id)).where(AuditEvent.action == "user.activated")
        )
        == 1
    )


@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_two_concurrent_requests_cannot_both_use_a_link(app, session, postgres_server):
    token = invitation_token(session)
    engine = get_engine(app)
    outcome: dict[str, object] = {}
    with Session(engine) as first, Session(engine) as second:
        found_first = find_usable_token(first, token)
        found_second = find_usable_token(second, token)
        use_token(first, found_first, NEW_PASSWORD)  # holds the row until it commits

        def second_request() -> None:
            try:
                use_token(second, found_second, "un tout autre mot de passe")
                second.commit()
                outcome["second"] = "used"
            except TokenUsedError:
                second.rollback()
                outcome["second"] = "refused"

        thread = threading.Thread(target=second_request)
        thread.start()
        wait_for_a_lock_wait(session)
        first.commit()
        thread.join(timeout=30)
        assert not thread.is_alive()
    assert outcome == {"second": "refused"}
    user = session.scalar(select(User).where(User.email == "double@example.org"))
    session.refresh(user)
    assert user.check_password(NEW_PASSWORD)


def wait_for_a_lock_wait(session, timeout: float = 20.0) -> None:
    """Until a PostgreSQL backend of this database waits for a row lock (bounded)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        waiting = session.scalar(
            text(
                "SELECT count(*) FROM pg_stat_activity "
                "WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
        )
        session.rollback()
        if waiting:
            return
        time.sleep(0.05)  # polling PostgreSQL's view of the other connection, bounded
    raise AssertionError("the second request never waited for the first one's lock")
