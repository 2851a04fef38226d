"""Notifications by e-mail, read from a real SMTP server: legal reviewers hear of what waits
for them, buyers and authors of the decision; each user may turn them off; a mail that
cannot be sent never undoes the change."""

from __future__ import annotations

import logging
import re
from decimal import Decimal

import pytest
from flask import jsonify
from sqlalchemy import select

from procure.auth.access import public
from procure.db import after_commit, get_session
from procure.models import AuditEvent, Organisation, User
from procure.review import services
from procure.review.clause_sets import ClauseSetDraft, save_clause_set
from procure.vocabulary import ClauseStatus, Role, TenderStatus
from tests.factories import make_organisation
from tests.integration.test_review_pages import lock_of, sign_in
from tests.integration.test_review_tenders import cleaning_tender
from tests.integration.test_review_workflow import make_clause, person
from tests.outbox import mail_to
from tests.smtp import body_of

SUBMITTED = "[procure] Consultation 2027-0001 « Nettoyage des écoles 2027-2030 » à relire"
LINK = re.compile(r"http://localhost(/\S+)")


def named(session, role, name, email, organisation, **settings) -> User:
    user = person(session, role, organisation=organisation, email=email)
    user.name = name
    for setting, value in settings.items():
        setattr(user, setting, value)
    return user


@pytest.fixture
def town(session):
    """Ville de Démoville (review from 1 000 000 EUR): the buyer Alice, the jurists Jeanne
    and Paul (who turned mails off), the deactivated jurist Marc, and a cleaning tender of
    Alice's ready for review. Another town has its own jurist."""
    organisation = make_organisation(session, "Ville de Démoville")
    organisation.review_threshold = Decimal(1_000_000)
    alice = named(session, Role.BUYER, "Alice Martin", "acheteuse@example.org", organisation)
    named(session, Role.LEGAL, "Jeanne Durand", "juriste@example.org", organisation)
    named(
        session,
        Role.LEGAL,
        "Paul Petit",
        "sans-mail@example.org",
        organisation,
        notify_by_email=False,
    )
    named(session, Role.LEGAL, "Marc Roux", "parti@example.org", organisation, active=False)
    named(session, Role.ADMIN, "Admin Istrateur", "admin@example.org", organisation)
    named(
        session,
        Role.LEGAL,
        "Zoé Autre",
        "ailleurs@example.org",
        make_organisation(session, "Ville voisine"),
    )
    make_clause(session, reference=True)
    tender = cleaning_tender(session, alice)
    session.commit()
    return tender


def submitted(session, tender) -> None:
    services.submit_tender(session, tender, actor=tender.owner, lock_version=tender.lock_version)
    session.commit()


def link_in(message) -> str:
    links = LINK.findall(body_of(message))
    assert links, body_of(message)
    return links[0]


def decide(client, tender, decision: str, comment: str = ""):
    page = client.get(f"/review/tenders/{tender.id}").text
    return client.post(
        f"/review/tenders/{tender.id}/decide",
        data={"decision": decision, "lock_version": lock_of(page), "comment": comment},
    )


def test_a_submitted_tender_is_mailed_to_the_legal_reviewers_of_its_organisation(
    client, session, town, smtp
):
    sign_in(client, "acheteuse@example.org")
    response = client.post(
        f"/review/tenders/{town.id}/submit", data={"lock_version": town.lock_version}
    )
    assert response.status_code == 302
    assert [message["To"] for message in smtp.messages] == ["juriste@example.org"], (
        "not the buyer, the jurist who turned mails off, the deactivated one, nor another "
        "organisation's"
    )
    message = smtp.messages[0]
    assert message["Subject"] == SUBMITTED
    assert message["From"] == "procure <no-reply@localhost>"
    body = body_of(message)
    assert body.startswith("Bonjour Jeanne Durand,")
    assert "Alice Martin demande une relecture juridique." in body
    assert f"http://localhost/review/tenders/{town.id}\n" in body
    assert "http://localhost/account\n" in body
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    page = client.get(link_in(message)).text
    assert "Nettoyage des écoles 2027-2030" in page


def test_an_approved_tender_is_mailed_to_its_buyer_in_her_language(client, session, town, smtp):
    town.owner.language = "en"
    submitted(session, town)
    sign_in(client, "juriste@example.org")
    assert decide(client, town, "approve").status_code == 302
    [message] = smtp.to("acheteuse@example.org")
    assert message["Subject"] == (
        "[procure] Tender 2027-0001 “Nettoyage des écoles 2027-2030” approved"
    )
    body = body_of(message)
    assert body.startswith("Hello Alice Martin,")
    assert "Jeanne Durand gave the legal approval." in body
    assert link_in(message) == f"/review/tenders/{town.id}"
    assert len(smtp.messages) == 1, "the jurist who approved is not told of her own decision"


