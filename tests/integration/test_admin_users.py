"""Administrators manage the accounts of their own organisation."""

from __future__ import annotations

import smtplib
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select

from procure.models import AccountToken, AuditEvent, User
from procure.vocabulary import Role
from tests.factories import make_organisation, make_user
from tests.outbox import mail_to, mailed_link


@pytest.fixture
def admin(client, auth, session):
    admin_id = auth.login_as(Role.ADMIN, email="admin@example.org")
    client.get("/")  # show the "signed in" message now
    return session.get(User, admin_id)


def colleague(session, admin: User, **overrides) -> User:
    user = make_user(session, organisation=admin.organisation, **overrides)
    session.commit()
    return user


def test_the_admin_home_links_to_every_section(app, client, admin):
    page = client.get("/admin/").text
    for href in ("/admin/users", "/admin/organisation", "/admin/templates"):
        assert f'href="{href}"' in page
    assert "Journal d’audit" in page


def test_the_admin_home_hides_the_audit_log_link_when_there_is_none(app, client, admin):
    app.view_functions.pop("auditlog.index", None)
    page = client.get("/admin/").text
    assert "Journal d’audit" not in page
    assert 'href="/admin/users"' in page


def test_the_users_page_lists_only_the_organisations_users(client, admin, session):
    colleague(session, admin, email="collegue@example.org")
    make_user(session, organisation=make_organisation(session), email="ailleurs@example.org")
    session.commit()
    page = client.get("/admin/users").text
    assert "collegue@example.org" in page
    assert "admin@example.org" in page
    assert "ailleurs@example.org" not in page


def test_inviting_creates_an_inactive_account_and_mails_the_link_to_the_person(
    app, client, admin, session
):
    response = client.post(
        "/admin/users/invite",
        data={"name": "Dominique Juriste", "email": " Dominique@Example.org ", "role": "legal"},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/users"
    page = client.get("/admin/users").text
    assert "Une invitation a été envoyée à dominique@example.org." in page
    assert "72" in client.get("/admin/users/invite").text  # the form says how long it lasts
    link = mailed_link(app, "dominique@example.org")
    assert link.startswith("/account/activate/")
    assert link not in response.text
    assert link not in page, "the administrator never sees the person's link"
    (mail,) = mail_to(app, "dominique@example.org")
    assert mail["Subject"] == "Votre compte procure / Your procure account"
    body = mail.get_content()
    assert "Bonjour Dominique Juriste," in body
    assert f"vous invite à utiliser procure pour {admin.organisation.name}" in body
    assert "Hello Dominique Juriste," in body
    user = session.scalar(select(User).where(User.email == "dominique@example.org"))
    assert (user.name, user.role, user.active) == ("Dominique Juriste", "legal", False)
    assert user.organisation_id == admin.organisation_id
    users = client.get("/admin/users").text
    assert "Invité, n’a pas encore choisi de mot de passe" in users
    assert "Nouveau lien d’invitation" in users
    event = session.scalar(select(AuditEvent).where(AuditEvent.action == "user.invited"))
    assert event.actor_id == admin.id
    assert event.after == {
        "email": "dominique@example.org",
        "name": "Dominique Juriste",
        "role": "legal",
    }


def test_inviting_an_existing_email_is_refused_on_the_email_field(client, admin, session):
    make_user(session, organisation=make_organisation(session), email="prise@example.org")
    session.commit()
    page = client.post(
        "/admin/users/invite",
        data={"name": "Doublon", "email": "PRISE@example.org", "role": "buyer"},
    )
    assert page.status_code == 200
    assert "Un utilisateur avec cette adresse électronique existe déjà." in page.text
    assert 'value="Doublon"' in page.text  # what was typed is kept
    assert session.scalar(select(func.count(User.id)).where(User.name == "Doublon")) == 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"name": "", "email": "a@example.org", "role": "buyer"}, "Nom complet"),
        ({"name": "A", "email": "pas une adresse", "role": "buyer"}, "adresse électronique valide"),
        ({"name": "A", "email": "a@example.org", "role": "superuser"}, "Rôle"),
        ({"name": "x" * 201, "email": "a@example.org", "role": "buyer"}, "Nom complet"),
        ({"name": "Tab\x0bulation", "email": "a@example.org", "role": "buyer"}, "U+000B"),
    ],
)
def test_invalid_invitations_name_the_field(client, admin, session, data, message):
    page = client.post("/admin/users/invite", data=data)
    assert page.status_code == 200
    assert message in page.text
    assert 'aria-invalid="true"' in page.text
    assert session.scalar(select(func.count(User.id))) == 1


def test_inviting_again_gives_a_new_link_and_retires_the_old_one(app, client, admin, session):
    client.post(
        "/admin/users/invite",
        data={"name": "Lente", "email": "lente@example.org", "role": "buyer"},
    )
    first = mailed_link(app, "lente@example.org")
    invited = session.scalar(select(User).where(User.email == "lente@example.org"))
    response = client.post(f"/admin/users/{invited.id}/invite-again")
    assert response.status_code == 302
    second = mailed_link(app, "lente@example.org")
    assert len(mail_to(app, "lente@example.org")) == 2
    visitor = app.test_client()
    assert visitor.get(first).status_code == 404
    assert visitor.get(second).status_code == 200
    assert session.scalar(select(func.count(AccountToken.id))) == 1


def test_inviting_again_someone_already_active_is_refused(client, admin, session):
    user = colleague(session, admin)
    response = client.post(f"/admin/users/{user.id}/invite-again", follow_redirects=True)
    assert "Cette personne a déjà ouvert son compte." in response.text


