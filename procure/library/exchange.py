"""Clause exchange between installations: one YAML file that carries an organisation's
own clauses, or one of its clause sets, to another procure.

The file says which format it follows (``format``, ``format_version``), who exported
it and when, and each clause with its versions: content in both languages, variables,
legal bases, status and ``approved_hash``. Importing it never approves anything: each
clause becomes a draft of the importing organisation for its legal staff to review.
``plan_import`` reads a file and says what importing it would do, writing nothing;
``import_clauses`` does it.

Plain Python: no Flask. The caller commits.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.errors import ClauseFileError
from procure.library.canonical import approved_hash
from procure.library.exporter import ClauseDumper
from procure.library.ownership import clause_for, reference_clause, visible_clauses
from procure.library.schema import CLAUSE_FIELDS, HASH, SLUG, ClauseFile, Problem, check_clause
from procure.library.versions import add_version, has_content, latest_approved, latest_version
from procure.library.yamlsafe import YamlRefusedError, load_yaml
from procure.models import (
    AuditEvent,
    Clause,
    ClauseSet,
    ClauseSetVersion,
    ClauseVersion,
    Organisation,
    User,
)
from procure.vocabulary import ClauseStatus

FORMAT = "procure-clause-exchange"
FORMAT_VERSION = 1
# The same bound as every YAML typed or uploaded (procure.library.yamlsafe).
MAX_EXCHANGE_BYTES = 1024 * 1024
MAX_CLAUSES = 500
MAX_VERSIONS = 50
FILE = "(file)"
TOP_FIELDS = frozenset(
    {"format", "format_version", "organisation", "exported_at", "clause_set", "clauses"}
)
ENTRY_FIELDS = frozenset({"id", "folder", "versions"})
VERSION_FIELDS = frozenset({"number", "status", "approved_hash", "content"})
# What a version's ``content`` may hold: a clause file's fields but its identity and
# review fields, which the entry and the version carry.
CONTENT_FIELDS = frozenset(CLAUSE_FIELDS) - {"id", "version", "status", "en_translates"}


class ExchangeFileError(ClauseFileError):
    """The exchange file cannot be imported; ``problems`` names each entry and field."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        super().__init__(problems)
        self.problems: Sequence[Problem] = problems


class Outcome(StrEnum):
    NEW = "new"  # no clause of this identifier: a new clause of the organisation
    CHANGED = "changed"  # differs from the clause of this identifier it already reads
    IDENTICAL = "identical"  # same approved hash as the reference library's: skipped


@dataclass(frozen=True)
class PlannedClause:
    """What importing one entry of the file does."""

    slug: str
    folder: str
    title: dict[str, str]
    content: dict[str, Any]
    approved_hash: str
    outcome: Outcome
    # For CHANGED and IDENTICAL: the clause compared against, and its version.
    against_owner: str | None = None  # "reference" or "organisation"
    against_version: int | None = None


@dataclass(frozen=True)
class ImportPlan:
    """Everything ``plan_import`` read and decided; ``import_clauses`` carries it out."""

    organisation: str
    exported_at: str
    clause_set: str | None
    clauses: list[PlannedClause] = field(default_factory=list)

    def of(self, outcome: Outcome) -> list[PlannedClause]:
        return [clause for clause in self.clauses if clause.outcome is outcome]


# -- export -------------------------------------------------------------------------------


def export_clauses(
    session: Session,
    organisation: Organisation,
    *,
    clause_set: str | None = None,
    now: dt.datetime | None = None,
) -> str:
    """The exchange file of ``organisation``'s own clauses (every version), or of the
    clause versions of its approved clause set ``clause_set`` (reference clauses it holds
    included). Raises ``LookupError`` when the organisation has no such approved set."""
    entries: list[dict[str, Any]]
    if clause_set is None:
        clauses = session.scalars(
            select(Clause).where(Clause.organisation_id == organisation.id).order_by(Clause.slug)
        )
        entries = [_entry(clause, list(clause.versions)) for clause in clauses if clause.versions]
    else:
        set_version = _approved_set(session, organisation, clause_set)
        entries = [
            _entry(item.clause_version.clause, [item.clause_version]) for item in set_version.items
        ]
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "organisation": organisation.name,
        "exported_at": (now or dt.datetime.now(dt.UTC)).replace(microsecond=0).isoformat(),
        **({"clause_set": clause_set} if clause_set is not None else {}),
        "clauses": entries,
    }
    return yaml.dump(document, Dumper=ClauseDumper, allow_unicode=True, sort_keys=False, width=100)


