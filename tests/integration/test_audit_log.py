"""The audit trail: each review action leaves exactly its event, a failed one leaves none;
administrators list and export the events; nobody edits or deletes them."""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import re
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event as sa_event
from sqlalchemy import select

from procure.audit import record_event
from procure.errors import ConflictError, ImmutableRecordError
from procure.models import AuditEvent, User
from procure.review import services
from procure.review.clause_sets import ClauseSetDraft, save_clause_set
from procure.vocabulary import ClauseStatus, Role
from tests.factories import make_organisation
from tests.integration.test_review_pages import lock_of, sign_in
from tests.integration.test_review_tenders import cleaning_tender
from tests.integration.test_review_workflow import (
    clause_content,
    events,
    make_clause,
    next_version,
    person,
)
from tests.pages import field_error

CLAUSE_PAGE = "/review/clauses/insertion-hours/versions/2"
SET_PAGE = "/review/clause-sets/ensemble/versions/1"


@pytest.fixture
def world(session):
    """A town with a buyer, two jurists and an administrator; insertion-hours v1 approved and
    v2 drafted by the first jurist; a clause set drafted by her; a tender of the buyer."""
    town = make_organisation(session, "Ville de Démoville")
    author = person(session, Role.LEGAL, organisation=town, email="autrice@example.org")
    person(session, Role.LEGAL, organisation=town, email="juriste@example.org")
    person(session, Role.ADMIN, organisation=town, email="admin@example.org")
    buyer = person(session, Role.BUYER, organisation=town, email="acheteuse@example.org")
    first = make_clause(session, organisation=town)
    content = clause_content()
    content["guidance"]["fr"] += " Voir le guide."
    next_version(session, first, content, author_id=author.id)
    save_clause_set(
        session,
        ClauseSetDraft(
            slug="ensemble", title_fr="Ensemble", title_en="Set", clause_slugs=("insertion-hours",)
        ),
        author=author,
        base_version=None,
    )
    tender = cleaning_tender(session, buyer)
    session.commit()
    return {"tender": tender, "town": town}


def new_events(session, before: int) -> list[str]:
    session.expire_all()
    return [e.action for e in events(session)[before:]]


def decide(client, page: str, decision: str, comment: str = ""):
    shown = client.get(page)
    lock = lock_of(shown.text) if shown.status_code == 200 else "1"
    return client.post(
        f"{page}/decide", data={"decision": decision, "lock_version": lock, "comment": comment}
    )


# -- each action leaves exactly its event ----------------------------------------------------------


def test_each_clause_review_action_leaves_exactly_its_event(client, session, world):
    start = len(events(session))
    sign_in(client, "autrice@example.org")
    assert decide(client, CLAUSE_PAGE, "submit").status_code == 302
    assert new_events(session, start) == ["clause.submitted"]
    client.post(f"{CLAUSE_PAGE}/comments", data={"body": "Prête pour relecture."})
    assert new_events(session, start + 1) == ["review.commented"]
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    assert decide(client, CLAUSE_PAGE, "approve", "Conforme").status_code == 302
    assert new_events(session, start + 2) == ["clause.approved"]
    assert decide(client, CLAUSE_PAGE, "retire", "Remplacée").status_code == 302
    assert new_events(session, start + 3) == ["clause.retired"]
    retired = events(session)[-1]
    assert retired.subject_type == "clause_version"
    assert retired.subject_id == "insertion-hours@2"
    assert retired.before == {"status": "approved"}
    assert retired.after["status"] == "retired"
    assert retired.after["comment"] == "Remplacée"
    assert session.get(User, retired.actor_id).email == "juriste@example.org"
    assert retired.organisation_id == world["town"].id


def test_sending_back_and_set_and_tender_actions_leave_exactly_their_event(client, session, world):
    start = len(events(session))
    sign_in(client, "autrice@example.org")
    decide(client, CLAUSE_PAGE, "submit")
    decide(client, SET_PAGE, "submit")
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    decide(client, CLAUSE_PAGE, "request_changes", "Préciser.")
    decide(client, SET_PAGE, "approve")
    client.post("/sign-out")
    sign_in(client, "acheteuse@example.org")
    tender_page = f"/review/tenders/{world['tender'].id}"
    client.post(f"{tender_page}/submit")
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    decide(client, tender_page, "request_changes", "Justifier les heures.")
    assert new_events(session, start) == [
        "clause.submitted",
        "clause_set.submitted",
        "clause.changes_requested",
        "clause_set.approved",
        "tender.review_submitted",
        "tender.review_changes_requested",
    ]


