"""Reading the audit log: filters, pages and a CSV export. Nothing here writes to it."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import Session

from procure.auditlog.wording import SubjectName
from procure.models import (
    AuditEvent,
    Clause,
    ClauseSet,
    ClauseSetVersion,
    ClauseVersion,
    Tender,
    User,
)

CSV_COLUMNS = (
    "id",
    "created_at",
    "actor_email",
    "actor_name",
    "action",
    "subject_type",
    "subject_id",
    "before",
    "after",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class AuditFilters:
    """``since`` is inclusive and ``until`` exclusive, both aware datetimes."""

    action: str = ""
    subject_type: str = ""
    actor_id: int | None = None
    since: dt.datetime | None = None
    until: dt.datetime | None = None


@dataclass(frozen=True)
class AuditPage:
    items: list[AuditEvent]
    total: int
    page: int
    pages: int


def _visible(organisation_id: int) -> object:
    """An organisation's events, and those of no organisation (library loads by the CLI)."""
    return or_(AuditEvent.organisation_id == organisation_id, AuditEvent.organisation_id.is_(None))


def _query(organisation_id: int, filters: AuditFilters) -> Select:
    query = select(AuditEvent).where(_visible(organisation_id))
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.subject_type:
        query = query.where(AuditEvent.subject_type == filters.subject_type)
    if filters.actor_id is not None:
        query = query.where(AuditEvent.actor_id == filters.actor_id)
    if filters.since is not None:
        query = query.where(AuditEvent.created_at >= _utc(filters.since))
    if filters.until is not None:
        query = query.where(AuditEvent.created_at < _utc(filters.until))
    return query


def _utc(moment: dt.datetime) -> dt.datetime:
    """SQLite keeps times as naive UTC text: compare with UTC, whatever the zone given."""
    return moment.astimezone(dt.UTC)


def list_events(
    session: Session, organisation_id: int, filters: AuditFilters, *, page: int, page_size: int
) -> AuditPage:
    """One page of events, newest first."""
    query = _query(organisation_id, filters)
    total = session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, math.ceil(total / page_size))
    page = min(max(1, page), pages)
    items = list(
        session.scalars(
            query.order_by(AuditEvent.created_at.desc(), AuditEvent.id.desc())
            .offset((page - 1) * page_size)
            .limit(page_size)
        )
    )
    return AuditPage(items=items, total=total, page=page, pages=pages)


def iter_events(
    session: Session, organisation_id: int, filters: AuditFilters
) -> Iterator[AuditEvent]:
    """Every matching event, oldest first, read in batches."""
    query = _query(organisation_id, filters).order_by(AuditEvent.created_at, AuditEvent.id)
    yield from session.scalars(query.execution_options(yield_per=500))


def known_actions(session: Session, organisation_id: int) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.action)
            .where(_visible(organisation_id))
            .distinct()
            .order_by(AuditEvent.action)
        )
    )


def known_subject_types(session: Session, organisation_id: int) -> list[str]:
    return list(
        session.scalars(
            select(AuditEvent.subject_type)
            .where(_visible(organisation_id))
            .distinct()
            .order_by(AuditEvent.subject_type)
        )
    )


def actors(session: Session, organisation_id: int) -> list[User]:
    """The people who appear in the organisation's log, by name."""
    ids = select(AuditEvent.actor_id).where(_visible(organisation_id)).distinct()
    return list(session.scalars(select(User).where(User.id.in_(ids)).order_by(User.name)))


def users_by_id(session: Session, events: Iterable[AuditEvent]) -> dict[int, User]:
    ids = {event.actor_id for event in events if event.actor_id is not None}
    if not ids:
        return {}
    return {user.id: user for user in session.scalars(select(User).where(User.id.in_(ids)))}


