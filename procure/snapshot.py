"""A tender as plain data: what the wizard saved, read by recommendations,
compliance checks and document building alike, with no database or Flask.

The wizard builds a ``TenderSnapshot`` from the database; ``build-tender`` builds
one from a YAML file; tests build them directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from procure.library.content import ClauseContent
from procure.vocabulary import (
    Ambition,
    ClauseGrouping,
    ClauseKind,
    ContractType,
    CriterionKind,
    Objective,
    OrganisationCategory,
    Pillar,
    PriceFormula,
    Procedure,
    Theme,
)


@dataclass(frozen=True)
class Lot:
    """One lot of a contract divided into lots (L2113-10): awarded on its own, with its
    own subject, CPV codes and value."""

    number: int  # its place in the contract, from 1
    title: str
    cpv_main: str
    estimated_value: Decimal  # EUR excl. VAT, with options and renewals
    cpv_additional: tuple[str, ...] = ()
    description: str = ""
    duration_months: int | None = None  # None: the contract's duration
    labour_share: Decimal | None = None  # percent of the lot's price; None: step 2's
    key: str = ""  # stable name that clause choices refer to, whatever the lot's number

    @property
    def cpv_codes(self) -> tuple[str, ...]:
        return tuple(code.split("-")[0] for code in (self.cpv_main, *self.cpv_additional))


@dataclass(frozen=True)
class Purchase:
    """Wizard step 1: what is bought, by whom, how and when.

    ``lots`` is empty for a contract that is not divided; ``unsplit_reason`` then says
    why (L2113-11). ``focus`` is set on the view of one lot (``lot_view``): its CPV codes
    and duration are the lot's, while the value stays the whole contract's, as the
    threshold tests require."""

    title: str
    organisation_name: str
    buyer_category: OrganisationCategory
    subject: str
    contract_type: ContractType
    defence_or_security: bool
    cpv_main: str  # "55524000-9"
    cpv_additional: tuple[str, ...]
    estimated_value: Decimal  # EUR excl. VAT, whole duration with options and renewals
    duration_months: int
    lots: tuple[Lot, ...]
    procedure: Procedure
    launch_date: dt.date  # planned launch of the consultation
    reference: str = ""
    unsplit_reason: str = ""  # why the contract is not divided into lots (L2113-11)
    focus: int | None = None  # on a lot's view: the lot's number

    @property
    def cpv_codes(self) -> tuple[str, ...]:
        """Every CPV code of the purchase, main first, as 8 digits without check digit."""
        return tuple(code.split("-")[0] for code in (self.cpv_main, *self.cpv_additional))

    @property
    def is_divided(self) -> bool:
        return len(self.lots) > 1

    @property
    def lot_numbers(self) -> tuple[int, ...]:
        return tuple(lot.number for lot in self.lots)

    def lot(self, number: int) -> Lot:
        return next(lot for lot in self.lots if lot.number == number)

    @property
    def sizing_value(self) -> Decimal:
        """The value that sizes what the contractor does (insertion hours): the lot's on a
        lot's view, else the contract's."""
        return self.lot(self.focus).estimated_value if self.focus else self.estimated_value

    def lot_view(self, number: int) -> Purchase:
        """The purchase as seen from one lot: its CPV codes, its duration, its value for
        sizing; the contract's value for thresholds (R2121-1 counts every lot)."""
        lot = self.lot(number)
        return dataclasses.replace(
            self,
            cpv_main=lot.cpv_main,
            cpv_additional=lot.cpv_additional,
            duration_months=lot.duration_months or self.duration_months,
            focus=number,
        )


@dataclass(frozen=True)
class Context:
    """Wizard step 2: the answers that decide recommendations."""

    labour_share: Decimal = Decimal(0)  # percent of the price
    catering: bool = False
    digital: bool = False
    building: bool = False
    packaging_waste: bool = False
    urban_deliveries: bool = False
    objectives: frozenset[Objective] = frozenset()
    has_spaser: bool = False
    spaser_targets: str = ""
    annual_purchases: Decimal | None = None  # organisation's yearly purchases, EUR excl. VAT
    hourly_cost: Decimal | None = None  # fully-loaded hourly cost for sizing insertion hours
    # What works do (building_new, building_renovation, demolition, civil_engineering);
    # empty: not said, and the CPV codes decide (procure.library.families).
    works: frozenset[str] = frozenset()

    def for_lot(self, lot: Lot) -> Context:
        """The answers as they apply to one lot: its own labour share when it has one."""
        if lot.labour_share is None:
            return self
        return dataclasses.replace(self, labour_share=lot.labour_share)


