"""Reading a tender file (YAML) into a ``TenderSnapshot``, with clause content from the library.

The format is documented in ``examples/README.md``; ``clauses: auto`` takes the
clauses the guided form ticks by default (``procure.tenders.selection``). Like the
clause loader, the reader never stops at the first problem: ``TenderFileError``
lists every one, each naming the file and the field (``clauses[2].values.insertion_rate``).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, TypeVar

import yaml

from procure.documents.insertion import HOURLY_COST_VARIABLE, RATE_VARIABLE
from procure.documents.rendering import render_value
from procure.errors import ProcureError
from procure.formatting import to_decimal
from procure.library.adaptation import adapted_text, text_problems, wording_problem
from procure.library.canonical import approved_hash
from procure.library.content import ClauseContent, Variable
from procure.library.families import WORKS_FAMILIES
from procure.library.files import read_library
from procure.library.schema import ClauseFile
from procure.library.yamlsafe import YamlRefusedError, read_yaml_file
from procure.snapshot import (
    CRITERION_WEIGHT_VARIABLE,
    LOT_NUMBER_VARIABLE,
    UNSPLIT_RULE,
    ChosenClause,
    Context,
    Criterion,
    Lot,
    Purchase,
    SubCriterion,
    TenderSnapshot,
    with_purchase_facts,
)
from procure.tenders.criteria import default_criteria
from procure.tenders.fit import LibraryEntry
from procure.tenders.recommend import recommend_by_lot
from procure.tenders.selection import default_selection_by_lot, lot_conflicts
from procure.vocabulary import (
    LANGUAGES,
    Ambition,
    ClauseGrouping,
    ClauseKind,
    ClauseStatus,
    ContractType,
    CriterionKind,
    Objective,
    OrganisationCategory,
    PriceFormula,
    Procedure,
    VariableType,
)

CPV = re.compile(r"^\d{8}-\d$")
AUTO = "auto"  # ``clauses: auto``: the default selection of the guided form
TOP_LEVEL = {
    "purchase",
    "context",
    "ambition",
    "price_formula",
    "clauses",
    "criteria",
    "lot_criteria",
    "lot_price_formulas",
    "justifications",
}
PURCHASE_FIELDS = {
    "title",
    "organisation",
    "buyer_category",
    "subject",
    "contract_type",
    "defence_or_security",
    "cpv_main",
    "cpv_additional",
    "estimated_value",
    "duration_months",
    "lots",
    "unsplit_reason",
    "procedure",
    "launch_date",
    "reference",
}
LOT_FIELDS = {
    "title",
    "description",
    "cpv_main",
    "cpv_additional",
    "estimated_value",
    "duration_months",
    "labour_share",
}
CONTEXT_BOOLEANS = (
    "catering",
    "digital",
    "building",
    "packaging_waste",
    "urban_deliveries",
    "has_spaser",
)
CONTEXT_FIELDS = {
    "labour_share",
    "objectives",
    "works",
    "spaser_targets",
    "annual_purchases",
    *CONTEXT_BOOLEANS,
}
CLAUSE_FIELDS = {"id", "version", "grouping", "reason", "values", "text", "lots", "lot_values"}
CRITERION_FIELDS = {"kind", "label", "weight", "clause", "subcriteria"}
HUNDRED = Decimal(100)

E = TypeVar("E", bound=StrEnum)

# The buyer's hourly cost, given with an insertion rate, read as a money amount from 0.
HOURLY_COST = Variable(
    name=HOURLY_COST_VARIABLE,
    type=VariableType.MONEY,
    label={},
    help={},
    default=None,
    min=0,
)


class TenderFileError(ProcureError):
    """A tender file cannot be read; ``problems`` lists everything wrong with it."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Reader:
    def __init__(self, source: str, library: Mapping[str, ClauseFile]) -> None:
        self.source = source
        self.library = library
        self.problems: list[str] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(f"{self.source}: {field}: {message}")

    # -- scalar helpers -----------------------------------------------------
    def mapping(self, value: Any, field: str, known: set[str] | None = None) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(field, "must be a mapping of fields")
            return {}
        if known is not None:
            for unknown in sorted(set(map(str, value)) - known):
                self.problem(f"{field}.{unknown}", "unknown field (see examples/README.md)")
        return value

    def text(self, data: dict[str, Any], name: str, field: str, *, required: bool = False) -> str:
        value = data.get(name)
        if value is None:
            if required:
                self.problem(f"{field}.{name}", "is required")
            return ""
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.problem(f"{field}.{name}", "must be text")
            return ""
        text = str(value)
        if required and not text.strip():
            self.problem(f"{field}.{name}", "must not be empty")
        return text

    def translated(self, data: dict[str, Any], name: str, field: str) -> dict[str, str]:
        """Text for every language (one string), or per language: ``{fr: …, en: …}``."""
        value = data.get(name)
        if not isinstance(value, dict):
            text = self.text(data, name, field)
            return dict.fromkeys(LANGUAGES, text) if text.strip() else {}
        unknown = sorted(set(map(str, value)) - set(LANGUAGES))
        if unknown:
            self.problem(f"{field}.{name}", f"unknown language {', '.join(unknown)}")
        return {
            language: text
            for language in LANGUAGES
            if (text := self.text(value, language, f"{field}.{name}")).strip()
        }

    def wording(self, clause_file: ClauseFile, data: dict[str, Any], field: str) -> dict[str, str]:
        """The buyer's own wording of the clause text, ``{fr: …, en: …}`` (either may be
        left out: the library's text is used), checked as the wizard checks it."""
        if data.get("text") is None:
            return {}
        if not isinstance(data["text"], dict):
            self.problem(f"{field}.text", "must give the wording by language: {fr: …, en: …}")
            return {}
        content = ClauseContent.from_mapping(clause_file.content)
        variables = list(content.variable_names)
        texts = self.translated(data, "text", field)
        for language, text in texts.items():
            for problem in text_problems(text, variables):
                self.problem(f"{field}.text.{language}", wording_problem(problem, variables))
        library = content.text
        return {
            language: text
            for language, text in (adapted_text(library, texts) or {}).items()
            if text is not None
        }

    def boolean(self, data: dict[str, Any], name: str, field: str) -> bool:
        value = data.get(name, False)
        if not isinstance(value, bool):
            self.problem(f"{field}.{name}", "must be true or false")
            return False
        return value

    def number(
        self,
        data: dict[str, Any],
        name: str,
        field: str,
        *,
        required: bool = False,
        default: Decimal | None = None,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
    ) -> Decimal | None:
        value = data.get(name)
        if value is None:
            if required:
                self.problem(f"{field}.{name}", "is required")
            return default
        try:
            number = to_decimal(value, f"{field}.{name}")
        except ValueError as error:
            self.problem(f"{field}.{name}", str(error).split(": ", 1)[-1])
            return default
        if minimum is not None and number < minimum:
            self.problem(f"{field}.{name}", f"must be at least {minimum}")
        if maximum is not None and number > maximum:
            self.problem(f"{field}.{name}", f"must be at most {maximum}")
        return number

    def integer(
        self, data: dict[str, Any], name: str, field: str, *, default: int | None, minimum: int
    ) -> int:
        value = data.get(name, default)
        if value is None:
            self.problem(f"{field}.{name}", "is required")
            return minimum
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(f"{field}.{name}", "must be a whole number")
            return minimum
        if value < minimum:
            self.problem(f"{field}.{name}", f"must be at least {minimum}")
        return value

    def choice(
        self, data: dict[str, Any], name: str, field: str, enum: type[E], default: E | None = None
    ) -> E:
        value = data.get(name)
        if value is None:
            if default is None:
                self.problem(f"{field}.{name}", "is required")
                return next(iter(enum))
            return default
        try:
            return enum(str(value))
        except ValueError:
            self.problem(
                f"{field}.{name}",
                f"unknown value '{value}'; expected one of "
                + ", ".join(member.value for member in enum),
            )
            return default or next(iter(enum))

    def date(self, data: dict[str, Any], name: str, field: str) -> dt.date:
        value = data.get(name)
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        if isinstance(value, str):
            try:
                return dt.date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(f"{field}.{name}", "must be a date YYYY-MM-DD")
        return dt.date.today()

    # -- sections -------------------------------------------------------------
    def purchase(self, value: Any) -> Purchase:
        data = self.mapping(value, "purchase", PURCHASE_FIELDS)
        if value is None:
            self.problem("purchase", "is required")
        field = "purchase"
        cpv_main, additional = self.cpv_codes(data, field)
        lots = self.lots(data.get("lots"), f"{field}.lots")
        total = sum((lot.estimated_value for lot in lots), Decimal(0))
        if lots and data.get("estimated_value") is None:
            data = {**data, "estimated_value": total}
        elif lots and self.number(data, "estimated_value", field) != total:
            self.problem(
                f"{field}.estimated_value",
                f"differs from the sum of the lots' values ({total}); leave it out or correct it",
            )
        if lots and data.get("unsplit_reason"):
            self.problem(f"{field}.unsplit_reason", "only a contract not divided into lots has one")
        return Purchase(
            title=self.text(data, "title", field, required=True),
            organisation_name=self.text(data, "organisation", field, required=True),
            buyer_category=self.choice(
                data,
                "buyer_category",
                field,
                OrganisationCategory,
                OrganisationCategory.SUB_CENTRAL,
            ),
            subject=self.text(data, "subject", field),
            contract_type=self.choice(data, "contract_type", field, ContractType),
            defence_or_security=self.boolean(data, "defence_or_security", field),
            cpv_main=cpv_main,
            cpv_additional=additional,
            estimated_value=self.number(
                data,
                "estimated_value",
                field,
                required=True,
                default=Decimal(0),
                minimum=Decimal(0),
            )
            or Decimal(0),
            duration_months=self.integer(data, "duration_months", field, default=None, minimum=1),
            lots=lots,
            procedure=self.choice(data, "procedure", field, Procedure),
            launch_date=self.date(data, "launch_date", field),
            reference=self.text(data, "reference", field),
            unsplit_reason=self.text(data, "unsplit_reason", field),
        )

    def cpv_codes(self, data: dict[str, Any], field: str) -> tuple[str, tuple[str, ...]]:
        """The main and additional CPV codes of a purchase or of a lot."""
        cpv_main = self.text(data, "cpv_main", field, required=True)
        if cpv_main and not CPV.match(cpv_main):
            self.problem(f"{field}.cpv_main", f"'{cpv_main}' is not a CPV code like 55524000-9")
        additional = data.get("cpv_additional") or []
        if not isinstance(additional, list):
            self.problem(f"{field}.cpv_additional", "must be a list of CPV codes")
            additional = []
        for index, code in enumerate(additional):
            if not isinstance(code, str) or not CPV.match(code):
                self.problem(f"{field}.cpv_additional[{index}]", f"'{code}' is not a CPV code")
        return cpv_main, tuple(str(code) for code in additional)

    def lots(self, value: Any, field: str) -> tuple[Lot, ...]:
        """``lots:``, a list of at least two lots, numbered in their order; absent (or
        1, as files written before lots said) for a contract not divided."""
        if value is None or value == 1:
            return ()
        if not isinstance(value, list) or len(value) < 2:
            self.problem(
                field,
                "must list at least two lots, each with its title, cpv_main and "
                "estimated_value (leave it out for a contract not divided into lots)",
            )
            return ()
        lots = []
        for number, entry in enumerate(value, start=1):
            where = f"{field}[{number - 1}]"
            data = self.mapping(entry, where, LOT_FIELDS)
            cpv_main, additional = self.cpv_codes(data, where)
            duration = data.get("duration_months")
            labour = self.number(data, "labour_share", where, minimum=Decimal(0), maximum=HUNDRED)
            lots.append(
                Lot(
                    number=number,
                    key=f"lot-{number}",
                    title=self.text(data, "title", where, required=True),
                    description=self.text(data, "description", where),
                    cpv_main=cpv_main,
                    cpv_additional=additional,
                    estimated_value=self.number(
                        data, "estimated_value", where, required=True, minimum=Decimal(0)
                    )
                    or Decimal(0),
                    duration_months=None
                    if duration is None
                    else self.integer(data, "duration_months", where, default=None, minimum=1),
                    labour_share=labour,
                )
            )
        return tuple(lots)

    def clause_lots(
        self, data: dict[str, Any], field: str, lots: tuple[int, ...]
    ) -> tuple[int, ...]:
        """The lots a chosen clause applies to: every lot when left out."""
        value = data.get("lots")
        if value is None:
            return ()
        if not lots:
            self.problem(f"{field}.lots", "the contract is not divided into lots")
            return ()
        if not isinstance(value, list) or not value:
            self.problem(f"{field}.lots", "must be a non-empty list of lot numbers")
            return ()
        chosen = []
        for index, number in enumerate(value):
            if not isinstance(number, int) or isinstance(number, bool) or number not in lots:
                self.problem(
                    f"{field}.lots[{index}]",
                    f"there is no lot {number}; the lots are numbered " + ", ".join(map(str, lots)),
                )
                continue
            chosen.append(number)
        chosen = sorted(set(chosen))
        return () if len(chosen) == len(lots) else tuple(chosen)

    def context(self, value: Any) -> Context:
        field = "context"
        data = self.mapping(value, field, CONTEXT_FIELDS)
        objectives = data.get("objectives") or []
        if not isinstance(objectives, list):
            self.problem(f"{field}.objectives", "must be a list")
            objectives = []
        chosen = set()
        for index, objective in enumerate(objectives):
            try:
                chosen.add(Objective(str(objective)))
            except ValueError:
                self.problem(
                    f"{field}.objectives[{index}]",
                    f"unknown objective '{objective}'; expected one of "
                    + ", ".join(member.value for member in Objective),
                )
        works = data.get("works") or []
        if not isinstance(works, list):
            self.problem(f"{field}.works", "must be a list")
            works = []
        for index, family in enumerate(works):
            if family not in WORKS_FAMILIES:
                self.problem(
                    f"{field}.works[{index}]",
                    f"unknown works family '{family}'; expected one of "
                    + ", ".join(sorted(WORKS_FAMILIES)),
                )
        return Context(
            works=frozenset(str(family) for family in works if family in WORKS_FAMILIES),
            labour_share=self.number(
                data,
                "labour_share",
                field,
                default=Decimal(0),
                minimum=Decimal(0),
                maximum=HUNDRED,
            )
            or Decimal(0),
            objectives=frozenset(chosen),
            spaser_targets=self.text(data, "spaser_targets", field),
            annual_purchases=self.number(data, "annual_purchases", field, minimum=Decimal(0)),
            catering=self.boolean(data, "catering", field),
            digital=self.boolean(data, "digital", field),
            building=self.boolean(data, "building", field),
            packaging_waste=self.boolean(data, "packaging_waste", field),
            urban_deliveries=self.boolean(data, "urban_deliveries", field),
            has_spaser=self.boolean(data, "has_spaser", field),
        )

    def clauses(self, value: Any, purchase: Purchase) -> list[ChosenClause]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(
                "clauses",
                f"must be a list of chosen clauses, or '{AUTO}' for the default selection",
            )
            return []
        chosen: list[ChosenClause] = []
        seen: set[str] = set()
        for index, entry in enumerate(value):
            field = f"clauses[{index}]"
            data = self.mapping(entry, field, CLAUSE_FIELDS)
            slug = self.text(data, "id", field, required=True)
            if not slug:
                continue
            if slug in seen:
                self.problem(f"{field}.id", f"'{slug}' is chosen twice")
                continue
            seen.add(slug)
            clause_file = self.library.get(slug)
            if clause_file is None:
                self.problem(f"{field}.id", f"no clause '{slug}' in the library")
                continue
            if clause_file.status is ClauseStatus.RETIRED:
                self.problem(f"{field}.id", f"clause '{slug}' is retired")
            version = data.get("version")
            if version is not None and (not isinstance(version, int) or version < 1):
                self.problem(f"{field}.version", "must be a whole number from 1")
                version = None
            if version is not None and clause_file.version not in (None, version):
                self.problem(
                    f"{field}.version",
                    f"the tender pins version {version} but the library holds version "
                    f"{clause_file.version}",
                )
            values = self.values(clause_file, data.get("values"), f"{field}.values")
            content = ClauseContent.from_mapping(clause_file.content)
            lots = self.clause_lots(data, field, purchase.lot_numbers)
            if LOT_NUMBER_VARIABLE in content.variable_names and len(lots) != 1:
                self.problem(f"{field}.lots", f"'{slug}' is about one lot: name that one lot")
            chosen.append(
                ChosenClause(
                    slug=slug,
                    version=version or clause_file.version or 1,
                    kind=content.kind,
                    pillars=frozenset(content.pillars),
                    themes=frozenset(content.themes),
                    grouping=self.choice(
                        data, "grouping", field, ClauseGrouping, ClauseGrouping.RECOMMENDED
                    ),
                    content=content,
                    values=values,
                    reason=self.translated(data, "reason", field),
                    custom_text=self.wording(clause_file, data, field),
                    approved_hash=approved_hash(clause_file.content)
                    if clause_file.status is ClauseStatus.APPROVED
                    else None,
                    lots=lots,
                    lot_values=self.lot_values(
                        clause_file, data, field, lots or purchase.lot_numbers
                    ),
                )
            )
        chosen_lots = {clause.slug: clause.lots for clause in chosen}
        for first, second in lot_conflicts(chosen_lots, library_entries(self.library.values())):
            index = next(i for i, clause in enumerate(chosen) if clause.slug == first)
            self.problem(
                f"clauses[{index}].id",
                f"'{first}' and '{second}' cannot be chosen together for the same lot",
            )
        return chosen

    def lot_values(
        self, clause_file: ClauseFile, data: dict[str, Any], field: str, lots: tuple[int, ...]
    ) -> dict[int, dict[str, Any]]:
        """``lot_values: {2: {insertion_hours: 400}}``: values that differ by lot."""
        outside = "is not one of the lots the clause applies to (" + ", ".join(map(str, lots)) + ")"
        return {
            number: self.values(clause_file, values, f"{field}.lot_values.{number}")
            for number, values in self.by_lot(
                data.get("lot_values"), f"{field}.lot_values", lots, outside
            )
        }

    def by_lot(
        self, value: Any, field: str, lots: tuple[int, ...], outside: str | None = None
    ) -> Iterator[tuple[int, Any]]:
        """The entries of a mapping keyed by lot number (``2:`` or ``"2":``), each with its
        lot; a key that is not one of ``lots`` is a problem (``outside`` says why)."""
        for key, entry in self.mapping(value, field).items():
            number = _lot_number(key)
            if number is None or number not in lots:
                why = outside or "there is no such lot; the lots are numbered " + ", ".join(
                    map(str, lots)
                )
                self.problem(f"{field}.{key}", why)
                continue
            yield number, entry

    def default_clauses(
        self, purchase: Purchase, context: Context, ambition: Ambition
    ) -> list[ChosenClause]:
        """``clauses: auto``: the clauses the guided form ticks by default, lot by lot
        for a divided contract, with their default values, each with its group and the
        reason it is proposed."""
        entries = library_entries(self.library.values())
        recommendations = recommend_by_lot(purchase, context, ambition, entries)
        bare = TenderSnapshot(purchase=purchase, context=context, ambition=ambition)
        by_slug = {r.entry.slug: r for r in recommendations}
        chosen = []
        for slug, lots in default_selection_by_lot(bare, entries).items():
            recommendation = by_slug[slug]
            content = recommendation.entry.content
            chosen.append(
                ChosenClause(
                    slug=slug,
                    version=recommendation.entry.version,
                    kind=content.kind,
                    pillars=frozenset(content.pillars),
                    themes=frozenset(content.themes),
                    grouping=recommendation.grouping,
                    content=content,
                    reason={language: recommendation.reason(language) for language in LANGUAGES},
                    approved_hash=approved_hash(self.library[slug].content),
                    lots=lots,
                )
            )
        return chosen

    def default_criteria(
        self, clauses: list[ChosenClause], lots: tuple[int, ...] = ()
    ) -> tuple[list[Criterion], dict[int, tuple[Criterion, ...]]]:
        """No ``criteria`` with ``clauses: auto``: the guided form's starting weights,
        and a lot's own when its award clauses are not those of every lot; labels are
        left empty so each document names the criteria in its language."""
        award = [c for c in clauses if c.kind is ClauseKind.AWARD_CRITERION]
        common = [c for c in award if not c.lots]
        lot_criteria = {
            number: tuple(self._default_weights(own))
            for number in lots
            if (own := [c for c in award if c.applies_to(number)]) != common
        }
        return self._default_weights(common), lot_criteria

    def _default_weights(self, award: list[ChosenClause]) -> list[Criterion]:
        weights = default_criteria([clause.slug for clause in award])
        criteria = [Criterion(CriterionKind.PRICE, "", weights.price)]
        if weights.technical:
            criteria.append(Criterion(CriterionKind.TECHNICAL, "", weights.technical))
        for clause in award:
            weight = weights.clauses[clause.slug]
            if not clause.lots:
                weight = self._reconcile_weight("criteria", weight, clause)
            criteria.append(Criterion(CriterionKind.CLAUSE, "", weight, slug=clause.slug))
        return criteria

    def lot_criteria(
        self, value: Any, clauses: list[ChosenClause], lots: tuple[int, ...]
    ) -> dict[int, tuple[Criterion, ...]]:
        """``lot_criteria: {2: [...]}``: a lot's own award criteria, when they differ."""
        return {
            number: tuple(
                self.criteria(
                    criteria, [c for c in clauses if c.applies_to(number)], f"lot_criteria.{number}"
                )
            )
            for number, criteria in self.by_lot(value, "lot_criteria", lots)
        }

    def price_formula(self, value: Any, field: str) -> str:
        """``price_formula: linear``: how the price is scored (proportional by default)."""
        if value is None:
            return PriceFormula.PROPORTIONAL
        if not isinstance(value, str) or value not in set(PriceFormula):
            self.problem(field, f"must be one of {', '.join(PriceFormula)}")
            return PriceFormula.PROPORTIONAL
        return str(value)

    def lot_price_formulas(self, value: Any, lots: tuple[int, ...]) -> dict[int, str]:
        """``lot_price_formulas: {2: linear}``: a lot's own price formula."""
        return {
            number: self.price_formula(formula, f"lot_price_formulas.{number}")
            for number, formula in self.by_lot(value, "lot_price_formulas", lots)
        }

    def values(self, clause_file: ClauseFile, value: Any, field: str) -> dict[str, Any]:
        data = self.mapping(value, field)
        content = ClauseContent.from_mapping(clause_file.content)
        variables = {v.name: v for v in content.variables}
        values: dict[str, Any] = {}
        for key, raw in data.items():
            name = str(key)
            variable = variables.get(name)
            if variable is None and not (
                name == HOURLY_COST_VARIABLE and RATE_VARIABLE in variables
            ):
                self.problem(
                    f"{field}.{name}",
                    f"clause '{clause_file.id}' has no variable '{name}'"
                    + (f"; its variables are {', '.join(variables)}" if variables else ""),
                )
                continue
            message = check_variable_value(variable or HOURLY_COST, raw)
            if message:
                self.problem(f"{field}.{name}", message)
                continue
            values[name] = raw
        return values

    def criteria(
        self, value: Any, clauses: list[ChosenClause], where: str = "criteria"
    ) -> list[Criterion]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(where, "must be a list of award criteria")
            return []
        by_id = {clause.slug: clause for clause in clauses}
        criteria: list[Criterion] = []
        for index, entry in enumerate(value):
            field = f"{where}[{index}]"
            data = self.mapping(entry, field, CRITERION_FIELDS)
            kind = self.choice(data, "kind", field, CriterionKind)
            slug = None
            clause = None
            if kind is CriterionKind.CLAUSE:
                slug = self.text(data, "clause", field, required=True)
                clause = by_id.get(slug)
                if slug and clause is None:
                    self.problem(f"{field}.clause", f"'{slug}' is not among the chosen clauses")
                elif clause is not None and clause.kind is not ClauseKind.AWARD_CRITERION:
                    self.problem(f"{field}.clause", f"'{slug}' is not an award criterion")
            elif data.get("clause") is not None:
                self.problem(f"{field}.clause", "only a criterion of kind 'clause' names a clause")
            weight = self.number(data, "weight", field, minimum=Decimal(0), maximum=HUNDRED)
            if clause is None or not clause.lots:
                weight = self._reconcile_weight(field, weight, clause)
            elif weight is None:
                self.problem(f"{field}.weight", "is required")
            label = self.text(data, "label", field, required=kind is not CriterionKind.CLAUSE)
            criteria.append(
                Criterion(
                    kind=kind,
                    label=label,
                    weight=weight or Decimal(0),
                    slug=slug,
                    subcriteria=self.subcriteria(data.get("subcriteria"), f"{field}.subcriteria"),
                )
            )
        if criteria:
            total = sum((c.weight for c in criteria), Decimal(0))
            if total != HUNDRED:
                self.problem(where, f"the weights add up to {total}, not 100")
        return criteria

    def _reconcile_weight(
        self, field: str, weight: Decimal | None, clause: ChosenClause | None
    ) -> Decimal:
        """A clause criterion's weight and the clause's ``criterion_weight`` must agree."""
        declares = clause is not None and CRITERION_WEIGHT_VARIABLE in clause.content.variable_names
        if not declares:
            if weight is None:
                self.problem(f"{field}.weight", "is required")
                return Decimal(0)
            return weight
        if clause is None:  # for the type checker: ``declares`` implies a clause
            return weight or Decimal(0)
        if CRITERION_WEIGHT_VARIABLE in clause.values:
            in_clause = to_decimal(clause.values[CRITERION_WEIGHT_VARIABLE], "criterion_weight")
            if weight is not None and weight != in_clause:
                self.problem(
                    f"{field}.weight",
                    f"{weight} differs from the clause's criterion_weight {in_clause}",
                )
            return in_clause
        if weight is None:
            weight = to_decimal(clause.value(CRITERION_WEIGHT_VARIABLE), "criterion_weight")
        clause.values[CRITERION_WEIGHT_VARIABLE] = (
            int(weight) if weight == int(weight) else float(weight)
        )
        return weight

    def subcriteria(self, value: Any, field: str) -> tuple[SubCriterion, ...]:
        if value is None:
            return ()
        if not isinstance(value, list) or not value:
            self.problem(field, "must be a non-empty list")
            return ()
        subcriteria = []
        for index, entry in enumerate(value):
            data = self.mapping(entry, f"{field}[{index}]", {"label", "weight"})
            subcriteria.append(
                SubCriterion(
                    label=self.text(data, "label", f"{field}[{index}]", required=True),
                    weight=self.number(
                        data,
                        "weight",
                        f"{field}[{index}]",
                        required=True,
                        minimum=Decimal(0),
                        maximum=HUNDRED,
                    )
                    or Decimal(0),
                )
            )
        total = sum((sub.weight for sub in subcriteria), Decimal(0))
        if total != HUNDRED:
            self.problem(field, f"the sub-criteria weights add up to {total}, not 100")
        return tuple(subcriteria)

    def justifications(self, value: Any, purchase: Purchase) -> dict[str, str]:
        """The written reasons by rule; the reason for not dividing the contract is
        ``purchase.unsplit_reason``, the one rule lots-sme-access reads."""
        data = self.mapping(value, "justifications")
        justifications = {}
        if purchase.unsplit_reason.strip():
            justifications[UNSPLIT_RULE] = purchase.unsplit_reason
        for rule, reason in data.items():
            if not isinstance(reason, str) or not reason.strip():
                self.problem(f"justifications.{rule}", "must be a non-empty text")
                continue
            justifications[str(rule)] = reason
        return justifications


