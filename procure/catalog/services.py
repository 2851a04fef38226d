"""Creating and editing clauses from the web: every edit is a new draft version."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import yaml
from sqlalchemy import select
from sqlalchemy.orm import Session

from procure.audit import record_event
from procure.catalog.variables import rows_from_variables, variable_from_row
from procure.errors import ConflictError, ProcureError
from procure.library.ownership import clause_for, reference_clause, visible_clauses
from procure.library.schema import Problem, check_clause
from procure.library.synonyms import TermProblem, check_group
from procure.library.versions import add_version, has_content, latest_approved, latest_version
from procure.library.yamlsafe import YamlRefusedError, load_yaml
from procure.models import (
    Clause,
    ClauseSet,
    ClauseSetItem,
    ClauseSetVersion,
    ClauseVersion,
    SearchSynonym,
    User,
)
from procure.vocabulary import ClauseStatus

BILINGUAL_FIELDS = ("title", "text", "guidance", "verification", "penalty")
YAML_FIELDS = ("kpi", "related")
# The form's YAML fields hold at most a few thousand characters (ClauseForm).
MAX_FIELD_YAML_BYTES = 64 * 1024


class ClauseValidationError(ProcureError):
    """The submitted clause breaks the clause file rules; ``problems`` says where."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class ClauseDraft:
    """What the clause form holds, before it becomes a clause file's content."""

    slug: str
    folder: str
    fields: dict[str, Any]
    language: str = "fr"  # of the page: how numbers in the variables' rows are written


def form_field_of(problem_field: str) -> str:
    """The form field to show a clause-file problem next to."""
    head = problem_field.split("[", maxsplit=1)[0]
    if head == "id":
        return "slug"
    for name in BILINGUAL_FIELDS:
        if head.startswith(f"{name}."):
            return head.replace(".", "_")
    if head.startswith("eforms."):
        return "eforms_" + head.split(".")[1]
    return head.split(".")[0]


def content_from_draft(draft: ClauseDraft) -> tuple[dict[str, Any], list[Problem]]:
    """Build clause-file data from the form; YAML fields that do not parse are problems.

    The data is as typed: ``check_clause`` normalises it like a file's."""
    data: dict[str, Any] = {"id": draft.slug}
    problems: list[Problem] = []
    fields = draft.fields
    for name in BILINGUAL_FIELDS:
        french, english = fields.get(f"{name}_fr") or "", fields.get(f"{name}_en") or ""
        if french.strip() or english.strip() or name != "penalty":
            data[name] = {"fr": french, "en": english}
    for name in ("kind", "ambition"):
        data[name] = fields.get(name)
    for name in ("pillars", "themes", "objectives", "contract_types"):
        if fields.get(name) or name != "objectives":
            data[name] = list(fields.get(name) or [])
    prefixes = [p.strip() for p in (fields.get("cpv_prefixes") or "").split(",") if p.strip()]
    if prefixes:
        data["cpv_prefixes"] = prefixes
    if fields.get("families"):
        data["families"] = list(fields["families"])
    if fields.get("min_value") is not None:
        data["min_value"] = int(Decimal(fields["min_value"]))
    data["legal_basis"] = [
        {"code": code, "article": article or None}
        for code, _, article in (item.partition("|") for item in fields.get("legal_basis") or [])
    ]
    eforms = {
        key: list(fields.get(f"eforms_{key}") or [])
        for key in ("strategic", "environmental", "social", "gpp")
    }
    if any(eforms.values()):
        data["eforms"] = {key: codes for key, codes in eforms.items() if codes}
    data["variables"] = [
        variable_from_row(row, draft.language) for row in fields.get("variables") or []
    ]
    for name in YAML_FIELDS:
        source = (fields.get(name) or "").strip()
        if source:
            try:
                data[name] = _yaml_field(name, source)
            except ClauseValidationError as error:
                problems.extend(error.problems)
    return data, problems


