"""The shared library across organisations: the reference library is read by all and
changed by none of them; each organisation's own clauses, variants, sets and reviews are
its own. The security audit's scenario end to end, then the route × role × organisation
matrix of the library and review pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from procure.library.loader import load_library
from procure.library.versions import add_version
from procure.models import AuditEvent, Clause
from procure.review.clause_sets import ClauseSetDraft, save_clause_set
from procure.review.services import approve_version, submit_version
from procure.tenders.library import library_entries
from procure.vocabulary import ClauseStatus, Role
from tests.factories import DEFAULT_PASSWORD, make_organisation, make_user
from tests.integration.test_catalog import CLAUSES, edit_form
from tests.integration.test_review_workflow import clause_content, make_clause

CHANGED = "Le titulaire réserve aux publics de la ville B au moins"


def sign_in(client, email: str) -> None:
    client.get("/sign-out")
    response = client.post("/sign-in", data={"email": email, "password": DEFAULT_PASSWORD})
    assert response.status_code == 302, email


@pytest.fixture
def towns(session):
    """Towns A and B with a buyer, two jurists and an administrator each, and the
    reference library loaded."""
    load_library(session, CLAUSES)
    people = {}
    for town in ("a", "b"):
        organisation = make_organisation(session, f"Ville {town.upper()}")
        for role, name in (
            (Role.BUYER, "acheteur"),
            (Role.LEGAL, "juriste"),
            (Role.LEGAL, "juriste2"),
            (Role.ADMIN, "admin"),
        ):
            email = f"{name}@{town}.example.org"
            people[f"{name}-{town}"] = make_user(
                session, role=role, organisation=organisation, email=email
            )
    session.commit()
    return people


def test_a_jurist_of_b_changes_the_library_of_b_only(client, session, towns):
    # A jurist of B adapts insertion-hours: a draft variant of B's.
    sign_in(client, "juriste@b.example.org")
    data = edit_form(client, "insertion-hours")
    data["text_fr"] = data["text_fr"].replace(
        "Le titulaire réserve à des personnes éloignées de l'emploi au moins", CHANGED
    )
    assert CHANGED in data["text_fr"]
    assert client.post("/library/insertion-hours/edit", data=data).status_code == 302
    page = "/review/clauses/insertion-hours/versions/1"
    lock = session.scalar(
        select(Clause).where(Clause.organisation_id == towns["juriste-b"].organisation_id)
    ).versions[0]
    assert client.post(
        f"{page}/decide", data={"decision": "submit", "lock_version": lock.lock_version}
    ).status_code in (302, 303)
    session.expire_all()

    # B's administrator cannot approve it, nor can its author.
    sign_in(client, "admin@b.example.org")
    assert "Approuver" not in client.get(page).text
    assert client.post(f"{page}/decide", data={"decision": "approve"}).status_code == 403
    sign_in(client, "juriste@b.example.org")
    assert 'value="approve"' not in client.get(page).text  # four-eyes

    # A's jurist sees neither the draft nor the review, and cannot decide on it.
    sign_in(client, "juriste@a.example.org")
    assert CHANGED not in client.get("/library/insertion-hours").text
    assert CHANGED not in client.get(page).text  # A's page is the reference's version 1
    assert "insertion-hours" not in client.get("/review/").text
    reference_page = client.get(page).text
    assert 'value="approve"' not in reference_page
    assert "bibliothèque de référence" in reference_page

    # B's second jurist approves: B's buyers get the variant, A's the reference.
    sign_in(client, "juriste2@b.example.org")
    variant = session.scalar(
        select(Clause).where(Clause.organisation_id == towns["juriste-b"].organisation_id)
    ).versions[0]
    response = client.post(
        f"{page}/decide",
        data={"decision": "approve", "lock_version": variant.lock_version, "comment": ""},
    )
    assert response.status_code in (302, 303), response.text
    session.expire_all()
    texts = {
        town: next(
            entry.content.text["fr"]
            for entry in library_entries(session, towns[f"acheteur-{town}"].organisation_id)
            if entry.slug == "insertion-hours"
        )
        for town in ("a", "b")
    }
    assert CHANGED in texts["b"]
    assert CHANGED not in texts["a"]
    sign_in(client, "acheteur@a.example.org")
    assert CHANGED not in client.get("/library/insertion-hours").text
    sign_in(client, "acheteur@b.example.org")
    assert CHANGED in client.get("/library/insertion-hours").text

    # Every library event is in B's audit log, none in A's.
    events = session.scalars(select(AuditEvent).where(AuditEvent.subject_type == "clause_version"))
    assert {event.organisation_id for event in events} == {towns["juriste-b"].organisation_id}


@pytest.fixture
def own_items(session, towns):
    """B's own approved clause and approved clause set."""
    author, reviewer = towns["juriste-b"], towns["juriste2-b"]
    clause = Clause(slug="clause-de-b", folder="social", organisation=author.organisation)
    session.add(clause)
    session.flush()
    add_version(
        session, clause, clause_content(), status=ClauseStatus.APPROVED, author_id=author.id
    )
    draft = ClauseSetDraft(
        slug="jeu-de-b", title_fr="Jeu de B", title_en="B's set", clause_slugs=("clause-de-b",)
    )
    version = save_clause_set(session, draft, author=author, base_version=None)
    submit_version(session, version, actor=author, lock_version=version.lock_version)
    approve_version(session, version, actor=reviewer, lock_version=version.lock_version)
    session.commit()


