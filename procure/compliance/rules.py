"""Compliance rules as data: one YAML file per rule in ``rules/``, checked field by field.

Like the clause library, a rule folder loads whole or not at all: ``read_rules``
collects every problem of every file, each naming the file and the field, and
raises ``RuleFileError`` listing them all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from procure.compliance.conditions import Node, parse_condition
from procure.compliance.fields import SLUG, FieldChecker
from procure.compliance.requirements import parse_requirements
from procure.compliance.results import Severity
from procure.compliance.wording import Bilingual
from procure.errors import ProcureError
from procure.library.legal import find_reference
from procure.library.schema import Problem

RULES_FOLDER = Path(__file__).with_name("rules")

REQUIRED_FIELDS = (
    "id",
    "title",
    "legal_basis",
    "in_force_from",
    "verified",
    "severity",
    "applies_when",
    "requires",
    "message",
    "satisfied_by",
    "exceptions_allowed",
)
OPTIONAL_FIELDS = ("in_force_until", "scope")
# On a contract divided into lots, a "lot" rule is judged on each lot as a contract of
# its own, a "contract" rule once on the whole contract.
SCOPES = ("lot", "contract")


class RuleFileError(ProcureError):
    """One or more rule files are invalid; ``problems`` lists them all."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass(frozen=True)
class Rule:
    """A checked rule: when it applies, what it requires, what to tell the buyer."""

    id: str
    title: Bilingual
    legal_basis: tuple[tuple[str, str | None], ...]
    in_force_from: dt.date
    in_force_until: dt.date | None
    verified: bool
    severity: Severity
    applies_when: Node
    requires: Node
    message: Bilingual  # what the buyer does when the rule fails
    satisfied_by: tuple[str, ...]  # library clauses that satisfy it
    exceptions_allowed: bool  # a written justification clears a failure
    path: str = ""
    scope: str = "lot"  # one of SCOPES

    def is_in_force(self, on_date: dt.date) -> bool:
        return self.in_force_from <= on_date and (
            self.in_force_until is None or on_date <= self.in_force_until
        )


class _RuleYamlLoader(yaml.SafeLoader):
    """Keeps dates as text, so that a bad date is reported on its own field."""


_RuleYamlLoader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


@cache
def load_rules(folder: Path = RULES_FOLDER, library: Path | None = None) -> tuple[Rule, ...]:
    """Every rule of ``folder``, read once per process (see ``read_rules``)."""
    return tuple(read_rules(folder, library))


def read_rules(folder: Path = RULES_FOLDER, library: Path | None = None) -> list[Rule]:
    """Every rule file of ``folder``, valid together, or ``RuleFileError`` listing why not.

    With ``library`` (a clause folder such as ``clauses/``), every clause id a rule
    names must be a clause file there.
    """
    clause_slugs = library_slugs(library) if library is not None else None
    paths = sorted(folder.glob("*.yaml"))
    if not paths:
        raise RuleFileError([Problem(str(folder), "(folder)", "contains no .yaml rule file")])
    rules: list[Rule] = []
    problems: list[Problem] = []
    for path in paths:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_RuleYamlLoader)
        except (yaml.YAMLError, UnicodeDecodeError) as error:
            problems.append(Problem(str(path), "(file)", f"is not valid YAML: {_short(error)}"))
            continue
        rule, found = check_rule(str(path), data, clause_slugs)
        problems.extend(found)
        if rule is not None:
            rules.append(rule)
    if problems:
        raise RuleFileError(problems)
    return rules


def library_slugs(library: Path) -> frozenset[str]:
    """The clause ids of a clause folder: its file names (README: file name = clause id)."""
    return frozenset(path.stem for path in library.rglob("*.yaml"))