def _approved_set(session: Session, organisation: Organisation, slug: str) -> ClauseSetVersion:
    version = session.scalar(
        select(ClauseSetVersion)
        .join(ClauseSet)
        .where(
            ClauseSet.slug == slug,
            ClauseSet.organisation_id == organisation.id,
            ClauseSetVersion.status == ClauseStatus.APPROVED,
        )
        .order_by(ClauseSetVersion.number.desc())
        .limit(1)
    )
    if version is None:
        raise LookupError(f"{organisation.name} has no approved clause set '{slug}'")
    return version


def _entry(clause: Clause, versions: Sequence[ClauseVersion]) -> dict[str, Any]:
    return {
        "id": clause.slug,
        "folder": clause.folder,
        "versions": [
            {
                "number": version.number,
                "status": version.status,
                "approved_hash": version.approved_hash,
                "content": {
                    key: version.content[key] for key in CLAUSE_FIELDS if key in version.content
                },
            }
            for version in versions
        ],
    }


def approved_set_slugs(session: Session, organisation_id: int) -> list[str]:
    """The organisation's clause sets that have an approved version, to export one."""
    return list(
        session.scalars(
            select(ClauseSet.slug)
            .join(ClauseSetVersion)
            .where(
                ClauseSet.organisation_id == organisation_id,
                ClauseSetVersion.status == ClauseStatus.APPROVED,
            )
            .distinct()
            .order_by(ClauseSet.slug)
        )
    )


# -- import -------------------------------------------------------------------------------


def decode_upload(data: bytes) -> str:
    """An uploaded exchange file's text; refuses more than ``MAX_EXCHANGE_BYTES`` bytes
    (the caller reads one byte more) and anything but UTF-8."""
    if len(data) > MAX_EXCHANGE_BYTES:
        raise ExchangeFileError(
            [Problem(FILE, "(size)", f"is more than {MAX_EXCHANGE_BYTES} bytes long")]
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ExchangeFileError(
            [Problem(FILE, "(encoding)", f"is not UTF-8 text (byte {error.start})")]
        ) from error


def read_exchange(text: str) -> tuple[dict[str, Any], list[ClauseFile]]:
    """The file's header and each entry's latest version as a checked clause file.

    Raises ``ExchangeFileError`` listing every problem, each naming its entry
    (``clauses[2] (insertion-hours)``) and field."""
    try:
        data = load_yaml(text, max_bytes=MAX_EXCHANGE_BYTES)
    except YamlRefusedError as error:
        raise ExchangeFileError([Problem(FILE, "(yaml)", f"is not accepted: {error}")]) from error
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        raise ExchangeFileError(
            [Problem(FILE, "(yaml)", f"is not valid YAML: {message}")]
        ) from error
    if not isinstance(data, dict):
        raise ExchangeFileError([Problem(FILE, "(yaml)", "must be a mapping of fields")])
    problems = _header_problems(data)
    clause_set = data.get("clause_set")
    entries = data.get("clauses")
    if not isinstance(entries, list) or not entries:
        problems.append(Problem(FILE, "clauses", "must be a non-empty list"))
        raise ExchangeFileError(problems)
    if len(entries) > MAX_CLAUSES:
        problems.append(Problem(FILE, "clauses", f"holds {len(entries)}; at most {MAX_CLAUSES}"))
        raise ExchangeFileError(problems)
    clause_files: list[ClauseFile] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries):
        clause_file, found = _read_entry(index, entry)
        problems.extend(found)
        slug = entry.get("id") if isinstance(entry, dict) else None
        if isinstance(slug, str):
            if slug in seen:
                problems.append(Problem(_where(index, slug), "id", "appears twice in the file"))
            seen.add(slug)
        if clause_file is not None:
            clause_files.append(clause_file)
    if problems:
        raise ExchangeFileError(problems)
    header = {
        "organisation": str(data["organisation"]),
        "exported_at": str(data["exported_at"]),
        "clause_set": clause_set,
    }
    return header, clause_files