# (method, path, {(role, same organisation): expected status})
READ = {(Role.BUYER, True): 200, (Role.LEGAL, True): 200, (Role.ADMIN, True): 200}
STAFF_READ = {(Role.BUYER, True): 403, (Role.LEGAL, True): 200, (Role.ADMIN, True): 200}
LEGAL_ONLY = {(Role.BUYER, True): 403, (Role.LEGAL, True): 200, (Role.ADMIN, True): 403}
MATRIX = [
    ("GET", "/library/clause-de-b", READ, 404),
    ("GET", "/library/clause-de-b/edit", LEGAL_ONLY, None),
    ("GET", "/review/clauses/clause-de-b/versions/1", STAFF_READ, None),
    ("GET", "/review/clause-sets/jeu-de-b/versions/1", STAFF_READ, None),
    ("GET", "/review/clause-sets/jeu-de-b/edit", LEGAL_ONLY, None),
]


def expected_status(rule: dict, other: int | None, role: Role, same: bool) -> int:
    if same:
        return rule[(role, True)]
    if rule[(role, True)] == 403:
        return 403  # the role is refused before the organisation is looked at
    return other or 404


PEOPLE = ((Role.BUYER, "acheteur"), (Role.LEGAL, "juriste"), (Role.ADMIN, "admin"))


@pytest.mark.parametrize("case", MATRIX, ids=[f"{m} {p}" for m, p, _, _ in MATRIX])
def test_library_and_review_routes_by_role_and_organisation(client, towns, own_items, case):
    method, path, rule, other = case
    for town, same in (("b", True), ("a", False)):
        for role, name in PEOPLE:
            sign_in(client, f"{name}@{town}.example.org")
            status = client.open(path, method=method).status_code
            assert status == expected_status(rule, other, role, same), (path, role, town)


@pytest.mark.parametrize(
    "path",
    [
        "/review/clauses/clause-de-b/versions/1/decide",
        "/review/clause-sets/jeu-de-b/versions/1/decide",
    ],
)
def test_nobody_outside_b_decides_on_b_items(client, towns, own_items, path):
    for name in ("juriste", "admin", "acheteur"):
        sign_in(client, f"{name}@a.example.org")
        status = client.post(path, data={"decision": "retire"}).status_code
        assert status in (403, 404), (path, name)
    sign_in(client, "admin@b.example.org")
    assert client.post(path, data={"decision": "retire"}).status_code == 403


def test_the_reference_library_loads_beside_an_organisation_variant(session, towns, runner):
    variant = make_clause(session, "insertion-hours", organisation=towns["juriste-b"].organisation)
    session.commit()
    result = runner.invoke(args=["load-clauses", str(CLAUSES)])
    assert result.exit_code == 0, result.output
    session.expire_all()
    assert session.get(Clause, variant.clause_id).organisation_id is not None
    reference = session.scalars(
        select(Clause).where(Clause.slug == "insertion-hours", Clause.organisation_id.is_(None))
    ).all()
    assert len(reference) == 1