# The variable through which an award-criterion clause prints its weight: the weight
# set with the award criteria fills it, so the clause, the RC and the grid agree.
CRITERION_WEIGHT_VARIABLE = "criterion_weight"
# The average fully-loaded hourly cost that turns an insertion rate into hours, when
# the buyer gives none: facilitators usually take 25 to 30 euros (FACTS §4). One
# value for the wizard, the checklist and the documents.
DEFAULT_HOURLY_COST = Decimal(28)
# The EGalim share of sustainable meat and fish a catering clause requires, and the
# one the law fixes for State restaurants: 100 % (FACTS §3, L230-5-1 CRPM). A central
# buyer is read as the State, as the rule egalim-meat-fish-share-state reads it.
MEAT_FISH_SHARE_VARIABLE = "meat_fish_share"
STATE_MEAT_FISH_SHARE = 100


def purchase_facts(purchase: Purchase, lots: tuple[int, ...] = ()) -> dict[str, Any]:
    """Clause variables that restate a fact of the purchase, for a clause applying to
    ``lots`` (empty: the whole contract): a clause never prints another duration than
    the contract's, nor reserves another lot than the ones it applies to, nor asks a
    State restaurant for less sustainable meat and fish than the law does. Nobody
    types them: the purchase is their one source."""
    durations = {purchase.lot(n).duration_months for n in lots} if lots else set()
    duration = durations.pop() if len(durations) == 1 else None
    facts: dict[str, Any] = {"duration_months": duration or purchase.duration_months}
    facts["reserved_scope"] = scope_words(purchase, lots)
    if len(lots) == 1:
        facts[LOT_NUMBER_VARIABLE] = str(lots[0])
    if purchase.buyer_category is OrganisationCategory.CENTRAL:
        facts[MEAT_FISH_SHARE_VARIABLE] = STATE_MEAT_FISH_SHARE
    return facts


def fact_names(purchase: Purchase) -> frozenset[str]:
    """The variables the purchase fills in every clause that has them: never asked."""
    return frozenset(purchase_facts(purchase, purchase.lot_numbers[:1]))


# The variable through which a clause about one lot names it ("Le lot n° 2 …").
LOT_NUMBER_VARIABLE = "lot_number"
# The rule whose justification is the written reason for not dividing into lots.
UNSPLIT_RULE = "lots-sme-access"


def scope_words(purchase: Purchase, lots: tuple[int, ...]) -> dict[str, str]:
    """What a clause applying to ``lots`` covers, as the subject of a singular verb
    ("… est réservé"): "le présent marché", "le lot n° 2", "chacun des lots n° 2 et 4"."""
    if not purchase.is_divided:
        return {"fr": "le présent marché", "en": "this contract"}
    if not lots or set(lots) >= set(purchase.lot_numbers):
        return {"fr": "chacun des lots du présent marché", "en": "each lot of this contract"}
    if len(lots) == 1:
        return {"fr": f"le lot n° {lots[0]}", "en": f"lot No {lots[0]}"}
    return {
        "fr": f"chacun des lots n° {enumerate_numbers(lots, 'fr')}",
        "en": f"each of lots No {enumerate_numbers(lots, 'en')}",
    }


def enumerate_numbers(numbers: tuple[int, ...], language: str) -> str:
    """ "1, 3 et 4" / "1, 3 and 4"."""
    words = [str(n) for n in sorted(numbers)]
    if len(words) == 1:
        return words[0]
    last = " et " if language == "fr" else " and "
    return ", ".join(words[:-1]) + last + words[-1]