def _lot_number(key: Any) -> int | None:
    """A lot number used as a YAML key (``2:`` or ``"2":``)."""
    if isinstance(key, int) and not isinstance(key, bool):
        return key
    return int(key) if isinstance(key, str) and key.isdigit() else None


def check_variable_value(variable: Variable, value: Any) -> str | None:
    """Why ``value`` does not suit ``variable``, or ``None`` when it does."""
    try:
        for language in ("fr", "en"):
            render_value(variable, value, language, "value")
    except ValueError as error:
        return str(error).split(": ", 1)[-1]
    kind = variable.type
    if kind in {"integer", "decimal", "percent", "money"}:
        number = to_decimal(value, "value")
        if variable.min is not None and number < to_decimal(variable.min, "min"):
            return f"must be at least {variable.min}"
        if variable.max is not None and number > to_decimal(variable.max, "max"):
            return f"must be at most {variable.max}"
    if kind == "text":
        limit = variable.max_length
        texts = value.values() if isinstance(value, dict) else [value]
        if any(isinstance(text, str) and len(text) > limit for text in texts):
            return f"longer than {limit} characters"
    return None


def parse_tender(
    data: Any, library: Mapping[str, ClauseFile], *, source: str = "tender"
) -> TenderSnapshot:
    """A snapshot from already-parsed YAML; ``TenderFileError`` lists every problem."""
    reader = _Reader(source, library)
    if not isinstance(data, dict):
        raise TenderFileError([f"{source}: (file): must be a YAML mapping of sections"])
    for unknown in sorted(set(map(str, data)) - TOP_LEVEL):
        reader.problem(unknown, "unknown section (see examples/README.md)")
    purchase = reader.purchase(data.get("purchase"))
    context = reader.context(data.get("context"))
    ambition = reader.choice(data, "ambition", "(file)", Ambition, Ambition.CORE)
    lots = purchase.lot_numbers
    lot_criteria: dict[int, tuple[Criterion, ...]] = {}
    if data.get("clauses") != AUTO:
        clauses = reader.clauses(data.get("clauses"), purchase)
        criteria = reader.criteria(data.get("criteria"), clauses)
        lot_criteria = reader.lot_criteria(data.get("lot_criteria"), clauses, lots)
    elif reader.problems:  # the default selection needs a readable purchase
        clauses, criteria = [], []
    else:
        clauses = reader.default_clauses(purchase, context, ambition)
        if data.get("criteria") is None:
            criteria, lot_criteria = reader.default_criteria(clauses, lots)
        else:
            criteria = reader.criteria(data.get("criteria"), clauses)
            lot_criteria = reader.lot_criteria(data.get("lot_criteria"), clauses, lots)
    snapshot = TenderSnapshot(
        purchase=purchase,
        context=context,
        ambition=ambition,
        clauses=tuple(with_purchase_facts(clause, purchase) for clause in clauses),
        criteria=tuple(criteria),
        price_formula=reader.price_formula(data.get("price_formula"), "price_formula"),
        justifications=reader.justifications(data.get("justifications"), purchase),
        lot_criteria=lot_criteria,
        lot_price_formulas=reader.lot_price_formulas(data.get("lot_price_formulas"), lots),
    )
    if reader.problems:
        raise TenderFileError(reader.problems)
    return snapshot