def test_a_tender_sent_back_is_mailed_to_its_buyer_with_the_comment(client, session, town, smtp):
    submitted(session, town)
    sign_in(client, "juriste@example.org")
    comment = "Le nombre d’heures paraît élevé : justifiez-le."
    response = decide(client, town, "request_changes", comment)
    assert response.status_code == 302
    [message] = smtp.to("acheteuse@example.org")
    assert message["Subject"] == (
        "[procure] Consultation 2027-0001 « Nettoyage des écoles 2027-2030 » renvoyée : "
        "modifications demandées"
    )
    body = body_of(message)
    assert "Jeanne Durand demande des modifications." in body
    assert f"Commentaire de Jeanne Durand :\n\n{comment}\n" in body
    assert link_in(message) == f"/review/tenders/{town.id}"


def test_a_buyer_who_turned_notifications_off_gets_no_mail(client, session, town, smtp):
    submitted(session, town)
    sign_in(client, "acheteuse@example.org")
    page = client.get("/account").text
    assert "Recevoir les notifications par e-mail" in page
    assert re.search(r'<input[^>]*checked[^>]*name="notify_by_email"', page)
    response = client.post("/account", data={}, follow_redirects=True)
    assert "Vous ne recevrez plus de notifications par e-mail." in response.text
    assert not re.search(r'<input[^>]*checked[^>]*name="notify_by_email"', response.text)
    session.refresh(town.owner)
    assert town.owner.notify_by_email is False
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    assert decide(client, town, "approve").status_code == 302
    session.refresh(town)
    assert town.status == TenderStatus.APPROVED
    assert smtp.messages == []


def test_notifications_can_be_turned_on_again(client, session, town, smtp):
    town.owner.notify_by_email = False
    submitted(session, town)
    sign_in(client, "acheteuse@example.org")
    response = client.post("/account", data={"notify_by_email": "y"}, follow_redirects=True)
    assert "Vous recevrez les notifications par e-mail." in response.text
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    decide(client, town, "approve")
    assert [message["To"] for message in smtp.messages] == ["acheteuse@example.org"]


def test_a_mail_the_server_refuses_does_not_undo_the_decision(client, session, town, smtp, caplog):
    submitted(session, town)
    smtp.refuse = True
    sign_in(client, "juriste@example.org")
    with caplog.at_level(logging.ERROR, logger="procure.review.notifications"):
        response = decide(client, town, "approve")
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).text
    assert "Approuvé." in page
    assert "pas pu" not in page  # nothing alarming: the mail is the server's business
    session.refresh(town)
    assert town.status == TenderStatus.APPROVED
    assert (
        session.scalar(select(AuditEvent).where(AuditEvent.action == "tender.review_approved"))
        is not None
    )
    assert smtp.messages == []
    [record] = caplog.records
    assert record.getMessage().startswith(f"Review notification to user {town.owner_id} not sent")


def test_an_unreachable_mail_server_does_not_stop_a_submission(client, session, town, smtp):
    smtp.stop()  # nobody listens on the port any more
    sign_in(client, "acheteuse@example.org")
    response = client.post(
        f"/review/tenders/{town.id}/submit",
        data={"lock_version": town.lock_version},
        follow_redirects=True,
    )
    assert "Votre consultation a été envoyée en relecture juridique" in response.text
    session.refresh(town)
    assert town.status == TenderStatus.IN_REVIEW


def test_a_decision_that_is_not_saved_mails_nobody(client, session, town, smtp):
    submitted(session, town)
    sign_in(client, "juriste@example.org")
    response = client.post(
        f"/review/tenders/{town.id}/decide",
        data={"decision": "approve", "lock_version": town.lock_version - 1},
    )
    assert response.status_code == 409
    session.refresh(town)
    assert town.status == TenderStatus.IN_REVIEW
    assert smtp.messages == []


