"""Buyers submit tenders for legal review; reviewers read the clauses, values and changed
texts, then approve or send back; downloads wait for a required approval."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import select

from procure.errors import ConflictError
from procure.models import AuditEvent, ReviewDecision, Tender
from procure.review import services
from procure.review.services import ReviewError
from procure.tenders.lifecycle import (
    legal_review_reasons,
    may_download,
    needs_legal_review,
    reopen_after_change,
)
from procure.vocabulary import ClauseStatus, Role, TenderStatus
from tests.factories import make_organisation, make_tender
from tests.integration.test_review_pages import lock_of, sign_in
from tests.integration.test_review_workflow import count, events, make_clause, person


def cleaning_tender(session, owner, *, custom_text=None) -> Tender:
    """A 1.2 M€ school-cleaning tender of ``owner``, saved up to the review step, with the
    insertion-hours clause (1 500 hours at 5 %), worded by the buyer if ``custom_text``."""
    return make_tender(
        session,
        owner=owner,
        title="Nettoyage des écoles 2027-2030",
        reference="2027-0001",
        subject="Nettoyage des locaux scolaires de la ville.",
        cpv_main="90919200-4",
        cpv_additional="",
        procedure="open",
        launch_date="2027-01-15",
        labour_share="60",
        catering=False,
        objectives=["insertion"],
        clauses=["insertion-hours"],
        values={"insertion-hours": {"insertion_hours": 1500, "insertion_rate": 5}},
        texts={"insertion-hours": custom_text} if custom_text else None,
        criteria={
            "price_weight": "60",
            "technical_weight": "40",
            "price_formula": "proportional",
            "subcriteria": [],
        },
    )


@pytest.fixture
def town(session):
    """Ville de Démoville: review required from 1 000 000 EUR, a buyer, two jurists."""
    organisation = make_organisation(session, "Ville de Démoville")
    organisation.review_threshold = Decimal(1_000_000)
    buyer = person(session, Role.BUYER, organisation=organisation, email="acheteuse@example.org")
    person(session, Role.LEGAL, organisation=organisation, email="juriste@example.org")
    version = make_clause(session, reference=True)
    custom = {
        "fr": version.content["text"]["fr"].replace(
            "au moins {{ insertion_hours }} heures", "au minimum {{ insertion_hours }} heures"
        ),
        "en": version.content["text"]["en"],
    }
    tender = cleaning_tender(session, buyer, custom_text=custom)
    session.commit()
    return tender


def priced(tender: Tender, value: str) -> dict:
    """The tender's answers with another estimated value in step 1."""
    return {**tender.answers, "purchase": {**tender.answers["purchase"], "estimated_value": value}}


def url(tender, action=""):
    return f"/review/tenders/{tender.id}{action}"


def test_review_is_required_from_the_organisation_threshold(session, town):
    assert needs_legal_review(town)
    assert not may_download(town)
    town.clauses[0].custom_text = None  # the library wording: only the value counts
    town.answers = priced(town, "999999.99")
    assert not needs_legal_review(town)
    assert may_download(town)
    town.organisation.review_threshold = None
    town.answers = priced(town, "1200000")
    assert not needs_legal_review(town)
    assert may_download(town)


def test_an_adapted_wording_requires_review_below_the_threshold_where_review_is_used(session, town):
    town.answers = priced(town, "5000")
    assert legal_review_reasons(town) == ["wording"]
    assert not may_download(town)
    town.clauses[0].custom_text = {"fr": None, "en": None}
    assert not needs_legal_review(town)
    town.clauses[0].custom_text = {"fr": None, "en": "The contractor hires."}
    town.organisation.review_threshold = None  # no value threshold: wording still reviewed
    assert legal_review_reasons(town) == ["wording"]
    assert not may_download(town)
    town.organisation.review_adapted_wording = False  # turned off by an administrator
    assert not needs_legal_review(town)
    assert may_download(town)


def test_the_reviewer_is_told_the_review_is_required_for_the_adapted_wording(client, session, town):
    town.answers = priced(town, "5000")
    session.commit()
    sign_in(client, "juriste@example.org")
    client.post("/language", data={"language": "en"})
    page = client.get(url(town)).text
    assert "because the buyer adapted the wording of a clause" in page


