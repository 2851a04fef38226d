"""Clause-version review transitions: every allowed and forbidden move, by role, with the
four-eyes rule and concurrent decisions. Helpers here are shared by the other review tests."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from procure.db import get_engine
from procure.errors import ConflictError
from procure.library.canonical import approved_hash
from procure.library.schema import check_clause
from procure.library.search import current_versions
from procure.library.versions import add_version
from procure.models import AuditEvent, Clause, ClauseVersion, Organisation, ReviewDecision, User
from procure.review import services
from procure.review.services import ReviewError
from procure.vocabulary import ClauseStatus, Role
from tests.factories import make_organisation, make_user

CLAUSES = Path(__file__).parents[2] / "clauses"
SEND_BACK = "Préciser le public éligible et la durée."


# -- helpers shared by the review tests ------------------------------------------------------------


def clause_content(slug: str = "insertion-hours", folder: str = "social") -> dict:
    data = yaml.safe_load((CLAUSES / folder / f"{slug}.yaml").read_text(encoding="utf-8"))
    clause_file, problems = check_clause(f"{folder}/{slug}.yaml", folder, data)
    assert not problems, problems
    return clause_file.content


HOME = "Ville de Relecture"  # the organisation whose legal staff review its own clauses


def home(session: Session) -> Organisation:
    return make_organisation(session, HOME)


def make_clause(
    session: Session,
    slug: str = "insertion-hours",
    *,
    folder: str = "social",
    status: ClauseStatus = ClauseStatus.APPROVED,
    author_id: int | None = None,
    organisation: Organisation | None = None,
    reference: bool = False,
) -> ClauseVersion:
    """A clause with one version, read from the real clause file: an organisation's own
    (the home organisation's by default), or the reference library's."""
    owner = None if reference else (organisation or home(session))
    clause = Clause(slug=slug, folder=folder, organisation=owner)
    session.add(clause)
    session.flush()
    return add_version(
        session, clause, clause_content(slug, folder), status=status, author_id=author_id
    )


def next_version(
    session: Session,
    previous: ClauseVersion,
    content: dict,
    *,
    status: ClauseStatus = ClauseStatus.DRAFT,
    author_id: int | None = None,
) -> ClauseVersion:
    return add_version(
        session,
        previous.clause,
        content,
        status=status,
        author_id=author_id,
        previous=previous,
    )


def person(session: Session, role: Role, organisation=None, **overrides) -> User:
    """Someone of ``organisation``, by default of the home organisation."""
    return make_user(session, role=role, organisation=organisation or home(session), **overrides)


def count(session: Session, model, *conditions) -> int:
    return session.scalar(select(func.count()).select_from(model).where(*conditions))


def events(session: Session, action: str | None = None) -> list[AuditEvent]:
    query = select(AuditEvent).order_by(AuditEvent.id)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(session.scalars(query))


# -- every transition, by role ---------------------------------------------------------------------

CLAUSE_ACTIONS = {
    "submit": (services.submit_version, ClauseStatus.DRAFT, ClauseStatus.IN_REVIEW),
    "approve": (services.approve_version, ClauseStatus.IN_REVIEW, ClauseStatus.APPROVED),
    "request_changes": (
        services.request_changes,
        ClauseStatus.IN_REVIEW,
        ClauseStatus.CHANGES_REQUESTED,
    ),
    "retire": (services.retire_version, ClauseStatus.APPROVED, ClauseStatus.RETIRED),
}
AUDIT_ACTIONS = {
    "submit": "clause.submitted",
    "approve": "clause.approved",
    "request_changes": "clause.changes_requested",
    "retire": "clause.retired",
}


def act(name: str, session: Session, version: ClauseVersion, actor: User, **options):
    function = CLAUSE_ACTIONS[name][0]
    if name != "submit":
        options.setdefault("comment", SEND_BACK)
    options.setdefault("lock_version", version.lock_version)
    return function(session, version, actor=actor, **options)


@pytest.mark.parametrize("name", list(CLAUSE_ACTIONS))
def test_legal_staff_make_each_allowed_transition(session, name):
    _, start, end = CLAUSE_ACTIONS[name]
    version = make_clause(session, status=start)
    reviewer = person(session, Role.LEGAL)
    decision = act(name, session, version, reviewer)
    session.commit()
    session.refresh(version)
    assert version.status == end
    assert decision.actor_id == reviewer.id
    assert count(session, ReviewDecision, ReviewDecision.clause_version_id == version.id) == 1
    [event] = events(session)
    assert event.action == AUDIT_ACTIONS[name]
    assert event.subject_id == "insertion-hours@1"
    assert event.actor_id == reviewer.id
    assert event.before["status"] == start
    assert event.after["status"] == end


@pytest.mark.parametrize("role", [Role.BUYER, Role.ADMIN])
@pytest.mark.parametrize("name", list(CLAUSE_ACTIONS))
def test_buyers_and_administrators_make_no_transition(session, name, role):
    """Four eyes are two legal reviewers: an administrator who is not one cannot decide."""
    _, start, _ = CLAUSE_ACTIONS[name]
    version = make_clause(session, status=start)
    assert_refused(session, name, version, person(session, role), "role")


def assert_refused(session, name: str, version: ClauseVersion, actor: User, code: str) -> None:
    """``actor`` cannot take the decision ``name`` on ``version``; nothing is written."""
    status = version.status
    session.commit()
    with pytest.raises(ReviewError) as raised:
        act(name, session, version, actor)
    assert raised.value.code == code
    session.rollback()
    assert session.get(ClauseVersion, version.id).status == status
    assert count(session, ReviewDecision) == 0
    assert events(session) == []


FORBIDDEN = [
    (name, status)
    for name, (_, start, _) in CLAUSE_ACTIONS.items()
    for status in ClauseStatus
    if status != start
]


@pytest.mark.parametrize(("name", "status"), FORBIDDEN)
def test_each_forbidden_transition_is_refused_and_writes_nothing(session, name, status):
    version = make_clause(session, status=status)
    reviewer = person(session, Role.LEGAL)
    session.commit()
    with pytest.raises(ReviewError) as raised:
        act(name, session, version, reviewer)
    assert raised.value.code == "status"
    session.rollback()
    assert session.get(ClauseVersion, version.id).status == status
    assert count(session, ReviewDecision) == 0
    assert events(session) == []


def test_full_cycle_draft_review_changes_new_draft_approved_then_retired(session):
    first = make_clause(session)  # v1 loaded from the files, approved
    author = person(session, Role.LEGAL)
    reviewer = person(session, Role.LEGAL, organisation=author.organisation)
    content = clause_content()
    content["text"]["fr"] += "\nLe titulaire désigne un référent insertion."
    second = next_version(session, first, content, author_id=author.id)
    act("submit", session, second, author)
    act("request_changes", session, second, reviewer)
    content["text"]["fr"] += " Il le présente au facilitateur."
    third = next_version(session, second, content, author_id=author.id)
    act("submit", session, third, author)
    assert (second.approved_hash, third.approved_hash) == (None, None)  # never approved
    act("approve", session, third, reviewer, comment="")
    session.commit()
    # approval locks the content: its hash is stored, differs from v1's, and is audited
    assert third.approved_hash == approved_hash(content) != first.approved_hash
    assert first.approved_hash == approved_hash(clause_content())  # approved by loading
    assert events(session, "clause.approved")[0].after["approved_hash"] == third.approved_hash
    assert [v.status for v in first.clause.versions] == [
        "approved",
        "changes_requested",
        "approved",
    ]
    organisation_id = author.organisation_id
    buyers_see = {
        v.clause.slug: v.number
        for v in current_versions(
            session, include_unapproved=False, organisation_id=organisation_id
        )
    }
    assert buyers_see == {"insertion-hours": 3}
    assert current_versions(session, include_unapproved=False) == []  # others never see it
    act("retire", session, third, reviewer, comment="Clause remplacée.")
    session.commit()
    assert [v.status for v in first.clause.versions] == ["retired", "changes_requested", "retired"]
    assert (
        current_versions(session, include_unapproved=False, organisation_id=organisation_id) == []
    )
    retired = events(session, "clause.retired")[0]
    assert retired.after["also_retired"] == [1]


def test_sending_back_needs_a_comment(session):
    version = make_clause(session, status=ClauseStatus.IN_REVIEW)
    reviewer = person(session, Role.LEGAL)
    with pytest.raises(ReviewError) as raised:
        act("request_changes", session, version, reviewer, comment="   ")
    assert (raised.value.code, raised.value.field) == ("comment_required", "comment")
    assert version.status == ClauseStatus.IN_REVIEW
    assert events(session) == []


def test_only_the_latest_version_can_be_submitted(session):
    first = make_clause(session, status=ClauseStatus.DRAFT)
    content = clause_content()
    content["guidance"]["fr"] += " Voir aussi le guide."
    next_version(session, first, content)
    with pytest.raises(ReviewError) as raised:
        act("submit", session, first, person(session, Role.LEGAL))
    assert raised.value.code == "not_latest"
    assert raised.value.params == {"latest": 2}


def test_an_older_version_cannot_be_approved_after_a_newer_one(session):
    first = make_clause(session, status=ClauseStatus.IN_REVIEW)
    content = clause_content()
    content["guidance"]["fr"] += " Voir aussi le guide."
    next_version(session, first, content, status=ClauseStatus.APPROVED)
    with pytest.raises(ReviewError) as raised:
        act("approve", session, first, person(session, Role.LEGAL), comment="")
    assert raised.value.code == "newer_approved"


# -- four eyes -------------------------------------------------------------------------------------


def test_the_author_cannot_approve_their_own_version(session):
    author = person(session, Role.LEGAL)
    version = make_clause(session, status=ClauseStatus.IN_REVIEW, author_id=author.id)
    session.commit()
    with pytest.raises(ReviewError) as raised:
        act("approve", session, version, author, comment="")
    assert raised.value.code == "four_eyes"
    session.rollback()
    assert session.get(ClauseVersion, version.id).status == ClauseStatus.IN_REVIEW
    assert events(session) == []
    colleague = person(session, Role.LEGAL, organisation=author.organisation)
    act("approve", session, version, colleague, comment="")
    assert version.status == ClauseStatus.APPROVED


def test_the_author_may_send_their_own_version_back(session):
    author = person(session, Role.LEGAL)
    version = make_clause(session, status=ClauseStatus.IN_REVIEW, author_id=author.id)
    act("request_changes", session, version, author)
    assert version.status == ClauseStatus.CHANGES_REQUESTED


@pytest.mark.parametrize("name", list(CLAUSE_ACTIONS))
def test_no_organisation_decides_on_the_reference_library(session, name):
    """The reference library changes only with load-clauses: its versions, loaded from
    the files, are decided by no one on the web."""
    _, start, _ = CLAUSE_ACTIONS[name]
    version = make_clause(session, status=start, reference=True)
    assert_refused(session, name, version, person(session, Role.LEGAL), "reference")


@pytest.mark.parametrize("name", list(CLAUSE_ACTIONS))
def test_legal_staff_decide_only_on_their_organisation_clauses(session, name):
    _, start, _ = CLAUSE_ACTIONS[name]
    version = make_clause(session, status=start)
    stranger = person(session, Role.LEGAL, organisation=make_organisation(session))
    assert_refused(session, name, version, stranger, "owner")


# -- concurrent decisions --------------------------------------------------------------------------


def test_a_decision_made_on_a_stale_page_is_a_conflict(session):
    version = make_clause(session, status=ClauseStatus.IN_REVIEW)
    first, second = person(session, Role.LEGAL), person(session, Role.LEGAL)
    seen = version.lock_version
    act("approve", session, version, first, comment="", lock_version=seen)
    session.commit()
    with pytest.raises(ConflictError):
        act("request_changes", session, version, second, lock_version=seen)
    session.rollback()
    assert session.get(ClauseVersion, version.id).status == ClauseStatus.APPROVED
    assert count(session, ReviewDecision) == 1
    assert [e.action for e in events(session)] == ["clause.approved"]


def test_two_decisions_at_the_same_moment_keep_the_first(app, session):
    version = make_clause(session, status=ClauseStatus.IN_REVIEW)
    first, second = person(session, Role.LEGAL), person(session, Role.LEGAL)
    session.commit()
    with Session(get_engine(app), expire_on_commit=False) as other:
        # both reviewers loaded the version before either decided
        theirs = other.get(ClauseVersion, version.id)
        second_in_other = other.get(User, second.id)
        assert theirs.lock_version == version.lock_version
        act("approve", session, version, first, comment="")
        session.commit()
        with pytest.raises(ConflictError):
            act("request_changes", other, theirs, second_in_other)
        other.rollback()
    session.expire_all()
    assert session.get(ClauseVersion, version.id).status == ClauseStatus.APPROVED
    assert count(session, ReviewDecision) == 1
    assert [e.action for e in events(session)] == ["clause.approved"]


def test_reviewers_of_another_organisation_do_not_see_its_own_clauses(session):
    version = make_clause(session, status=ClauseStatus.IN_REVIEW)
    stranger = person(session, Role.LEGAL, organisation=make_organisation(session))
    colleague = person(session, Role.LEGAL)
    session.flush()
    assert (
        services.find_clause_version(session, "insertion-hours", 1, stranger.organisation_id)
        is None
    )
    assert services.review_queue(session, stranger) == []
    assert [i.item for i in services.review_queue(session, colleague)] == [version]