@dataclass(frozen=True)
class ChosenClause:
    """A clause chosen for the tender, pinned to one library version."""

    slug: str
    version: int
    kind: ClauseKind
    pillars: frozenset[Pillar]
    themes: frozenset[Theme]
    grouping: ClauseGrouping
    content: ClauseContent  # the pinned version's content
    values: dict[str, Any] = field(default_factory=dict)  # variable name -> buyer's value
    reason: dict[str, str] = field(default_factory=dict)  # language -> why it was chosen
    custom_text: dict[str, str] = field(default_factory=dict)  # language -> buyer's wording
    adapted_at: dt.datetime | None = None  # when the wording was last saved, when known
    # The approved version's content hash (``procure.library.canonical.approved_hash``);
    # None for a version never approved.
    approved_hash: str | None = None
    lots: tuple[int, ...] = ()  # the lots it applies to; empty: the whole contract
    # Values that differ by lot (insertion hours sized on each lot): lot -> name -> value
    lot_values: Mapping[int, Mapping[str, Any]] = field(default_factory=dict)

    def applies_to(self, lot: int) -> bool:
        return not self.lots or lot in self.lots

    def for_lot(self, lot: int) -> ChosenClause:
        """The clause as it applies to one lot, with that lot's own values."""
        own = self.lot_values.get(lot) or {}
        return dataclasses.replace(self, values={**self.values, **own}) if own else self

    def reason_in(self, language: str) -> str:
        """Why the clause was chosen, in ``language`` or else in the language it was given."""
        return self.reason.get(language) or next(iter(self.reason.values()), "")

    @property
    def is_adapted(self) -> bool:
        """The buyer rewrote the clause text in at least one language."""
        return bool(self.custom_text)

    def text(self, language: str) -> str:
        """The clause text as the tender says it: the buyer's wording, else the library's."""
        library = self.content.text.get(language) or ""
        return self.custom_text.get(language) or library

    @property
    def related_with(self) -> tuple[str, ...]:
        return self.content.related_with

    @property
    def excludes(self) -> tuple[str, ...]:
        return self.content.excludes

    @property
    def has_penalty(self) -> bool:
        return bool(self.content.penalty)

    @property
    def has_kpi(self) -> bool:
        return self.content.kpi is not None

    @property
    def eforms(self) -> Mapping[str, tuple[str, ...]]:
        return self.content.eforms or {}

    def value(self, name: str) -> Any:
        """The buyer's value for a variable, or the clause's default."""
        if name in self.values:
            return self.values[name]
        variable = self.content.variable(name)
        if variable is None:
            raise KeyError(name)
        return variable.default


def with_purchase_facts(clause: ChosenClause, purchase: Purchase) -> ChosenClause:
    """The clause with the purchase's facts as the values of the variables that restate
    them (``purchase_facts``), whatever was typed or written for them."""
    facts = {
        name: value
        for name, value in purchase_facts(purchase, clause.lots).items()
        if name in clause.content.variable_names
    }
    return dataclasses.replace(clause, values={**clause.values, **facts}) if facts else clause


@dataclass(frozen=True)
class SubCriterion:
    label: str
    weight: Decimal  # percent of the parent criterion


@dataclass(frozen=True)
class Criterion:
    """An award criterion with its weight in percent of the total score."""

    kind: CriterionKind
    label: str
    weight: Decimal
    slug: str | None = None  # the clause's slug, for CriterionKind.CLAUSE
    subcriteria: tuple[SubCriterion, ...] = ()


CRITERION_KIND_NAMES: dict[CriterionKind, dict[str, str]] = {
    CriterionKind.PRICE: {"fr": "Prix", "en": "Price"},
    CriterionKind.TECHNICAL: {"fr": "Valeur technique", "en": "Technical merit"},
    CriterionKind.CLAUSE: {"fr": "Critère responsable", "en": "Responsible-purchasing criterion"},
}


