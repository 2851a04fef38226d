"""The clause file schema (clauses/README.md), checked field by field.

``check_clause`` never stops at the first problem: it returns every problem it
finds, each naming the file and the field, so an author fixes a file in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from procure.library.canonical import normalised_content
from procure.library.content import DEFAULT_TEXT_MAX_LENGTH
from procure.library.families import PurchaseFamily
from procure.library.legal import find_reference
from procure.library.text import (
    content_hash,
    is_bilingual,
    malformed_placeholders,
    project,
    variables_in,
)
from procure.vocabulary import (
    EFORMS_ENVIRONMENTAL,
    EFORMS_GPP,
    EFORMS_SOCIAL,
    EFORMS_STRATEGIC,
    Ambition,
    ClauseKind,
    ClauseStatus,
    ContractType,
    KpiFrequency,
    Objective,
    Pillar,
    Theme,
    VariableType,
)

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
VARIABLE_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
CPV_PREFIX = re.compile(r"^\d{2,8}$")
HASH = re.compile(r"^[0-9a-f]{64}$")

BILINGUAL_REQUIRED = ("title", "text", "guidance", "verification")
BILINGUAL_OPTIONAL = ("penalty",)
# Every field of a clause file, in the order files are written.
CLAUSE_FIELDS = (
    "id",
    "version",
    "status",
    "title",
    "kind",
    "pillars",
    "themes",
    "objectives",
    "contract_types",
    "cpv_prefixes",
    "families",
    "ambition",
    "min_value",
    "text",
    "guidance",
    "verification",
    "penalty",
    "legal_basis",
    "variables",
    "eforms",
    "kpi",
    "related",
    "en_translates",
)
KNOWN_FIELDS = frozenset(CLAUSE_FIELDS)
VARIABLE_FIELDS = {
    "name",
    "label",
    "type",
    "default",
    "help",
    "unit",
    "min",
    "max",
    "max_length",
    "choices",
}
NUMERIC_TYPES = {
    VariableType.INTEGER,
    VariableType.DECIMAL,
    VariableType.PERCENT,
    VariableType.MONEY,
}
TITLE_MAX_LENGTH = 300


@dataclass(frozen=True)
class Problem:
    """One thing wrong in one clause file."""

    file: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.field}: {self.message}"


@dataclass
class ClauseFile:
    """A valid clause file: its identity, its review fields and its content."""

    id: str
    folder: str
    path: str
    content: dict[str, Any]
    status: ClauseStatus = ClauseStatus.APPROVED
    version: int | None = None
    en_translates: str | None = None
    related_ids: list[str] = field(default_factory=list)
    source_hash: str | None = None  # SHA-256 of the file's bytes, once read from a file


class _Checker:
    def __init__(self, path: str, data: Any) -> None:
        self.path = path
        self.data = data
        self.problems: list[Problem] = []

    def problem(self, field_name: str, message: str) -> None:
        self.problems.append(Problem(self.path, field_name, message))

    # -- generic shapes -------------------------------------------------
    def bilingual(self, name: str, value: Any, *, max_length: int | None = None) -> None:
        if not isinstance(value, dict):
            self.problem(name, "must be a mapping with 'fr' and 'en' texts")
            return
        for language in ("fr", "en"):
            text = value.get(language)
            if text is None or (isinstance(text, str) and not text.strip()):
                what = "French text" if language == "fr" else "English translation"
                self.problem(f"{name}.{language}", f"missing {what}")
            elif not isinstance(text, str):
                self.problem(f"{name}.{language}", "must be text")
            elif max_length and len(text) > max_length:
                self.problem(f"{name}.{language}", f"longer than {max_length} characters")
        for extra in sorted(set(value) - {"fr", "en"}):
            self.problem(f"{name}.{extra}", "unknown language; use 'fr' and 'en'")

    def choice_list(
        self, name: str, allowed: type[StrEnum] | tuple[str, ...], *, required: bool
    ) -> list[str]:
        value = self.data.get(name)
        if value is None:
            if required:
                self.problem(name, "is required")
            return []
        if not isinstance(value, list) or (required and not value):
            self.problem(name, "must be a non-empty list" if required else "must be a list")
            return []
        values = [str(item) for item in value]
        choices = [member.value for member in allowed] if isinstance(allowed, type) else allowed
        for item in values:
            if item not in choices:
                self.problem(name, f"unknown value '{item}'; expected one of {', '.join(choices)}")
        if len(set(values)) != len(values):
            self.problem(name, "lists a value twice")
        return values

    def one_of(self, name: str, allowed: type[StrEnum], *, required: bool = True) -> str | None:
        value = self.data.get(name)
        if value is None:
            if required:
                self.problem(name, "is required")
            return None
        choices = [member.value for member in allowed]
        if not isinstance(value, str) or value not in choices:
            self.problem(name, f"unknown value '{value}'; expected one of {', '.join(choices)}")
            return None
        return value


def check_clause(path: str, folder: str, data: Any) -> tuple[ClauseFile | None, list[Problem]]:
    """Check one parsed clause file; return it when valid, and every problem found."""
    checker = _Checker(path, data)
    if not isinstance(data, dict):
        checker.problem("(file)", "must be a YAML mapping of fields")
        return None, checker.problems

    for unknown in sorted(set(data) - KNOWN_FIELDS):
        checker.problem(unknown, "unknown field (see clauses/README.md)")

    slug = data.get("id")
    file_stem = path.rsplit("/", 1)[-1].removesuffix(".yaml")
    if not isinstance(slug, str) or not SLUG.match(slug):
        checker.problem("id", "must be a slug of lower-case letters, digits and hyphens")
    elif slug != file_stem:
        checker.problem("id", f"'{slug}' differs from the file name '{file_stem}'")

    for name in BILINGUAL_REQUIRED:
        if name not in data:
            checker.problem(name, "is required")
        else:
            checker.bilingual(
                name, data[name], max_length=TITLE_MAX_LENGTH if name == "title" else None
            )
    for name in BILINGUAL_OPTIONAL:
        if data.get(name) is not None:
            checker.bilingual(name, data[name])

    checker.one_of("kind", ClauseKind)
    checker.one_of("ambition", Ambition)
    status = checker.one_of("status", ClauseStatus, required=False) or ClauseStatus.APPROVED
    checker.choice_list("pillars", Pillar, required=True)
    checker.choice_list("themes", Theme, required=True)
    checker.choice_list("objectives", Objective, required=False)
    checker.choice_list("contract_types", ContractType, required=True)
    _check_cpv_prefixes(checker)
    checker.choice_list("families", PurchaseFamily, required=False)
    _check_min_value(checker)
    _check_version(checker)
    _check_legal_basis(checker)
    declared = _check_variables(checker)
    _check_variable_use(checker, declared)
    _check_eforms(checker)
    _check_kpi(checker)
    related_ids = _check_related(checker, slug)
    en_translates = data.get("en_translates")
    if en_translates is not None and not (
        isinstance(en_translates, str) and HASH.match(en_translates)
    ):
        checker.problem("en_translates", "must be a 64-character content hash")

    if checker.problems or not isinstance(slug, str):  # a bad id is among the problems
        return None, checker.problems
    raw_content = {
        key: value
        for key, value in data.items()
        if key not in {"id", "version", "status", "en_translates"}
    }
    content = normalised_content(raw_content)
    if en_translates is not None and en_translates == content_hash(project(raw_content, "fr")):
        # A file exported before contents were normalised: its English translated the
        # French it carries, whose hash is now that of the normalised French.
        en_translates = content_hash(project(content, "fr"))
    return ClauseFile(
        id=slug,
        folder=folder,
        path=path,
        content=content,
        status=ClauseStatus(status),
        version=data.get("version"),
        en_translates=en_translates,
        related_ids=related_ids,
    ), []


def _check_cpv_prefixes(checker: _Checker) -> None:
    prefixes = checker.data.get("cpv_prefixes")
    if prefixes is None:
        return
    if not isinstance(prefixes, list):
        checker.problem("cpv_prefixes", "must be a list of quoted digit strings")
        return
    for index, prefix in enumerate(prefixes):
        if not isinstance(prefix, str) or not CPV_PREFIX.match(prefix):
            checker.problem(f"cpv_prefixes[{index}]", f"'{prefix}' is not 2 to 8 digits in quotes")


def _check_min_value(checker: _Checker) -> None:
    value = checker.data.get("min_value")
    if value is not None and (
        not isinstance(value, int | float) or isinstance(value, bool) or value < 0
    ):
        checker.problem("min_value", "must be a positive amount in euros")


def _check_version(checker: _Checker) -> None:
    version = checker.data.get("version")
    if version is not None and (
        not isinstance(version, int) or isinstance(version, bool) or version < 1
    ):
        checker.problem("version", "must be a whole number from 1")


def _check_legal_basis(checker: _Checker) -> None:
    references = checker.data.get("legal_basis")
    if not isinstance(references, list) or not references:
        checker.problem("legal_basis", "must list at least one legal reference")
        return
    for index, reference in enumerate(references):
        name = f"legal_basis[{index}]"
        if not isinstance(reference, dict) or "code" not in reference or "article" not in reference:
            checker.problem(name, "must have a 'code' and an 'article' (null for a whole text)")
            continue
        if find_reference(str(reference["code"]), reference["article"]) is None:
            checker.problem(
                name,
                f"unknown legal reference {reference['code']} {reference['article']}; "
                "cite only references listed in procure/library/legal_bases.yaml",
            )


def _check_variables(checker: _Checker) -> list[str]:
    variables = checker.data.get("variables") or []
    if not isinstance(variables, list):
        checker.problem("variables", "must be a list")
        return []
    names: list[str] = []
    for index, variable in enumerate(variables):
        name = f"variables[{index}]"
        if not isinstance(variable, dict):
            checker.problem(name, "must be a mapping")
            continue
        var_name = variable.get("name")
        if not isinstance(var_name, str) or not VARIABLE_NAME.match(var_name):
            checker.problem(f"{name}.name", "must be a snake_case name")
        elif var_name in names:
            checker.problem(f"{name}.name", f"'{var_name}' is declared twice")
        else:
            names.append(var_name)
            name = f"variables[{var_name}]"
        for unknown in sorted(set(variable) - VARIABLE_FIELDS):
            checker.problem(f"{name}.{unknown}", "unknown variable field")
        for bilingual in ("label", "help"):
            if bilingual not in variable:
                checker.problem(f"{name}.{bilingual}", "is required")
            else:
                checker.bilingual(f"{name}.{bilingual}", variable[bilingual])
        _check_variable_type(checker, name, variable)
    return names


def _check_variable_type(checker: _Checker, name: str, variable: dict[str, Any]) -> None:
    type_name = variable.get("type")
    if type_name not in [member.value for member in VariableType]:
        checker.problem(
            f"{name}.type",
            f"unknown type '{type_name}'; expected one of "
            + ", ".join(member.value for member in VariableType),
        )
        return
    kind = VariableType(type_name)
    if "default" not in variable:
        checker.problem(f"{name}.default", "is required so that the clause renders as is")
        return
    default = variable["default"]
    if kind in NUMERIC_TYPES:
        _check_numeric_variable(checker, name, kind, variable, default)
    elif kind is VariableType.TEXT:
        _check_text_variable(checker, name, variable, default)
    elif kind is VariableType.CHOICE:
        _check_choice_variable(checker, name, variable, default)
    elif kind is VariableType.DATE:
        try:
            dt.date.fromisoformat(str(default))
        except ValueError:
            checker.problem(f"{name}.default", f"'{default}' is not a date YYYY-MM-DD")


def _check_text_variable(
    checker: _Checker, name: str, variable: dict[str, Any], default: Any
) -> None:
    max_length = variable.get("max_length", DEFAULT_TEXT_MAX_LENGTH)
    if not isinstance(max_length, int) or max_length < 1:
        checker.problem(f"{name}.max_length", "must be a positive whole number")
    if is_bilingual(default):
        checker.bilingual(f"{name}.default", default)
    elif not isinstance(default, str) or not default.strip():
        checker.problem(f"{name}.default", "must be a non-empty text or a {fr, en} mapping")


def _check_choice_variable(
    checker: _Checker, name: str, variable: dict[str, Any], default: Any
) -> None:
    choices = variable.get("choices")
    if not isinstance(choices, list) or len(choices) < 2:
        checker.problem(f"{name}.choices", "must list at least two choices")
        return
    values = []
    for index, choice in enumerate(choices):
        if not isinstance(choice, dict) or "value" not in choice or "label" not in choice:
            checker.problem(f"{name}.choices[{index}]", "must have a 'value' and a 'label'")
            continue
        values.append(choice["value"])
        checker.bilingual(f"{name}.choices[{index}].label", choice["label"])
    if default not in values:
        checker.problem(f"{name}.default", f"'{default}' is not one of the choices")


def _check_numeric_variable(
    checker: _Checker, name: str, kind: VariableType, variable: dict[str, Any], default: Any
) -> None:
    def is_number(value: Any) -> bool:
        if kind is VariableType.INTEGER:
            return isinstance(value, int) and not isinstance(value, bool)
        return isinstance(value, int | float) and not isinstance(value, bool)

    bounds = {}
    for bound in ("min", "max"):
        if bound in variable:
            if not is_number(variable[bound]):
                checker.problem(
                    f"{name}.{bound}",
                    f"must be a {'whole ' if kind is VariableType.INTEGER else ''}number",
                )
            else:
                bounds[bound] = variable[bound]
    if kind is VariableType.PERCENT:
        for bound, value in bounds.items():
            if not 0 <= value <= 100:
                checker.problem(f"{name}.{bound}", "a percentage bound must be between 0 and 100")
    if "min" in bounds and "max" in bounds and bounds["min"] > bounds["max"]:
        checker.problem(f"{name}.min", "is greater than max")
    if not is_number(default):
        checker.problem(f"{name}.default", f"'{default}' is not a {kind.value} value")
        return
    if kind is VariableType.PERCENT and not 0 <= default <= 100:
        checker.problem(f"{name}.default", "a percentage must be between 0 and 100")
    if ("min" in bounds and default < bounds["min"]) or (
        "max" in bounds and default > bounds["max"]
    ):
        checker.problem(f"{name}.default", f"{default} is outside the bounds")


def _check_variable_use(checker: _Checker, declared: list[str]) -> None:
    used: dict[str, None] = {}
    for name in ("text", "penalty"):
        value = checker.data.get(name)
        if not isinstance(value, dict):
            continue
        for language in ("fr", "en"):
            text = value.get(language)
            if not isinstance(text, str):
                continue
            for bad in malformed_placeholders(text):
                checker.problem(
                    f"{name}.{language}", f"'{bad}' is not a variable; write {{{{ name }}}}"
                )
            in_text = variables_in(text)
            for variable in in_text:
                used.setdefault(variable, None)
                if variable not in declared:
                    checker.problem(
                        f"{name}.{language}",
                        f"uses the variable '{variable}', which is not declared",
                    )
    for variable in declared:
        if variable not in used:
            checker.problem(
                f"variables[{variable}]", "is declared but never used in text or penalty"
            )
    _check_both_languages_use_same_variables(checker)


def _check_both_languages_use_same_variables(checker: _Checker) -> None:
    for name in ("text", "penalty"):
        value = checker.data.get(name)
        if isinstance(value, dict) and all(
            isinstance(value.get(lang), str) for lang in ("fr", "en")
        ):
            french, english = set(variables_in(value["fr"])), set(variables_in(value["en"]))
            if french != english:
                missing = sorted(french ^ english)
                checker.problem(
                    f"{name}.en",
                    f"the translation does not use the same variables ({', '.join(missing)})",
                )


def _check_eforms(checker: _Checker) -> None:
    eforms = checker.data.get("eforms")
    if eforms is None:
        return
    if not isinstance(eforms, dict):
        checker.problem(
            "eforms", "must be a mapping with strategic, environmental, social and gpp lists"
        )
        return
    lists = {
        "strategic": EFORMS_STRATEGIC,
        "environmental": EFORMS_ENVIRONMENTAL,
        "social": EFORMS_SOCIAL,
        "gpp": EFORMS_GPP,
    }
    for unknown in sorted(set(eforms) - set(lists)):
        checker.problem(
            f"eforms.{unknown}", "unknown eForms list; use strategic, environmental, social, gpp"
        )
    for name, allowed in lists.items():
        codes = eforms.get(name) or []
        if not isinstance(codes, list):
            checker.problem(f"eforms.{name}", "must be a list")
            continue
        for code in codes:
            if code not in allowed:
                checker.problem(
                    f"eforms.{name}", f"unknown code '{code}'; expected one of {', '.join(allowed)}"
                )


KPI_FIELDS = frozenset({"metric", "unit", "frequency"})


def _check_kpi(checker: _Checker) -> None:
    kpi = checker.data.get("kpi")
    if kpi is None:
        return
    if not isinstance(kpi, dict):
        checker.problem("kpi", "must be a mapping with metric, unit and frequency")
        return
    for unknown in sorted(set(map(str, kpi)) - KPI_FIELDS):
        checker.problem(f"kpi.{unknown}", "unknown indicator field; use metric, unit, frequency")
    if "metric" not in kpi:
        checker.problem("kpi.metric", "is required")
    else:
        checker.bilingual("kpi.metric", kpi["metric"])
    if not isinstance(kpi.get("unit"), str) or not kpi["unit"].strip():
        checker.problem("kpi.unit", "is required")
    if kpi.get("frequency") not in [member.value for member in KpiFrequency]:
        checker.problem(
            "kpi.frequency", "expected one of " + ", ".join(m.value for m in KpiFrequency)
        )


def _check_related(checker: _Checker, slug: Any) -> list[str]:
    related = checker.data.get("related")
    if related is None:
        return []
    if not isinstance(related, dict) or set(related) - {"with", "excludes"}:
        checker.problem("related", "must be a mapping with 'with' and/or 'excludes' lists")
        return []
    ids: list[str] = []
    for name in ("with", "excludes"):
        values = related.get(name) or []
        if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
            checker.problem(f"related.{name}", "must be a list of clause ids")
            continue
        if slug in values:
            checker.problem(f"related.{name}", "a clause cannot refer to itself")
        ids.extend(values)
    overlap = set(related.get("with") or []) & set(related.get("excludes") or [])
    if overlap:
        checker.problem(
            "related", f"{', '.join(sorted(overlap))} both goes with and excludes this clause"
        )
    return ids