def library_entries(files: Iterable[ClauseFile]) -> list[LibraryEntry]:
    """The clause files a buyer chooses from, as the recommendation layer sees them:
    approved clauses only, as in the web app."""
    return [
        LibraryEntry(clause.id, clause.version or 1, ClauseContent.from_mapping(clause.content))
        for clause in files
        if clause.status is ClauseStatus.APPROVED
    ]


def library_index(library: Path | Iterable[ClauseFile]) -> dict[str, ClauseFile]:
    """Clause files by id, read from a folder (``ClauseFileError`` if it is invalid)."""
    files = read_library(library) if isinstance(library, Path) else list(library)
    return {clause.id: clause for clause in files}


def read_tender_file(
    path: Path, library: Path | Iterable[ClauseFile] | Mapping[str, ClauseFile] = Path("clauses")
) -> TenderSnapshot:
    """Read ``path`` into a snapshot, taking clause content from ``library``."""
    index = library if isinstance(library, Mapping) else library_index(library)
    return parse_tender(load_tender_yaml(path), index, source=str(path))


def takes_default_selection(data: Any) -> bool:
    """Whether parsed tender YAML says ``clauses: auto``."""
    return isinstance(data, dict) and data.get("clauses") == AUTO


def load_tender_yaml(path: Path) -> Any:
    """The YAML of a tender file, not yet checked (``TenderFileError`` if unreadable)."""
    try:
        data = read_yaml_file(path)
    except OSError as error:
        raise TenderFileError([f"{path}: (file): cannot be read: {error.strerror}"]) from None
    except UnicodeDecodeError:
        raise TenderFileError([f"{path}: (file): is not UTF-8 text"]) from None
    except YamlRefusedError as error:
        raise TenderFileError([f"{path}: (file): is not accepted: {error}"]) from None
    except yaml.YAMLError as error:
        message = " ".join(str(error).split())
        raise TenderFileError([f"{path}: (file): is not valid YAML: {message}"]) from None
    return data
