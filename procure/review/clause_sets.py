"""Clause sets: named collections of approved clause versions that legal staff assemble,
review and approve as a unit. Every edit is a new draft version of the set."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from procure.audit import record_event
from procure.errors import ConflictError, ProcureError
from procure.models import ClauseSet, ClauseSetItem, ClauseSetVersion, ClauseVersion, User
from procure.review.diff import TextDiff, diff_texts
from procure.tenders.library import approved_versions
from procure.vocabulary import ClauseStatus

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


@dataclass(frozen=True)
class SetProblem:
    """Why a set cannot be saved: the form field, a code the page translates, its values."""

    field: str
    code: str
    slug: str = ""

    def __str__(self) -> str:
        return f"{self.field}: {self.code}{f' ({self.slug})' if self.slug else ''}"


class ClauseSetValidationError(ProcureError):
    """The set cannot be saved as asked; ``problems`` says where and why."""

    def __init__(self, problems: list[SetProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class ClauseSetDraft:
    slug: str
    title_fr: str
    title_en: str
    description_fr: str = ""
    description_en: str = ""
    clause_slugs: tuple[str, ...] = ()


@dataclass(frozen=True)
class ApprovedSet:
    """What the wizard offers as a starting point."""

    slug: str
    number: int
    title_fr: str
    title_en: str
    description: dict[str, str]
    clause_slugs: list[str] = field(default_factory=list)

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_fr


def latest_set_version(session: Session, clause_set: ClauseSet) -> ClauseSetVersion | None:
    return session.scalar(
        select(ClauseSetVersion)
        .where(ClauseSetVersion.clause_set_id == clause_set.id)
        .order_by(ClauseSetVersion.number.desc())
        .limit(1)
    )


def choosable_clauses(session: Session, organisation_id: int) -> list[ClauseVersion]:
    """The latest approved version of every clause the organisation uses, by French title."""
    versions = approved_versions(session, organisation_id)
    return sorted(versions, key=lambda version: version.title_fr.casefold())


def save_clause_set(
    session: Session, draft: ClauseSetDraft, *, author: User, base_version: int | None
) -> ClauseSetVersion:
    """Store ``draft`` as a new draft version of its set, each clause pinned to its latest
    approved version. ``base_version`` is the version the author started from (None for
    a new set); if someone saved another version since, nothing is written."""
    clause_set = find_set(session, draft.slug, author.organisation_id)
    problems = _problems(draft, new=base_version is None, exists=clause_set is not None)
    pinned, unknown = _pinned_versions(session, draft.clause_slugs, author.organisation_id)
    problems += [SetProblem("clauses", "not_approved", slug) for slug in unknown]
    if problems:
        raise ClauseSetValidationError(problems)
    previous = None
    if clause_set is None:
        clause_set = ClauseSet(slug=draft.slug, organisation_id=author.organisation_id)
        session.add(clause_set)
        session.flush()
    else:
        previous = latest_set_version(session, clause_set)
        if previous is None or previous.number != base_version:
            raise ConflictError(
                f"version {previous.number if previous else 0} of the set '{draft.slug}' was "
                f"saved since you opened version {base_version}"
            )
        if _same(previous, draft, pinned):
            raise ClauseSetValidationError([SetProblem("title_fr", "unchanged")])
    number = (
        session.scalar(
            select(func.max(ClauseSetVersion.number)).where(
                ClauseSetVersion.clause_set_id == clause_set.id
            )
        )
        or 0
    ) + 1
    version = ClauseSetVersion(
        clause_set=clause_set,
        number=number,
        status=ClauseStatus.DRAFT.value,
        title_fr=draft.title_fr.strip(),
        title_en=draft.title_en.strip(),
        description={"fr": draft.description_fr.strip(), "en": draft.description_en.strip()},
        author_id=author.id,
        items=[
            ClauseSetItem(clause_version_id=clause_version.id, position=position)
            for position, clause_version in enumerate(pinned)
        ],
    )
    session.add(version)
    session.flush()
    record_event(
        session,
        actor=author,
        action="clause_set.draft_saved",
        subject_type="clause_set_version",
        subject_id=f"{clause_set.slug}@{number}",
        before=_summary(previous) if previous else None,
        after={**_summary(version), "status": version.status},
    )
    return version


def _problems(draft: ClauseSetDraft, *, new: bool, exists: bool) -> list[SetProblem]:
    problems = []
    if not SLUG.match(draft.slug):
        problems.append(SetProblem("slug", "slug_format"))
    elif new and exists:
        problems.append(SetProblem("slug", "slug_taken", draft.slug))
    for name in ("title_fr", "title_en"):
        if not getattr(draft, name).strip():
            problems.append(SetProblem(name, "required"))
    if not draft.clause_slugs:
        problems.append(SetProblem("clauses", "no_clause"))
    return problems


def _pinned_versions(
    session: Session, slugs: tuple[str, ...], organisation_id: int
) -> tuple[list[ClauseVersion], list[str]]:
    approved = {
        version.clause.slug: version
        for version in choosable_clauses(session, organisation_id)
        if version.clause.slug in slugs
    }
    wanted = list(dict.fromkeys(slugs))
    return (
        [approved[slug] for slug in wanted if slug in approved],
        [slug for slug in wanted if slug not in approved],
    )


def _same(previous: ClauseSetVersion, draft: ClauseSetDraft, pinned: list[ClauseVersion]) -> bool:
    return (
        previous.title_fr == draft.title_fr.strip()
        and previous.title_en == draft.title_en.strip()
        and previous.description
        == {"fr": draft.description_fr.strip(), "en": draft.description_en.strip()}
        and [item.clause_version_id for item in previous.items] == [v.id for v in pinned]
    )


def _summary(version: ClauseSetVersion) -> dict[str, object]:
    return {
        "version": version.number,
        "title": version.title_fr,
        "clauses": [
            f"{item.clause_version.clause.slug}@{item.clause_version.number}"
            for item in version.items
        ],
    }


def clause_sets_overview(
    session: Session, organisation_id: int
) -> list[tuple[ClauseSet, ClauseSetVersion]]:
    """Each clause set of the organisation, with its latest version, by slug."""
    overview = []
    for clause_set in session.scalars(
        select(ClauseSet).where(own_set(organisation_id)).order_by(ClauseSet.slug)
    ):
        latest = latest_set_version(session, clause_set)
        if latest is not None:
            overview.append((clause_set, latest))
    return overview


def approved_sets(session: Session, organisation_id: int) -> list[ApprovedSet]:
    """The latest approved version of each clause set, with the slugs of its clauses that
    buyers can still use (a clause retired since is left out), by French title."""
    usable = {version.clause.slug for version in approved_versions(session, organisation_id)}
    latest = (
        select(ClauseSetVersion.clause_set_id, func.max(ClauseSetVersion.number).label("number"))
        .where(ClauseSetVersion.status == ClauseStatus.APPROVED)
        .group_by(ClauseSetVersion.clause_set_id)
        .subquery()
    )
    versions = session.scalars(
        select(ClauseSetVersion)
        .join(
            latest,
            (ClauseSetVersion.clause_set_id == latest.c.clause_set_id)
            & (ClauseSetVersion.number == latest.c.number),
        )
        .join(ClauseSet)
        .where(own_set(organisation_id))
    )
    found = [
        ApprovedSet(
            slug=version.clause_set.slug,
            number=version.number,
            title_fr=version.title_fr,
            title_en=version.title_en,
            description=dict(version.description or {}),
            clause_slugs=[
                item.clause_version.clause.slug
                for item in version.items
                if item.clause_version.clause.slug in usable
            ],
        )
        for version in versions
    ]
    return sorted(found, key=lambda found_set: found_set.title_fr.casefold())


@dataclass(frozen=True)
class SetEntry:
    slug: str
    number: int
    title_fr: str
    title_en: str
    status: str

    def title(self, language: str) -> str:
        return self.title_en if language == "en" else self.title_fr


@dataclass(frozen=True)
class SetDiff:
    """What changed in a clause set since its previous approved version."""

    added: list[SetEntry]
    removed: list[SetEntry]
    updated: list[tuple[SetEntry, SetEntry]]  # (before, after): another version of a clause
    kept: list[SetEntry]
    titles: list[TextDiff]

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.removed or self.updated or self.titles)


def _entries(version: ClauseSetVersion | None) -> dict[str, SetEntry]:
    if version is None:
        return {}
    return {
        item.clause_version.clause.slug: SetEntry(
            item.clause_version.clause.slug,
            item.clause_version.number,
            item.clause_version.title_fr,
            item.clause_version.title_en,
            item.clause_version.status,
        )
        for item in version.items
    }


def diff_set_versions(old: ClauseSetVersion | None, new: ClauseSetVersion) -> SetDiff:
    before, after = _entries(old), _entries(new)
    texts = []
    for language in ("fr", "en"):
        for name, old_text, new_text in (
            ("title", getattr(old, f"title_{language}", ""), getattr(new, f"title_{language}")),
            (
                "description",
                ((old.description or {}).get(language, "") if old else ""),
                (new.description or {}).get(language, ""),
            ),
        ):
            diff = diff_texts(old_text or "", new_text or "", field=name, language=language)
            if diff.changed:
                texts.append(diff)
    return SetDiff(
        added=[entry for slug, entry in after.items() if slug not in before],
        removed=[entry for slug, entry in before.items() if slug not in after],
        updated=[
            (before[slug], entry)
            for slug, entry in after.items()
            if slug in before and before[slug].number != entry.number
        ],
        kept=[
            entry
            for slug, entry in after.items()
            if slug in before and before[slug].number == entry.number
        ],
        titles=texts,
    )


def previous_approved_set(session: Session, version: ClauseSetVersion) -> ClauseSetVersion | None:
    return session.scalar(
        select(ClauseSetVersion)
        .where(
            ClauseSetVersion.clause_set_id == version.clause_set_id,
            ClauseSetVersion.number < version.number,
            ClauseSetVersion.status.in_([ClauseStatus.APPROVED, ClauseStatus.RETIRED]),
        )
        .order_by(ClauseSetVersion.number.desc())
        .limit(1)
    )


def find_set_version(
    session: Session, slug: str, number: int, organisation_id: int | None
) -> ClauseSetVersion | None:
    """A version of one of the organisation's sets, or None."""
    return session.scalar(
        select(ClauseSetVersion)
        .join(ClauseSet)
        .where(
            ClauseSet.slug == slug,
            ClauseSetVersion.number == number,
            own_set(organisation_id),
        )
    )


def find_set(session: Session, slug: str, organisation_id: int | None) -> ClauseSet | None:
    return session.scalar(select(ClauseSet).where(ClauseSet.slug == slug, own_set(organisation_id)))


def own_set(organisation_id: int | None) -> ColumnElement[bool]:
    """Clause sets belong to one organisation: only its staff see and use them."""
    return ClauseSet.organisation_id == organisation_id