def check_rule(
    path: str, data: Any, clause_slugs: frozenset[str] | None = None
) -> tuple[Rule | None, list[Problem]]:
    """Check one parsed rule file; return the rule when valid, and every problem found."""
    checker = FieldChecker(path, clause_slugs)
    if not isinstance(data, dict):
        checker.problem("(file)", "must be a YAML mapping of fields")
        return None, checker.problems
    for name in sorted(set(data) - set(REQUIRED_FIELDS) - set(OPTIONAL_FIELDS), key=str):
        checker.problem(str(name), "unknown field")
    for name in REQUIRED_FIELDS:
        if name not in data:
            checker.problem(name, "is required")

    rule_id = _check_id(checker, path, data.get("id"))
    title = checker.bilingual("title", data["title"]) if "title" in data else None
    message = checker.bilingual("message", data["message"]) if "message" in data else None
    severity = _check_severity(checker, data.get("severity"))
    verified = checker.boolean("verified", data["verified"]) if "verified" in data else None
    legal_basis = _check_legal_basis(checker, data.get("legal_basis"), severity, verified)
    start = (
        checker.date("in_force_from", data["in_force_from"]) if "in_force_from" in data else None
    )
    end = None
    if data.get("in_force_until") is not None:
        end = checker.date("in_force_until", data["in_force_until"])
        if start and end and end < start:
            checker.problem("in_force_until", f"{end} is before in_force_from {start}")
    exceptions = (
        checker.boolean("exceptions_allowed", data["exceptions_allowed"])
        if "exceptions_allowed" in data
        else None
    )
    satisfied_by = (
        checker.clause_slug_list("satisfied_by", data["satisfied_by"], allow_empty=True)
        if "satisfied_by" in data
        else None
    )
    scope = _check_scope(checker, data.get("scope", "lot"))
    applies_when = (
        parse_condition(checker, "applies_when", data["applies_when"])
        if "applies_when" in data
        else None
    )
    requires = (
        parse_requirements(checker, "requires", data["requires"]) if "requires" in data else None
    )

    # Every reader that returns None has recorded why, so no problem means no None.
    if (
        checker.problems
        or rule_id is None
        or title is None
        or legal_basis is None
        or start is None
        or verified is None
        or severity is None
        or applies_when is None
        or requires is None
        or message is None
        or satisfied_by is None
        or exceptions is None
        or scope is None
    ):
        return None, checker.problems
    rule = Rule(
        id=rule_id,
        title=title,
        legal_basis=legal_basis,
        in_force_from=start,
        in_force_until=end,
        verified=verified,
        severity=severity,
        applies_when=applies_when,
        requires=requires,
        message=message,
        satisfied_by=satisfied_by,
        exceptions_allowed=exceptions,
        path=path,
        scope=scope,
    )
    return rule, []


def _check_id(checker: FieldChecker, path: str, value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not SLUG.match(value):
        checker.problem("id", f"'{value}' is not a slug (a-z, 0-9, -)")
        return None
    stem = Path(path).stem
    if value != stem:
        checker.problem("id", f"'{value}' must equal the file name '{stem}'")
        return None
    return value


def _check_severity(checker: FieldChecker, value: Any) -> Severity | None:
    if value is None:
        return None
    choices = [member.value for member in Severity]
    if value not in choices:
        checker.problem(
            "severity", f"unknown value '{value}'; expected one of {', '.join(choices)}"
        )
        return None
    return Severity(value)


def _check_scope(checker: FieldChecker, value: Any) -> str | None:
    if value not in SCOPES:
        checker.problem("scope", f"unknown value '{value}'; expected one of {', '.join(SCOPES)}")
        return None
    return str(value)


def _check_legal_basis(
    checker: FieldChecker, value: Any, severity: Severity | None, verified: bool | None
) -> tuple[tuple[str, str | None], ...] | None:
    if value is None:
        return None
    if not isinstance(value, list):
        checker.problem("legal_basis", "must be a list of {code, article} references")
        return None
    if not value and severity is Severity.BLOCKING:
        checker.problem("legal_basis", "a blocking rule must cite at least one legal reference")
        return None
    references: list[tuple[str, str | None]] = []
    for index, item in enumerate(value):
        name = f"legal_basis[{index}]"
        if not isinstance(item, dict) or set(item) != {"code", "article"}:
            checker.problem(name, "must have a 'code' and an 'article' (null for a whole text)")
            continue
        article = None if item["article"] is None else str(item["article"])
        reference = find_reference(str(item["code"]), article)
        if reference is None:
            checker.problem(
                name,
                f"unknown legal reference {item['code']} {article}; "
                "cite only references listed in procure/library/legal_bases.yaml",
            )
            continue
        if verified and not reference.verified:
            checker.problem(
                "verified",
                f"cites {reference.code} {reference.article}, which legal_bases.yaml marks "
                "unverified; set verified: false",
            )
        references.append((reference.code, reference.article))
    if len(references) != len(value):
        return None
    return tuple(references)


def _short(error: Exception) -> str:
    return " ".join(str(error).split())