# -- a failed action leaves none -------------------------------------------------------------------


def test_failed_actions_leave_no_event(client, session, world):
    sign_in(client, "autrice@example.org")
    decide(client, CLAUSE_PAGE, "submit")
    start = len(events(session))
    # four-eyes
    own = decide(client, CLAUSE_PAGE, "approve")
    assert own.status_code == 422
    assert "Vous êtes l’auteur de cet élément" in own.text
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    # no comment when sending back
    uncommented = decide(client, CLAUSE_PAGE, "request_changes", "  ")
    assert uncommented.status_code == 200
    assert field_error(uncommented.text, "comment").startswith(
        "Un commentaire est obligatoire pour demander des modifications"
    )
    # a decision the status does not allow
    retired = decide(client, CLAUSE_PAGE, "retire")
    assert retired.status_code == 422
    assert "Cette décision n’est pas possible tant que l’élément est « En relecture »" in (
        retired.text
    )
    # a stale page
    response = client.post(
        f"{CLAUSE_PAGE}/decide", data={"decision": "approve", "lock_version": "1"}
    )
    assert response.status_code == 409
    assert "Une autre personne a agi sur cet élément" in response.text
    # an empty comment
    empty = client.post(f"{CLAUSE_PAGE}/comments", data={"body": ""})
    assert empty.status_code == 200
    assert field_error(empty.text, "body") == "Ce champ est requis."
    # an invalid clause set
    invalid = client.post("/review/clause-sets/new", data={"slug": "x"})
    assert invalid.status_code == 200
    assert field_error(invalid.text, "title_fr") == "Ce champ est requis."
    assert field_error(invalid.text, "clauses") == "Choisissez au moins une clause."
    client.post("/sign-out")
    sign_in(client, "acheteuse@example.org")
    # a buyer deciding, and a tender sent twice
    assert decide(client, CLAUSE_PAGE, "approve").status_code == 403
    tender_page = f"/review/tenders/{world['tender'].id}"
    client.post(f"{tender_page}/submit")
    start_tender = len(events(session))
    client.post(f"{tender_page}/submit")
    assert new_events(session, start_tender) == []
    assert new_events(session, start) == ["tender.review_submitted"]
    assert (
        session.scalar(select(AuditEvent.subject_id).where(AuditEvent.action == "clause.submitted"))
        == "insertion-hours@2"
    )


def test_a_service_that_raises_writes_nothing(session, world):
    version = world["tender"].clauses[0].clause_version
    start = len(events(session))
    jurist = session.scalar(select(User).where(User.email == "juriste@example.org"))
    with pytest.raises(ConflictError):
        services.retire_version(
            session, version, actor=jurist, lock_version=version.lock_version + 1
        )
    session.rollback()
    with pytest.raises(services.ReviewError):
        services.request_changes(
            session, version, actor=jurist, lock_version=version.lock_version, comment="Non."
        )
    session.rollback()
    assert len(events(session)) == start
    assert version.status == ClauseStatus.APPROVED


# -- nothing can be changed ------------------------------------------------------------------------


def test_the_application_cannot_edit_or_delete_an_event(session, world):
    event = events(session)[0]
    event.action = "tampered"
    with pytest.raises(ImmutableRecordError):
        session.flush()
    session.rollback()
    session.delete(events(session)[0])
    with pytest.raises(ImmutableRecordError):
        session.flush()
    session.rollback()


def test_the_audit_pages_offer_no_way_to_change_events(client, world):
    sign_in(client, "admin@example.org")
    assert client.post("/admin/audit/").status_code == 405
    assert client.delete("/admin/audit/").status_code == 405
    assert client.post("/admin/audit/export.csv").status_code == 405


# -- the admin page and the CSV export -------------------------------------------------------------