def test_deactivating_and_reactivating_a_user(client, admin, session):
    user = colleague(session, admin, email="conge@example.org")
    response = client.post(f"/admin/users/{user.id}/deactivate", follow_redirects=True)
    assert f"{user.name} ne peut plus se connecter." in response.text
    assert "Réactiver" in response.text
    session.expire_all()
    assert session.get(User, user.id).active is False
    response = client.post(f"/admin/users/{user.id}/reactivate", follow_redirects=True)
    assert f"{user.name} peut de nouveau se connecter." in response.text
    session.expire_all()
    assert session.get(User, user.id).active is True
    actions = list(session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["user.deactivated", "user.reactivated"]


def test_an_admin_cannot_deactivate_themselves(client, admin, session):
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "Vous ne pouvez pas désactiver votre propre compte." in response.text
    session.expire_all()
    assert session.get(User, admin.id).active is True


def test_a_reset_link_for_a_deactivated_user_is_refused(client, admin, session):
    user = colleague(session, admin)
    client.post(f"/admin/users/{user.id}/deactivate")
    response = client.post(f"/admin/users/{user.id}/reset", follow_redirects=True)
    assert "Ce compte est désactivé" in response.text
    assert session.scalar(select(func.count(AccountToken.id))) == 0


def test_user_actions_on_another_organisations_users_are_not_found(client, admin, session):
    stranger = make_user(session, organisation=make_organisation(session))
    session.commit()
    for action in ("reset", "invite-again", "deactivate", "reactivate"):
        assert client.post(f"/admin/users/{stranger.id}/{action}").status_code == 404
    session.expire_all()
    assert session.get(User, stranger.id).active is True


# -- Mail ------------------------------------------------------------------------------


class RecordingSMTP:
    """Stands in for ``smtplib.SMTP``: remembers what procure asked of the server."""

    sent: list = []  # noqa: RUF012 - one list per test, reset by the fixture
    calls: list = []  # noqa: RUF012

    def __init__(self, host: str, port: int, timeout: float) -> None:
        self.calls.append(("connect", host, port))

    def __enter__(self):
        return self

    def __exit__(self, *_exc) -> None:
        self.calls.append(("quit",))

    def starttls(self) -> None:
        self.calls.append(("starttls",))

    def login(self, user: str, password: str) -> None:
        self.calls.append(("login", user, password))

    def send_message(self, message) -> None:
        self.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    RecordingSMTP.sent, RecordingSMTP.calls = [], []
    monkeypatch.setattr(smtplib, "SMTP", RecordingSMTP)
    app.config.update(
        MAIL_SMTP_HOST="smtp.example.org",
        MAIL_SMTP_USERNAME="procure",
        MAIL_SMTP_PASSWORD="mail password",
        MAIL_FROM="procure <procure@example.org>",
    )
    return RecordingSMTP


def test_with_an_smtp_server_set_the_link_is_sent_there_and_not_kept(app, client, admin, smtp):
    response = client.post(
        "/admin/users/invite",
        data={"name": "Par Courriel", "email": "courriel@example.org", "role": "buyer"},
    )
    assert response.status_code == 302
    assert smtp.calls == [
        ("connect", "smtp.example.org", 587),
        ("starttls",),
        ("login", "procure", "mail password"),
        ("quit",),
    ]
    (message,) = smtp.sent
    assert (message["To"], message["From"]) == (
        "courriel@example.org",
        "procure <procure@example.org>",
    )
    assert "/account/activate/" in message.get_content()
    assert mail_to(app, "courriel@example.org") == []  # nothing written to the outbox


def test_a_mail_that_cannot_be_sent_changes_nothing_and_says_so(
    app, client, admin, session, monkeypatch
):
    def refuse(*_args, **_kwargs):
        raise ConnectionRefusedError("connection refused")

    monkeypatch.setattr(smtplib, "SMTP", refuse)
    app.config["MAIL_SMTP_HOST"] = "smtp.example.org"
    response = client.post(
        "/admin/users/invite",
        data={"name": "Sans Courriel", "email": "perdu@example.org", "role": "buyer"},
        follow_redirects=True,
    )
    assert "Le message à perdu@example.org n’a pas pu être envoyé. Rien n’a été modifié" in (
        response.text
    )
    assert session.scalar(select(User).where(User.email == "perdu@example.org")) is None
    assert session.scalar(select(func.count(AccountToken.id))) == 0


def test_the_outbox_command_prints_the_mail_for_development(app, client, admin, runner):
    client.post(
        "/admin/users/invite",
        data={"name": "Locale", "email": "locale@example.org", "role": "buyer"},
    )
    link = mailed_link(app, "locale@example.org")
    printed = runner.invoke(args=["outbox", "--clear"])
    assert printed.exit_code == 0, printed.output
    assert "To: locale@example.org" in printed.output
    assert f"/account/activate/{link.rsplit('/', 1)[1]}" in printed.output
    assert "1 message(s) deleted." in printed.output
    assert "is empty" in runner.invoke(args=["outbox"]).output
    files = list(Path(app.config["MAIL_OUTBOX_PATH"]).glob("*.eml"))
    assert files == []


def test_outbox_files_are_readable_by_procure_only(app, client, admin):
    client.post(
        "/admin/users/invite",
        data={"name": "Privee", "email": "privee@example.org", "role": "buyer"},
    )
    (path,) = Path(app.config["MAIL_OUTBOX_PATH"]).glob("*.eml")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