def subject_names(
    session: Session, organisation_id: int, events: Iterable[AuditEvent], language: str
) -> dict[tuple[str, str], SubjectName]:
    """The events' subjects named for a reader, by (subject type, subject id): a tender by
    its reference and title, a clause or clause set by its slug, version and title, a user
    by e-mail; titles in ``language``. One query per subject type, whatever the number
    of events."""
    wanted: dict[str, set[str]] = {}
    for event in events:
        wanted.setdefault(event.subject_type, set()).add(event.subject_id)
    names: dict[tuple[str, str], SubjectName] = {}
    if ids := _numbers(wanted.get("tender", ())):
        for tender in session.scalars(
            select(Tender).where(Tender.id.in_(ids), Tender.organisation_id == organisation_id)
        ):
            names["tender", str(tender.id)] = SubjectName(tender.reference, tender.title)
    if ids := _numbers(wanted.get("user", ())):
        for user in session.scalars(
            select(User).where(User.id.in_(ids), User.organisation_id == organisation_id)
        ):
            names["user", str(user.id)] = SubjectName(user.email)
    queries = {
        "clause_version": select(
            Clause.slug, ClauseVersion.number, ClauseVersion.title_fr, ClauseVersion.title_en
        )
        .join(ClauseVersion, ClauseVersion.clause_id == Clause.id)
        .where(or_(Clause.organisation_id == organisation_id, Clause.organisation_id.is_(None)))
        .order_by(Clause.organisation_id.is_(None)),  # the organisation's own first
        "clause_set_version": select(
            ClauseSet.slug,
            ClauseSetVersion.number,
            ClauseSetVersion.title_fr,
            ClauseSetVersion.title_en,
        )
        .join(ClauseSetVersion, ClauseSetVersion.clause_set_id == ClauseSet.id)
        .where(
            or_(ClauseSet.organisation_id == organisation_id, ClauseSet.organisation_id.is_(None))
        )
        .order_by(ClauseSet.organisation_id.is_(None)),
    }
    for subject_type, query in queries.items():
        labels = wanted.get(subject_type, set())
        slugs = {label.partition("@")[0] for label in labels}
        if not slugs:
            continue
        slug_column = Clause.slug if subject_type == "clause_version" else ClauseSet.slug
        for slug, number, title_fr, title_en in session.execute(
            query.where(slug_column.in_(slugs))
        ):
            label = f"{slug}@{number}"
            if label in labels and (subject_type, label) not in names:
                title = (title_fr if language == "fr" else title_en) or title_fr
                names[subject_type, label] = SubjectName(f"{slug} v{number}", title)
    return names


def _numbers(ids: Iterable[str]) -> set[int]:
    return {int(value) for value in ids if value.isdigit()}


def _cell(value: str) -> str:
    """Neutralise spreadsheet formulas: a cell that starts like one gets a leading quote."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _json(value: object) -> str:
    return "" if value is None else json.dumps(value, ensure_ascii=False, sort_keys=True)


def csv_lines(session: Session, events: Iterable[AuditEvent]) -> Iterator[str]:
    """The CSV text, a header then one line per event, with a byte-order mark for Excel."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    yield "\ufeff" + buffer.getvalue()
    people: dict[int, User | None] = {}
    for event in events:
        if event.actor_id is not None and event.actor_id not in people:
            people[event.actor_id] = session.get(User, event.actor_id)
        actor = people.get(event.actor_id) if event.actor_id is not None else None
        buffer.seek(0)
        buffer.truncate()
        writer.writerow(
            [
                str(event.id),
                utc_iso(event.created_at),
                _cell(actor.email if actor else ""),
                _cell(actor.name if actor else ""),
                _cell(event.action),
                _cell(event.subject_type),
                _cell(event.subject_id),
                _cell(_json(event.before)),
                _cell(_json(event.after)),
            ]
        )
        yield buffer.getvalue()


def utc_iso(moment: dt.datetime) -> str:
    """A stored time in ISO 8601, UTC, ending in Z (SQLite gives naive UTC back)."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=dt.UTC)
    return aware.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