@pytest.fixture
def dated(session, world):
    """Three events on known days, plus one of another organisation."""
    admin = session.scalar(select(User).where(User.email == "admin@example.org"))
    jurist = session.scalar(select(User).where(User.email == "juriste@example.org"))
    stranger = person(session, Role.LEGAL, email="ailleurs@example.org")
    paris = ZoneInfo("Europe/Paris")
    for actor, action, day, subject in (
        (jurist, "clause.approved", dt.datetime(2026, 3, 2, 10, tzinfo=paris), "a@1"),
        (jurist, "clause.retired", dt.datetime(2026, 3, 5, 0, 30, tzinfo=paris), "a@1"),
        (admin, "tender.review_approved", dt.datetime(2026, 3, 9, 23, 30, tzinfo=paris), "=1+2"),
        (stranger, "clause.approved", dt.datetime(2026, 3, 3, 12, tzinfo=paris), "secret@1"),
    ):
        session.add(
            AuditEvent(
                created_at=day.astimezone(dt.UTC),  # the application writes UTC times
                actor_id=actor.id,
                organisation_id=actor.organisation_id,
                action=action,
                subject_type=action.split(".")[0].replace("clause", "clause_version"),
                subject_id=subject,
                before={"status": "in_review"},
                after={"status": "approuvée", "comment": "Très bien"},
            )
        )
    session.commit()
    return jurist


def test_only_administrators_open_the_audit_log(client, auth, world):
    for role in (Role.BUYER, Role.LEGAL):
        auth.login_as(role)
        assert client.get("/admin/audit/").status_code == 403
        assert client.get("/admin/audit/export.csv").status_code == 403
        auth.logout()
    sign_in(client, "admin@example.org")
    page = client.get("/admin/audit/")
    assert page.status_code == 200
    assert "Journal d’audit" in page.text


def test_the_log_lists_events_with_filters(client, dated):
    sign_in(client, "admin@example.org")
    page = client.get("/admin/audit/").text
    assert "clause.retired" in page
    assert "secret@1" not in page  # another organisation's event
    assert "&#34;approuvée&#34;" in page or "&quot;approuvée&quot;" in page or "approuvée" in page
    only = client.get("/admin/audit/?action=clause.retired").text
    assert "1 événement" in only
    assert "clause.approved</code>" not in only
    by_actor = client.get(f"/admin/audit/?actor={dated.id}&subject_type=clause_version").text
    assert "2 événements" in by_actor
    # dates are the organisation's days: 5 March 00:30 in Paris is 4 March in UTC
    days = client.get("/admin/audit/?date_from=2026-03-05&date_to=2026-03-09").text
    assert "2 événements" in days
    assert "clause.retired</code>" in days
    assert "tender.review_approved</code>" in days
    wrong = client.get("/admin/audit/?date_from=2026-03-09&date_to=2026-03-01").text
    assert "La date de fin est antérieure à la date de début." in wrong


def test_the_log_is_paged(client, session, world):
    admin = session.scalar(select(User).where(User.email == "admin@example.org"))
    for number in range(60):
        session.add(
            AuditEvent(
                actor_id=admin.id,
                organisation_id=admin.organisation_id,
                action="review.commented",
                subject_type="tender",
                subject_id=str(number),
            )
        )
    session.commit()
    sign_in(client, "admin@example.org")
    first = client.get("/admin/audit/?action=review.commented").text
    assert "Page 1 sur 2" in first
    assert "/admin/audit/?page=2&amp;action=review.commented" in first
    second = client.get("/admin/audit/?action=review.commented&page=2").text
    assert "Page 2 sur 2" in second


def test_csv_export_uses_the_same_filters(client, dated):
    sign_in(client, "admin@example.org")
    response = client.get("/admin/audit/export.csv?date_from=2026-03-05&date_to=2026-03-09")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.removeprefix("\ufeff"))))
    assert [row["action"] for row in rows] == ["clause.retired", "tender.review_approved"]
    assert rows[0]["created_at"] == "2026-03-04T23:30:00Z"
    assert rows[0]["actor_email"] == "juriste@example.org"
    assert rows[0]["after"] == '{"comment": "Très bien", "status": "approuvée"}'
    assert rows[1]["subject_id"] == "'=1+2"  # no spreadsheet formula runs from the log