def _header_problems(data: dict[Any, Any]) -> list[Problem]:
    problems = [
        Problem(FILE, name, "unknown field") for name in sorted(set(map(str, data)) - TOP_FIELDS)
    ]
    if data.get("format") != FORMAT:
        problems.append(Problem(FILE, "format", f"must be '{FORMAT}'"))
    if data.get("format_version") != FORMAT_VERSION:
        problems.append(
            Problem(
                FILE,
                "format_version",
                f"must be {FORMAT_VERSION}; this file says {data.get('format_version')!r}",
            )
        )
    for name in ("organisation", "exported_at"):
        if not isinstance(data.get(name), str | dt.datetime) or not str(data[name]).strip():
            problems.append(Problem(FILE, name, "is required"))
    clause_set = data.get("clause_set")
    if clause_set is not None and not (isinstance(clause_set, str) and SLUG.match(clause_set)):
        problems.append(Problem(FILE, "clause_set", "must be a clause set identifier"))
    return problems


def _where(index: int, slug: Any) -> str:
    return f"clauses[{index + 1}] ({slug})" if isinstance(slug, str) else f"clauses[{index + 1}]"


def _read_entry(index: int, entry: Any) -> tuple[ClauseFile | None, list[Problem]]:
    if not isinstance(entry, dict):
        return None, [Problem(_where(index, None), "(entry)", "must be a mapping of fields")]
    slug, folder = entry.get("id"), entry.get("folder")
    where = _where(index, slug)
    problems = [
        Problem(where, name, "unknown field")
        for name in sorted(set(map(str, entry)) - ENTRY_FIELDS)
    ]
    if not isinstance(slug, str) or not SLUG.match(slug) or len(slug) > 120:
        problems.append(
            Problem(where, "id", "must be a slug of lower-case letters, digits and hyphens")
        )
    if not isinstance(folder, str) or not SLUG.match(folder) or len(folder) > 60:
        problems.append(Problem(where, "folder", "must be a theme folder name such as 'social'"))
    versions = entry.get("versions")
    if not isinstance(versions, list) or not versions or len(versions) > MAX_VERSIONS:
        problems.append(
            Problem(where, "versions", f"must be a list of 1 to {MAX_VERSIONS} versions")
        )
    if problems or not (
        isinstance(slug, str) and isinstance(folder, str) and isinstance(versions, list)
    ):
        return None, problems
    # Every version must be sound; the latest one is the one imported.
    latest: ClauseFile | None = None
    for position, version in enumerate(versions, start=1):
        clause_file, found = _read_version(f"{where} versions[{position}]", slug, folder, version)
        problems.extend(found)
        latest = clause_file
    return (latest if not problems else None), problems


def _read_version(
    where: str, slug: str, folder: str, version: Any
) -> tuple[ClauseFile | None, list[Problem]]:
    if not isinstance(version, dict):
        return None, [Problem(where, "(version)", "must be a mapping of fields")]
    problems = [
        Problem(where, name, "unknown field")
        for name in sorted(set(map(str, version)) - VERSION_FIELDS)
    ]
    content = version.get("content")
    if not isinstance(content, dict):
        return None, [*problems, Problem(where, "content", "must be a mapping of clause fields")]
    unknown = sorted(set(map(str, content)) - CONTENT_FIELDS)
    problems.extend(Problem(where, f"content.{name}", "unknown field") for name in unknown)
    known = {key: value for key, value in content.items() if key in CONTENT_FIELDS}
    clause_file, found = check_clause(
        f"{folder}/{slug}.yaml", folder, {**known, "id": slug, "status": ClauseStatus.DRAFT}
    )
    problems.extend(Problem(where, f"content.{item.field}", item.message) for item in found)
    status = version.get("status")
    if status is not None and (
        not isinstance(status, str) or status not in {member.value for member in ClauseStatus}
    ):
        problems.append(
            Problem(
                where,
                "status",
                f"unknown value '{status}'; expected one of "
                + ", ".join(member.value for member in ClauseStatus),
            )
        )
    stated = version.get("approved_hash")
    if stated is not None:
        if not isinstance(stated, str) or not HASH.match(stated):
            problems.append(Problem(where, "approved_hash", "must be a 64-character hash"))
        elif clause_file is not None and stated != approved_hash(clause_file.content):
            problems.append(
                Problem(
                    where,
                    "approved_hash",
                    "does not match the content: the clause was changed after its approval",
                )
            )
    return (clause_file if not problems else None), problems