def test_buyer_submits_then_reviewer_approves_and_downloads_are_allowed(client, session, town):
    start = len(events(session))  # the events of saving the tender's steps
    sign_in(client, "acheteuse@example.org")
    response = client.post(url(town, "/submit"), data={"lock_version": town.lock_version})
    assert response.status_code == 302
    assert response.headers["Location"].endswith(f"/tenders/{town.id}/step/review")
    session.refresh(town)
    assert town.status == TenderStatus.IN_REVIEW
    assert not may_download(town)
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    queue = client.get("/review/").text
    assert "2027-0001" in queue
    page = client.get(url(town)).text
    assert "Nettoyage des écoles 2027-2030" in page
    assert "téléchargés une fois la consultation approuvée par les juristes" in page
    assert f"/tenders/{town.id}/documents/" not in page
    response = client.post(
        url(town, "/decide"), data={"decision": "approve", "lock_version": lock_of(page)}
    )
    assert response.status_code == 302
    session.refresh(town)
    assert town.status == TenderStatus.APPROVED
    assert may_download(town)
    page = client.get(url(town)).text
    assert "Un point bloquant de la liste de contrôle de conformité n’est pas résolu" in page, (
        "approved, but this tender has no environmental clause: the page says why there is "
        "still nothing to download"
    )
    assert client.get(f"/tenders/{town.id}/documents/all.docx").status_code == 409
    assert [e.action for e in events(session)[start:]] == [
        "tender.review_submitted",
        "tender.review_approved",
    ]
    assert events(session)[start].after["state"]["clauses"]["insertion-hours"]["version"] == 1


def test_reviewer_sees_clauses_values_and_the_text_the_buyer_changed(client, session, town):
    services.submit_tender(session, town, actor=town.owner, lock_version=town.lock_version)
    session.commit()
    sign_in(client, "juriste@example.org")
    page = client.get(url(town)).text
    assert "Clause d’insertion sociale en heures de travail" in page
    assert "Valeurs choisies par l’acheteur" in page
    assert '<strong>1\u202f500</strong> <span class="tag">modifiée</span>' in page
    assert "Texte modifié par l’acheteur" in page
    assert 'au <del><span class="visually-hidden">supprimé : </span>moins' in page
    assert 'au <ins><span class="visually-hidden">ajouté : </span>minimum' in page
    changed = page.split("Texte modifié par l’acheteur")[1].split("</table>")[0]
    assert (
        '<span class="diff-variable" data-variable="insertion_hours">'
        "[Nombre d&#39;heures d&#39;insertion]</span> heures"
    ) in changed
    assert "{{" not in changed
    assert "Exigée par votre organisation à partir de" in page


def test_reviewer_is_warned_about_an_unapproved_clause_version(client, session, town):
    town.clauses[0].clause_version.status = ClauseStatus.RETIRED
    services.submit_tender(session, town, actor=town.owner, lock_version=town.lock_version)
    session.commit()
    sign_in(client, "juriste@example.org")
    assert "Cette version de clause n’est pas (ou plus) approuvée" in client.get(url(town)).text


def test_sent_back_tender_shows_the_comment_to_the_buyer_and_what_changed_after(
    client, session, town
):
    jurist = session.scalar(select(type(town.owner)).where(type(town.owner).role == "legal"))
    services.submit_tender(session, town, actor=town.owner, lock_version=town.lock_version)
    services.request_tender_changes(
        session,
        town,
        actor=jurist,
        lock_version=town.lock_version,
        comment="Le nombre d’heures paraît élevé : justifiez-le.",
    )
    town.clauses[0].variable_values = {"insertion_hours": 1200, "insertion_rate": 5}
    session.commit()
    sign_in(client, "acheteuse@example.org")
    page = client.get(url(town)).text
    assert "Le nombre d’heures paraît élevé : justifiez-le." in page
    assert 'value="approve"' not in page
    reply = client.post(url(town, "/comments"), data={"body": "Ramené à 1 200 heures."})
    assert reply.status_code == 302
    assert client.post(url(town, "/submit")).status_code == 302
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    page = client.get(url(town)).text
    assert "Modifications depuis la dernière décision" in page
    assert "insertion_hours : 1500 → 1200" in page
    assert "Ramené à 1 200 heures." in page


def test_a_changed_value_is_shown_to_the_reviewer_as_an_amount(client, session, town):
    jurist = session.scalar(select(type(town.owner)).where(type(town.owner).role == "legal"))
    services.submit_tender(session, town, actor=town.owner, lock_version=town.lock_version)
    services.request_tender_changes(
        session, town, actor=jurist, lock_version=town.lock_version, comment="Revoyez le prix."
    )
    town.answers = priced(town, "1500000.5")
    session.commit()
    sign_in(client, "juriste@example.org")
    page = client.get(url(town)).text
    assert "Montant estimé : 1\u202f200\u202f000\u202f€ → 1\u202f500\u202f000,50\u202f€" in page