def _yaml_field(name: str, source: str) -> Any:
    """A YAML form field's value, with the safe loader every typed YAML goes through."""
    try:
        return load_yaml(source, max_bytes=MAX_FIELD_YAML_BYTES)
    except YamlRefusedError as error:
        problem = Problem("(form)", name, f"is not accepted: {error}")
    except yaml.YAMLError as error:
        problem = Problem("(form)", name, f"is not valid YAML: {' '.join(str(error).split())}")
    raise ClauseValidationError([problem])


def draft_fields_from_content(content: dict[str, Any], language: str) -> dict[str, Any]:
    """The form's initial values for an existing version, numbers written in ``language``."""
    fields: dict[str, Any] = {}
    for name in BILINGUAL_FIELDS:
        value = content.get(name) or {}
        fields[f"{name}_fr"], fields[f"{name}_en"] = value.get("fr", ""), value.get("en", "")
    for name in (
        "kind",
        "ambition",
        "pillars",
        "themes",
        "objectives",
        "contract_types",
        "families",
        "min_value",
    ):
        fields[name] = content.get(name)
    fields["cpv_prefixes"] = ", ".join(content.get("cpv_prefixes") or [])
    fields["legal_basis"] = [
        f"{ref['code']}|{ref['article'] or ''}" for ref in content["legal_basis"]
    ]
    for key in ("strategic", "environmental", "social", "gpp"):
        fields[f"eforms_{key}"] = (content.get("eforms") or {}).get(key) or []
    fields["variables"] = rows_from_variables(content.get("variables"), language)
    for name in YAML_FIELDS:
        value = content.get(name)
        fields[name] = yaml.safe_dump(value, allow_unicode=True, sort_keys=False) if value else ""
    return fields


def save_clause_draft(
    session: Session, draft: ClauseDraft, *, author: User, base_version: int | None
) -> ClauseVersion:
    """Validate ``draft`` like a clause file and store it as a new draft version of the
    author's organisation: of its own clause, or of its variant of a reference clause.

    ``base_version`` is the id of the version the author started from (None for a new
    clause): a reference version and the variant's first version share a number, not an
    id. If someone saved another version since, nothing is written.
    """
    data, problems = content_from_draft(draft)
    clause_file, found = check_clause(f"{draft.folder}/{draft.slug}.yaml", draft.folder, data)
    problems.extend(found)
    clause = clause_for(session, draft.slug, author.organisation_id)
    if base_version is None and clause is not None:
        problems.append(
            Problem("(form)", "id", f"a clause with the identifier '{draft.slug}' exists")
        )
    problems.extend(_unknown_related(session, data, author.organisation_id))
    if problems:
        raise ClauseValidationError(problems)
    assert clause_file is not None
    previous = None if clause is None else latest_version(session, clause)
    if clause is not None and (previous is None or previous.id != base_version):
        raise ConflictError(
            f"version {previous.number if previous else 0} of '{draft.slug}' was saved "
            "since you opened the form"
        )
    if previous is not None and has_content(previous, clause_file.content):
        raise ClauseValidationError([Problem("(form)", "text", "nothing was changed")])
    if clause is None or clause.organisation_id is None:
        # A new clause of the organisation, or its variant of a reference clause.
        derived_from = previous
        clause = Clause(
            slug=draft.slug, folder=draft.folder, organisation_id=author.organisation_id
        )
        session.add(clause)
        session.flush()
    else:
        # A new version of the organisation's clause; a variant now answers to the
        # reference version in force, which its edit page showed.
        reference = reference_clause(session, clause.slug)
        derived_from = latest_approved(session, reference.id) if reference else None
        clause.folder = draft.folder
    version = add_version(
        session,
        clause,
        clause_file.content,
        status=ClauseStatus.DRAFT,
        author_id=author.id,
        previous=previous,
        derived_from=derived_from,
    )
    record_event(
        session,
        actor=author,
        action="clause.draft_saved",
        subject_type="clause_version",
        subject_id=f"{clause.slug}@{version.number}",
        before={"version": previous.number, "content_hash": previous.content_hash}
        if previous
        else None,
        after={
            "version": version.number,
            "content_hash": version.content_hash,
            "status": version.status,
            **({"adapted_from_reference": derived_from.number} if derived_from else {}),
        },
    )
    return version