def test_csv_export_leaves_out_other_organisations(client, dated):
    sign_in(client, "admin@example.org")
    text = client.get("/admin/audit/export.csv").get_data(as_text=True)
    assert "secret@1" not in text
    assert "ailleurs@example.org" not in text


def test_hostile_filters_are_harmless(client, dated):
    sign_in(client, "admin@example.org")
    not_a_date, not_a_choice = "N'est pas une date valide.", "N'est pas un choix valide."
    for query, errors in (
        ("date_from=abc&date_to=2026-13-45", {"date_from": not_a_date, "date_to": not_a_date}),
        (
            "actor=zzz&action=%00&subject_type=x",
            {"actor": not_a_choice, "action": not_a_choice, "subject_type": not_a_choice},
        ),
        ("page=-5", {}),
        ("page=abc", {}),
        ("page=" + "9" * 30, {}),
    ):
        page = client.get(f"/admin/audit/?{query}")
        assert page.status_code == 200, query
        assert "Journal d’audit" in page.text
        assert "clause.retired</code>" in page.text, query  # the log is still listed
        assert "secret@1" not in page.text
        for field, error in errors.items():
            assert field_error(page.text, field) == error, (query, field)
        export = client.get(f"/admin/audit/export.csv?{query}")
        assert export.status_code == 200, query
        text = export.get_data(as_text=True).removeprefix("\ufeff")
        actions = [row["action"] for row in csv.DictReader(io.StringIO(text))]
        assert "clause.retired" in actions, query
        assert "secret@1" not in text


# -- readable events ----------------------------------------------------------------------------


def audit_rows(page: str) -> list[str]:
    """Each row's event as a reader sees it (the title attribute holds the codes)."""
    return [
        html.unescape(row).replace("\u202f", " ")
        for row in re.findall(r'<th scope="row"><span title="[^"]*">([^<]*)</span>', page)
    ]


def test_the_log_names_each_event_and_its_subject(client, session, world):
    admin = session.scalar(select(User).where(User.email == "admin@example.org"))
    tender = world["tender"]
    record_event(
        session,
        actor=admin,
        action="tender.variables_saved",
        subject_type="tender",
        subject_id=tender.id,
    )
    record_event(
        session,
        actor=admin,
        action="clause.retired",
        subject_type="clause_version",
        subject_id="insertion-hours@2",
    )
    record_event(
        session,
        actor=admin,
        action="user.password_changed",
        subject_type="user",
        subject_id=admin.id,
    )
    session.commit()
    sign_in(client, "admin@example.org")

    page = client.get("/admin/audit/").text
    rows = audit_rows(page)

    assert (
        f"Valeurs des clauses enregistrées — consultation {tender.reference} « {tender.title} »"
        in rows
    )
    assert "Mot de passe modifié — utilisateur admin@example.org" in rows
    assert any(row.startswith("Clause retirée — clause insertion-hours v2 « ") for row in rows), (
        rows
    )
    assert "<code>tender.variables_saved</code>" in page  # the code stays for administrators
    assert f'title="tender.variables_saved · tender {tender.id}"' in page
    client.post("/language", data={"language": "en", "next": "/"})
    english = audit_rows(client.get("/admin/audit/").text)
    assert f"Clause values saved — tender {tender.reference} “{tender.title}”" in english
    filters = client.get("/admin/audit/").text
    assert '<option value="tender.variables_saved">Clause values saved</option>' in filters


def test_the_log_names_its_subjects_in_a_few_queries(client, session, world):
    admin = session.scalar(select(User).where(User.email == "admin@example.org"))
    sign_in(client, "admin@example.org")
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_args):
        statements.append(statement)

    engine = session.get_bind()
    sa_event.listen(engine, "before_cursor_execute", count)
    try:
        client.get("/admin/audit/")
        few = len(statements)
        for _ in range(20):
            record_event(
                session,
                actor=admin,
                action="tender.step_saved",
                subject_type="tender",
                subject_id=world["tender"].id,
            )
            record_event(
                session,
                actor=admin,
                action="user.invited",
                subject_type="user",
                subject_id=admin.id,
            )
        session.commit()
        statements.clear()
        client.get("/admin/audit/")
    finally:
        sa_event.remove(engine, "before_cursor_execute", count)
    assert len(statements) <= few + 2, statements
