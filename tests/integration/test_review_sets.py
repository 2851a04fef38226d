"""Clause sets: assembled, versioned, reviewed and approved as a unit by legal staff."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from procure.errors import ConflictError
from procure.models import AuditEvent, ClauseSetVersion
from procure.review import services
from procure.review.clause_sets import (
    ClauseSetDraft,
    ClauseSetValidationError,
    approved_sets,
    save_clause_set,
)
from procure.review.services import ReviewError
from procure.vocabulary import ClauseStatus, Role
from tests.integration.test_review_pages import sign_in
from tests.integration.test_review_workflow import count, events, make_clause, person

CATERING = ClauseSetDraft(
    slug="restauration-scolaire",
    title_fr="Ensemble type pour la restauration scolaire",
    title_en="Standard set for school catering",
    description_fr="Les clauses EGalim et le menu végétarien.",
    clause_slugs=("vegetarian-menu", "insertion-hours"),
)


@pytest.fixture
def library(session):
    make_clause(session)
    make_clause(session, "vegetarian-menu", folder="sustainable-food")
    author = person(session, Role.LEGAL, email="autrice@example.org")
    person(session, Role.LEGAL, organisation=author.organisation, email="juriste@example.org")
    session.commit()
    return author


def approve(session, version, author):
    reviewer = person(session, Role.LEGAL, organisation=author.organisation)
    services.submit_version(session, version, actor=author, lock_version=version.lock_version)
    services.approve_version(session, version, actor=reviewer, lock_version=version.lock_version)
    session.commit()


def test_saving_a_set_pins_each_clause_to_its_approved_version(session, library):
    version = save_clause_set(session, CATERING, author=library, base_version=None)
    session.commit()
    assert (version.number, version.status, version.author_id) == (1, "draft", library.id)
    assert [item.clause_version.clause.slug for item in version.items] == [
        "vegetarian-menu",
        "insertion-hours",
    ]
    [event] = events(session)
    assert (event.action, event.subject_id) == ("clause_set.draft_saved", "restauration-scolaire@1")
    assert event.after["clauses"] == ["vegetarian-menu@1", "insertion-hours@1"]


def test_bad_sets_say_which_field_is_wrong_and_write_nothing(session, library):
    draft = ClauseSetDraft(
        slug="Restauration Scolaire", title_fr="", title_en="x", clause_slugs=("no-such-clause",)
    )
    with pytest.raises(ClauseSetValidationError) as raised:
        save_clause_set(session, draft, author=library, base_version=None)
    assert {(p.field, p.code) for p in raised.value.problems} == {
        ("slug", "slug_format"),
        ("title_fr", "required"),
        ("clauses", "not_approved"),
    }
    session.rollback()
    assert count(session, ClauseSetVersion) == 0
    assert events(session) == []


def test_editing_makes_a_new_version_and_a_stale_edit_conflicts(session, library):
    save_clause_set(session, CATERING, author=library, base_version=None)
    fewer = ClauseSetDraft(**{**CATERING.__dict__, "clause_slugs": ("vegetarian-menu",)})
    second = save_clause_set(session, fewer, author=library, base_version=1)
    assert second.number == 2
    with pytest.raises(ConflictError):
        save_clause_set(session, CATERING, author=library, base_version=1)
    with pytest.raises(ClauseSetValidationError):
        save_clause_set(session, fewer, author=library, base_version=2)  # nothing changed


def test_set_review_follows_the_four_eyes_rule(session, library):
    version = save_clause_set(session, CATERING, author=library, base_version=None)
    services.submit_version(session, version, actor=library, lock_version=1)
    with pytest.raises(ReviewError) as raised:
        services.approve_version(session, version, actor=library, lock_version=version.lock_version)
    assert raised.value.code == "four_eyes"
    admin = person(session, Role.ADMIN, organisation=library.organisation)
    with pytest.raises(ReviewError) as raised:
        services.approve_version(session, version, actor=admin, lock_version=version.lock_version)
    assert raised.value.code == "role"  # an administrator is not a second legal reviewer
    reviewer = person(session, Role.LEGAL, organisation=library.organisation)
    services.approve_version(session, version, actor=reviewer, lock_version=version.lock_version)
    assert version.status == ClauseStatus.APPROVED
    assert [e.action for e in events(session)] == [
        "clause_set.draft_saved",
        "clause_set.submitted",
        "clause_set.approved",
    ]


def test_a_set_with_a_clause_retired_since_cannot_be_approved(session, library):
    version = save_clause_set(session, CATERING, author=library, base_version=None)
    services.submit_version(session, version, actor=library, lock_version=1)
    menu = version.items[0].clause_version
    services.retire_version(
        session, menu, actor=person(session, Role.LEGAL), lock_version=menu.lock_version
    )
    with pytest.raises(ReviewError) as raised:
        services.approve_version(
            session, version, actor=person(session, Role.LEGAL), lock_version=version.lock_version
        )
    assert raised.value.code == "unapproved_clauses"
    assert "vegetarian-menu v1" in raised.value.params["clauses"]


def test_approved_sets_for_the_wizard(session, library):
    version = save_clause_set(session, CATERING, author=library, base_version=None)
    assert approved_sets(session, library.organisation_id) == []
    approve(session, version, library)
    fewer = ClauseSetDraft(**{**CATERING.__dict__, "clause_slugs": ("vegetarian-menu",)})
    save_clause_set(session, fewer, author=library, base_version=1)  # a draft v2
    session.commit()
    [found] = approved_sets(session, library.organisation_id)
    assert (found.slug, found.number, found.title("en")) == (
        "restauration-scolaire",
        1,
        "Standard set for school catering",
    )
    assert found.clause_slugs == ["vegetarian-menu", "insertion-hours"]


def test_approved_sets_leave_out_clauses_retired_since(session, library):
    version = save_clause_set(session, CATERING, author=library, base_version=None)
    approve(session, version, library)
    hours = version.items[1].clause_version
    services.retire_version(
        session, hours, actor=person(session, Role.LEGAL), lock_version=hours.lock_version
    )
    assert approved_sets(session, library.organisation_id)[0].clause_slugs == ["vegetarian-menu"]


def test_legal_staff_create_a_set_through_the_form(client, session, library):
    sign_in(client, "autrice@example.org")
    page = client.get("/review/clause-sets/new").text
    assert 'value="vegetarian-menu"' in page
    data = {
        "slug": "restauration-scolaire",
        "title_fr": "Ensemble type pour la restauration scolaire",
        "title_en": "Standard set for school catering",
        "clauses": ["vegetarian-menu", "insertion-hours"],
    }
    response = client.post("/review/clause-sets/new", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/review/clause-sets/restauration-scolaire/versions/1"
    )
    page = client.get(response.headers["Location"]).text
    assert "Le jeu de clauses a été créé comme brouillon." in page
    assert "Soumettre à la relecture" in page
    assert "Ensemble type pour la restauration scolaire" in client.get("/review/clause-sets/").text


def test_set_form_errors_name_the_field_and_keep_the_input(client, library):
    sign_in(client, "autrice@example.org")
    page = client.post(
        "/review/clause-sets/new",
        data={"slug": "Mauvais Identifiant", "title_fr": "Travaux", "title_en": "Works"},
    )
    assert page.status_code == 200
    assert "Choisissez au moins une clause." in page.text
    assert 'value="Mauvais Identifiant"' in page.text
    page = client.post(
        "/review/clause-sets/new",
        data={
            "slug": "Mauvais Identifiant",
            "title_fr": "Travaux",
            "title_en": "Works",
            "clauses": ["insertion-hours"],
        },
    )
    assert "Utilisez des lettres minuscules, des chiffres et des traits d’union" in page.text


def test_set_page_shows_what_changed_since_the_approved_version(client, session, library):
    version = save_clause_set(session, CATERING, author=library, base_version=None)
    approve(session, version, library)
    fewer = ClauseSetDraft(
        **{
            **CATERING.__dict__,
            "title_fr": "Restauration scolaire",
            "clause_slugs": ("vegetarian-menu",),
        }
    )
    save_clause_set(session, fewer, author=library, base_version=1)
    session.commit()
    sign_in(client, "juriste@example.org")
    page = client.get("/review/clause-sets/restauration-scolaire/versions/2").text
    assert "Modifications de la version 1 (Approuvée) à la version 2." in page
    assert '<del><span class="visually-hidden">supprimé : </span>Clause d&#39;insertion' in page
    assert "Ensemble type pour la" in page  # the old title, struck through


def test_set_decisions_through_the_page(client, session, library):
    save_clause_set(session, CATERING, author=library, base_version=None)
    session.commit()
    sign_in(client, "autrice@example.org")
    url = "/review/clause-sets/restauration-scolaire/versions/1"
    assert (
        client.post(f"{url}/decide", data={"decision": "submit", "lock_version": "1"}).status_code
        == 302
    )
    client.post("/sign-out")
    sign_in(client, "juriste@example.org")
    response = client.post(f"{url}/decide", data={"decision": "approve", "lock_version": "2"})
    assert response.status_code == 302
    assert session.scalar(select(ClauseSetVersion.status)) == "approved"
    assert [e.action for e in session.scalars(select(AuditEvent).order_by(AuditEvent.id))] == [
        "clause_set.draft_saved",
        "clause_set.submitted",
        "clause_set.approved",
    ]


def test_buyers_cannot_manage_sets(client, auth, library):
    auth.login_as(Role.BUYER)
    assert client.get("/review/clause-sets/").status_code == 403
    assert client.post("/review/clause-sets/new", data={}).status_code == 403