@dataclass(frozen=True)
class TenderSnapshot:
    purchase: Purchase
    context: Context
    ambition: Ambition = Ambition.CORE
    clauses: tuple[ChosenClause, ...] = ()
    criteria: tuple[Criterion, ...] = ()
    price_formula: str = PriceFormula.PROPORTIONAL  # how the price criterion is scored
    justifications: dict[str, str] = field(default_factory=dict)  # rule id -> buyer's reason
    # A lot's own award criteria, when they differ from ``criteria`` (lot -> criteria)
    lot_criteria: Mapping[int, tuple[Criterion, ...]] = field(default_factory=dict)
    # A lot's own price formula, when it differs from ``price_formula`` (lot -> formula)
    lot_price_formulas: Mapping[int, str] = field(default_factory=dict)

    @property
    def adapted_languages(self) -> frozenset[str]:
        """The languages in which a clause's wording was adapted: their Word files show
        it as tracked changes."""
        return frozenset(language for clause in self.clauses for language in clause.custom_text)

    def criteria_for(self, lot: int | None) -> tuple[Criterion, ...]:
        """The award criteria of one lot (None: of a contract not divided)."""
        if lot is None:
            return self.criteria
        if lot in self.lot_criteria:
            return self.lot_criteria[lot]
        return tuple(
            c
            for c in self.criteria
            if c.slug is None or (clause := self.clause(c.slug)) is None or clause.applies_to(lot)
        )

    def price_formula_for(self, lot: int | None) -> str:
        """The price formula of one lot (None: of a contract not divided)."""
        if lot is None:
            return self.price_formula
        return self.lot_price_formulas.get(lot, self.price_formula)

    def criteria_groups(self) -> list[tuple[tuple[int, ...], TenderSnapshot]]:
        """The lots judged alike, with the view the first of them gives: lots sharing
        the same criteria, price formula and award-clause values, in lot order. One
        group with no lots when the contract is not divided or every lot is judged on
        the contract's criteria."""
        if not self.purchase.is_divided or not (self.lot_criteria or self.lot_price_formulas):
            return [((), self)]
        groups: dict[object, tuple[list[int], TenderSnapshot]] = {}
        for lot, view in self.views():
            assert lot is not None
            awarded = tuple(
                (c.slug, tuple(sorted(c.values.items(), key=lambda item: item[0])))
                for c in view.clauses
                if c.kind is ClauseKind.AWARD_CRITERION
            )
            key = repr((view.criteria, view.price_formula, awarded))
            groups.setdefault(key, ([], view))[0].append(lot)
        return [(tuple(lots), view) for lots, view in groups.values()]

    def for_lot(self, lot: int) -> TenderSnapshot:
        """The tender as one of its lots: the lot's view of the purchase, the clauses that
        apply to it with its own values, its award criteria. The view of a lot is judged
        and recommended on as a contract of its own, the thresholds on the whole value."""
        return dataclasses.replace(
            self,
            purchase=self.purchase.lot_view(lot),
            context=self.context.for_lot(self.purchase.lot(lot)),
            clauses=tuple(
                _with_weight(c.for_lot(lot), self.criteria_for(lot))
                for c in self.clauses
                if c.applies_to(lot)
            ),
            criteria=self.criteria_for(lot),
            price_formula=self.price_formula_for(lot),
            lot_criteria={},
            lot_price_formulas={},
        )

    def views(self) -> list[tuple[int | None, TenderSnapshot]]:
        """(lot number, view) for each lot, or (None, the tender) when it is not divided or
        is already the view of one lot (judged as a contract of its own)."""
        if not self.purchase.is_divided or self.purchase.focus is not None:
            return [(None, self)]
        return [(n, self.for_lot(n)) for n in self.purchase.lot_numbers]

    def clauses_of_kind(self, *kinds: ClauseKind) -> tuple[ChosenClause, ...]:
        return tuple(clause for clause in self.clauses if clause.kind in kinds)

    def clause(self, slug: str) -> ChosenClause | None:
        return next((c for c in self.clauses if c.slug == slug), None)

    def criterion_name(self, criterion: Criterion, language: str) -> str:
        """The criterion's own label, else its clause's title, else the name of its kind."""
        if criterion.label.strip():
            return criterion.label
        clause = self.clause(criterion.slug) if criterion.slug else None
        if clause is not None:
            return clause.content.title.get(language) or clause.slug
        return CRITERION_KIND_NAMES[criterion.kind][language]


def _with_weight(clause: ChosenClause, criteria: tuple[Criterion, ...]) -> ChosenClause:
    """An award clause printing its weight, with the weight it has among ``criteria``."""
    if CRITERION_WEIGHT_VARIABLE not in clause.content.variable_names:
        return clause
    weight = next((c.weight for c in criteria if c.slug == clause.slug), None)
    if weight is None:
        return clause
    value = int(weight) if weight == int(weight) else float(weight)
    return dataclasses.replace(clause, values={**clause.values, CRITERION_WEIGHT_VARIABLE: value})


def snapshot_digest(snapshot: TenderSnapshot) -> str:
    """The SHA-256 (64 hex digits) of everything a tender's documents are built from: the
    purchase, its context, the chosen clauses with their content and values, the
    criteria and the justifications. Two snapshots share it when, and only when, they
    hold the same data, so a document can tell the tender it was built from."""
    text = json.dumps(_canonical(snapshot), sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def _canonical(value: Any) -> Any:
    """``value`` as JSON data that reads the same whatever the order of its sets."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _canonical(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Mapping):
        return {str(key): _canonical(item) for key, item in value.items()}
    if isinstance(value, (set, frozenset)):
        return sorted((_canonical(item) for item in value), key=repr)
    if isinstance(value, (list, tuple)):
        return [_canonical(item) for item in value]
    if isinstance(value, (Decimal, dt.date, enum.Enum)):
        return str(value.value if isinstance(value, enum.Enum) else value)
    return value