def _unknown_related(session: Session, data: dict[str, Any], organisation_id: int) -> list[Problem]:
    related = data.get("related")
    if not isinstance(related, dict):
        return []
    wanted = {
        i for key in ("with", "excludes") for i in related.get(key) or [] if isinstance(i, str)
    }
    known = set(
        session.scalars(
            select(Clause.slug).where(Clause.slug.in_(wanted), visible_clauses(organisation_id))
        )
    )
    return [
        Problem("(form)", "related", f"refers to unknown clause '{slug}'")
        for slug in sorted(wanted - known)
    ]


def clause_sets_using(session: Session, clause: Clause) -> list[ClauseSetVersion]:
    """The latest version of each clause set that contains any version of ``clause``."""
    rows = session.scalars(
        select(ClauseSetVersion)
        .join(ClauseSetItem)
        .join(ClauseVersion, ClauseVersion.id == ClauseSetItem.clause_version_id)
        .join(ClauseSet)
        .where(ClauseVersion.clause_id == clause.id)
        .order_by(ClauseSet.slug, ClauseSetVersion.number.desc())
    )
    latest: dict[int, ClauseSetVersion] = {}
    for set_version in rows:
        latest.setdefault(set_version.clause_set_id, set_version)
    return list(latest.values())


# -- search synonyms ------------------------------------------------------------------


class SynonymGroupError(ProcureError):
    """The submitted synonym group breaks the rules of ``check_group``."""

    def __init__(self, problems: list[TermProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(f"{p.field}: {p.english()}" for p in problems))


@dataclass(frozen=True)
class SynonymDraft:
    """What the synonym form holds: the first term, the others, and the direction."""

    language: str
    term: str
    others: tuple[str, ...]
    one_way: bool

    @property
    def terms(self) -> list[str]:
        return [self.term.strip(), *(other.strip() for other in self.others)]


def synonyms_of(session: Session, organisation_id: int) -> tuple[list[SearchSynonym], ...]:
    """The reference groups and the organisation's own, by language then first term."""
    rows = session.scalars(
        select(SearchSynonym).where(
            SearchSynonym.organisation_id.is_(None)
            | (SearchSynonym.organisation_id == organisation_id)
        )
    ).all()
    ordered = sorted(rows, key=lambda row: (row.language, str(row.terms[0]).casefold()))
    return (
        [row for row in ordered if row.organisation_id is None],
        [row for row in ordered if row.organisation_id is not None],
    )


def synonym_in(session: Session, organisation_id: int, synonym_id: int) -> SearchSynonym | None:
    """The organisation's own group ``synonym_id``; the reference set is not edited here."""
    synonym = session.get(SearchSynonym, synonym_id)
    if synonym is None or synonym.organisation_id != organisation_id:
        return None
    return synonym


def save_synonym_group(
    session: Session, draft: SynonymDraft, *, author: User, synonym: SearchSynonym | None
) -> SearchSynonym:
    """Create the author's organisation's group, or change ``synonym``, one of its own."""
    problems = check_group(draft.term, draft.others)
    if problems:
        raise SynonymGroupError(problems)
    before = _synonym_record(synonym) if synonym is not None else None
    if synonym is None:
        synonym = SearchSynonym(organisation_id=author.organisation_id)
        session.add(synonym)
    synonym.language = draft.language
    synonym.terms = draft.terms
    synonym.one_way = draft.one_way
    session.flush()
    record_event(
        session,
        actor=author,
        action="synonym.created" if before is None else "synonym.changed",
        subject_type="search_synonym",
        subject_id=synonym.id,
        before=before,
        after=_synonym_record(synonym),
    )
    return synonym


def delete_synonym_group(session: Session, synonym: SearchSynonym, *, author: User) -> None:
    record_event(
        session,
        actor=author,
        action="synonym.deleted",
        subject_type="search_synonym",
        subject_id=synonym.id,
        before=_synonym_record(synonym),
    )
    session.delete(synonym)
    session.flush()


def _synonym_record(synonym: SearchSynonym) -> dict[str, Any]:
    return {"language": synonym.language, "terms": list(synonym.terms), "one_way": synonym.one_way}