def test_an_administrator_who_is_not_a_legal_reviewer_cannot_decide(session, town):
    admin = person(session, Role.ADMIN, organisation=town.organisation)
    town.owner_id = admin.id
    services.submit_tender(session, town, actor=admin, lock_version=town.lock_version)
    for decide in (services.approve_tender, services.request_tender_changes):
        with pytest.raises(ReviewError) as raised:
            decide(session, town, actor=admin, lock_version=town.lock_version, comment="Non.")
        assert raised.value.code == "role"


@pytest.mark.parametrize(
    "status",
    [TenderStatus.IN_REVIEW, TenderStatus.APPROVED, TenderStatus.FINISHED],
)
def test_a_tender_cannot_be_submitted_twice_or_once_done(session, town, status):
    town.status = status.value
    session.flush()
    with pytest.raises(ReviewError) as raised:
        services.submit_tender(session, town, actor=town.owner, lock_version=None)
    assert raised.value.code == "status"


def test_legal_staff_send_a_tender_back(session, town):
    services.submit_tender(session, town, actor=town.owner, lock_version=None)
    reviewer = person(session, Role.LEGAL, organisation=town.organisation)
    services.request_tender_changes(
        session, town, actor=reviewer, lock_version=town.lock_version, comment="À revoir."
    )
    assert town.status == TenderStatus.CHANGES_REQUESTED
    with pytest.raises(ReviewError):
        services.approve_tender(session, town, actor=reviewer, lock_version=town.lock_version)


def test_buyers_and_other_organisations_cannot_decide(client, session, auth, town):
    services.submit_tender(session, town, actor=town.owner, lock_version=None)
    other_buyer = person(session, Role.BUYER, organisation=town.organisation)
    with pytest.raises(ReviewError) as raised:
        services.approve_tender(session, town, actor=other_buyer, lock_version=town.lock_version)
    assert raised.value.code == "role"
    stranger = person(session, Role.LEGAL)
    with pytest.raises(ReviewError) as raised:
        services.approve_tender(session, town, actor=stranger, lock_version=town.lock_version)
    assert raised.value.code == "organisation"
    session.commit()
    auth.login_as(Role.LEGAL)  # another organisation
    assert client.get(url(town)).status_code == 404
    assert client.post(url(town, "/decide"), data={"decision": "approve"}).status_code == 404
    auth.logout()
    auth.login_as(Role.BUYER)
    assert client.post(url(town, "/submit")).status_code == 404


def test_legal_staff_cannot_submit_a_tender_for_a_buyer(client, town):
    sign_in(client, "juriste@example.org")
    assert client.post(url(town, "/submit")).status_code == 403


def test_a_tender_changed_while_in_review_gives_the_reviewer_a_conflict(client, session, town):
    services.submit_tender(session, town, actor=town.owner, lock_version=None)
    session.commit()
    sign_in(client, "juriste@example.org")
    lock = lock_of(client.get(url(town)).text)
    town.title = "Nettoyage des écoles et crèches"  # the buyer saves a step meanwhile
    session.commit()
    page = client.post(url(town, "/decide"), data={"decision": "approve", "lock_version": lock})
    assert page.status_code == 409
    assert "Une autre personne a agi sur cet élément" in page.text
    session.refresh(town)
    assert town.status == TenderStatus.IN_REVIEW
    assert count(session, ReviewDecision) == 1  # the submission only


def test_submitting_needs_a_lock_that_is_current(session, town):
    stale = town.lock_version
    town.title = "Autre titre"
    session.flush()
    with pytest.raises(ConflictError):
        services.submit_tender(session, town, actor=town.owner, lock_version=stale)


def test_finished_after_approval_may_still_download(session, town):
    jurist = person(session, Role.LEGAL, organisation=town.organisation)
    services.submit_tender(session, town, actor=town.owner, lock_version=None)
    services.approve_tender(session, town, actor=jurist, lock_version=town.lock_version)
    town.status = TenderStatus.FINISHED.value
    session.flush()
    assert may_download(town)
    assert session.scalar(select(AuditEvent.action).order_by(AuditEvent.id.desc()).limit(1)) == (
        "tender.review_approved"
    )


def test_a_change_after_approval_sends_the_tender_back_to_draft(session, town):
    jurist = person(session, Role.LEGAL, organisation=town.organisation)
    services.submit_tender(session, town, actor=town.owner, lock_version=None)
    services.approve_tender(session, town, actor=jurist, lock_version=town.lock_version)
    assert may_download(town)
    assert reopen_after_change(town)
    assert town.status == TenderStatus.DRAFT
    assert not may_download(town)
    assert not reopen_after_change(town)