def plan_import(session: Session, text: str, organisation_id: int) -> ImportPlan:
    """What importing ``text`` into the organisation would do; writes nothing.

    Raises ``ExchangeFileError`` when the file is wrong, or refers to a related clause
    that is neither in the file nor in the organisation's library."""
    header, clause_files = read_exchange(text)
    in_file = {clause_file.id for clause_file in clause_files}
    problems = _unknown_related(session, clause_files, in_file, organisation_id)
    if problems:
        raise ExchangeFileError(problems)
    plan = ImportPlan(header["organisation"], header["exported_at"], header["clause_set"])
    for clause_file in clause_files:
        plan.clauses.append(_planned(session, clause_file, organisation_id))
    return plan


def _unknown_related(
    session: Session, clause_files: list[ClauseFile], in_file: set[str], organisation_id: int
) -> list[Problem]:
    wanted = {slug for clause_file in clause_files for slug in clause_file.related_ids}
    known = in_file | set(
        session.scalars(
            select(Clause.slug).where(Clause.slug.in_(wanted), visible_clauses(organisation_id))
        )
    )
    return [
        Problem(
            f"clauses ({clause_file.id})",
            "content.related",
            f"refers to clause '{slug}', which is neither in the file nor in your library",
        )
        for clause_file in clause_files
        for slug in clause_file.related_ids
        if slug not in known
    ]


def _planned(session: Session, clause_file: ClauseFile, organisation_id: int) -> PlannedClause:
    content = clause_file.content
    digest = approved_hash(content)
    base: dict[str, Any] = {
        "slug": clause_file.id,
        "folder": clause_file.folder,
        "title": dict(content["title"]),
        "content": content,
        "approved_hash": digest,
    }
    reference = reference_clause(session, clause_file.id)
    if reference is not None:
        approved = latest_approved(session, reference.id)
        if approved is not None and approved.approved_hash == digest:
            return PlannedClause(
                **base,
                outcome=Outcome.IDENTICAL,
                against_owner="reference",
                against_version=approved.number,
            )
    existing = clause_for(session, clause_file.id, organisation_id)
    if existing is None:
        return PlannedClause(**base, outcome=Outcome.NEW)
    current = latest_version(session, existing)
    owner = "reference" if existing.organisation_id is None else "organisation"
    if owner == "organisation" and current is not None and has_content(current, content):
        # The organisation's own latest version already says this: nothing to review.
        return PlannedClause(
            **base, outcome=Outcome.IDENTICAL, against_owner=owner, against_version=current.number
        )
    return PlannedClause(
        **base,
        outcome=Outcome.CHANGED,
        against_owner=owner,
        against_version=current.number if current else None,
    )


def import_clauses(
    session: Session,
    plan: ImportPlan,
    *,
    organisation: Organisation,
    actor: User | None,
) -> list[ClauseVersion]:
    """Store each new or changed clause of ``plan`` as a draft version of the
    organisation (never approved), and audit the import; return the drafts."""
    drafts: list[ClauseVersion] = []
    for planned in plan.clauses:
        if planned.outcome is Outcome.IDENTICAL:
            continue
        drafts.append(_import_one(session, planned, organisation, actor))
    session.add(
        AuditEvent(
            actor_id=actor.id if actor is not None else None,
            organisation_id=organisation.id,
            action="clause.imported",
            subject_type="clause_exchange",
            subject_id=plan.organisation[:120],
            before=None,
            after={
                "from": plan.organisation,
                "exported_at": plan.exported_at,
                "clause_set": plan.clause_set,
                **{
                    outcome.value: [clause.slug for clause in plan.of(outcome)]
                    for outcome in Outcome
                },
                "drafts": [f"{draft.clause.slug}@{draft.number}" for draft in drafts],
            },
        )
    )
    session.flush()
    return drafts


def _import_one(
    session: Session, planned: PlannedClause, organisation: Organisation, actor: User | None
) -> ClauseVersion:
    clause = clause_for(session, planned.slug, organisation.id)
    previous = None if clause is None else latest_version(session, clause)
    derived_from = None
    if clause is None or clause.organisation_id is None:
        # A new clause of the organisation, or its variant of a reference clause.
        derived_from = None if clause is None else latest_approved(session, clause.id)
        clause = Clause(slug=planned.slug, folder=planned.folder, organisation_id=organisation.id)
        session.add(clause)
        session.flush()
    return add_version(
        session,
        clause,
        planned.content,
        status=ClauseStatus.DRAFT,
        author_id=actor.id if actor is not None else None,
        previous=previous,
        derived_from=derived_from,
    )