def test_a_clause_version_waits_for_the_other_jurists_then_its_author_hears_the_decision(
    client, session, smtp
):
    organisation = make_organisation(session, "Mairie")
    author = named(session, Role.LEGAL, "Jeanne Durand", "auteure@example.org", organisation)
    named(session, Role.LEGAL, "Paul Petit", "relecteur@example.org", organisation)
    draft = make_clause(
        session, organisation=organisation, status=ClauseStatus.DRAFT, author_id=author.id
    )
    session.commit()
    page_url = f"/review/clauses/{draft.clause.slug}/versions/{draft.number}"
    sign_in(client, "auteure@example.org")
    page = client.get(page_url).text
    response = client.post(
        f"{page_url}/decide", data={"decision": "submit", "lock_version": lock_of(page)}
    )
    assert response.status_code == 302, response.text
    [message] = smtp.messages
    assert message["To"] == "relecteur@example.org"
    title = draft.title_fr
    assert message["Subject"] == f"[procure] Clause « {title} » (version 1) à relire"
    assert link_in(message) == page_url
    client.post("/sign-out")
    sign_in(client, "relecteur@example.org")
    page = client.get(page_url).text
    client.post(
        f"{page_url}/decide",
        data={
            "decision": "request_changes",
            "lock_version": lock_of(page),
            "comment": "Trop long.",
        },
    )
    message = smtp.messages[-1]
    assert message["To"] == "auteure@example.org"
    assert message["Subject"] == (
        f"[procure] Clause « {title} » (version 1) renvoyée : modifications demandées"
    )
    assert "Trop long." in body_of(message)
    session.refresh(draft)
    assert draft.status == ClauseStatus.CHANGES_REQUESTED


def test_a_password_link_is_mailed_even_to_a_user_who_turned_notifications_off(
    client, session, town, smtp
):
    quiet = session.scalar(select(User).where(User.email == "sans-mail@example.org"))
    sign_in(client, "admin@example.org")
    client.post(f"/admin/users/{quiet.id}/reset")
    [message] = smtp.messages
    assert message["To"] == "sans-mail@example.org"
    assert "/account/activate/" in body_of(message)


def test_the_language_chosen_while_signed_in_is_kept_for_mails_and_the_next_sign_in(
    client, session, town
):
    sign_in(client, "acheteuse@example.org")
    client.post("/language", data={"language": "en"})
    session.refresh(town.owner)
    assert town.owner.language == "en"
    client.post("/sign-out")
    client.post("/language", data={"language": "fr"})  # a signed-out visitor: not stored
    session.refresh(town.owner)
    assert town.owner.language == "en"
    sign_in(client, "acheteuse@example.org")
    assert "My account" in client.get("/account").text


def test_work_after_the_commit_runs_only_once_the_change_is_committed(app, client, session):
    """``after_commit`` callbacks see the committed rows; on an error answer they never run."""
    seen: list[object] = []

    @app.post("/test-after-commit/<int:status>")
    @public
    def change_then_answer(status: int):
        organisation = make_organisation(get_session(), f"Commune {status}")
        get_session().flush()
        after_commit(lambda: seen.append(session.get(Organisation, organisation.id)))
        return jsonify(status=status), status

    client.post("/test-after-commit/422")
    assert seen == []
    client.post("/test-after-commit/200")
    [organisation] = seen
    assert organisation is not None, "the callback saw the committed row"
    assert organisation.name == "Commune 200"


def test_a_clause_set_waits_for_the_other_jurists_then_is_approved(client, session, smtp):
    organisation = make_organisation(session, "Mairie")
    make_clause(session, organisation=organisation)
    author = named(session, Role.LEGAL, "Jeanne Durand", "auteure@example.org", organisation)
    author.language = "en"
    named(session, Role.LEGAL, "Paul Petit", "relecteur@example.org", organisation)
    draft = ClauseSetDraft(
        slug="insertion",
        title_fr="Ensemble insertion",
        title_en="Insertion set",
        clause_slugs=("insertion-hours",),
    )
    version = save_clause_set(session, draft, author=author, base_version=None)
    session.commit()
    page_url = "/review/clause-sets/insertion/versions/1"
    sign_in(client, "auteure@example.org")
    page = client.get(page_url).text
    client.post(f"{page_url}/decide", data={"decision": "submit", "lock_version": lock_of(page)})
    [message] = smtp.messages
    assert message["To"] == "relecteur@example.org"
    assert message["Subject"] == (
        "[procure] Jeu de clauses « Ensemble insertion » (version 1) à relire"
    )
    assert link_in(message) == page_url
    client.post("/sign-out")
    sign_in(client, "relecteur@example.org")
    page = client.get(page_url).text
    client.post(f"{page_url}/decide", data={"decision": "approve", "lock_version": lock_of(page)})
    message = smtp.messages[-1]
    assert message["To"] == "auteure@example.org"
    assert message["Subject"] == "[procure] Clause set “Insertion set” (version 1) approved"
    session.refresh(version)
    assert version.status == ClauseStatus.APPROVED


def test_without_a_mail_server_notifications_wait_in_the_outbox(app, client, session, town):
    """A local run without MAIL_SMTP_HOST: ``flask outbox`` shows what would be sent."""
    sign_in(client, "acheteuse@example.org")
    client.post(f"/review/tenders/{town.id}/submit", data={"lock_version": town.lock_version})
    [message] = mail_to(app, "juriste@example.org")
    assert message["Subject"] == SUBMITTED
    assert f"http://localhost/review/tenders/{town.id}" in message.get_content()
