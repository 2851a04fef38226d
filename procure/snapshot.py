"""A tender as plain data: what the wizard saved, read by recommendations,
compliance checks and document building alike, with no database or Flask.

The wizard builds a ``TenderSnapshot`` from the database; ``build-tender`` builds
one from a YAML file; tests build them directly.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
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
    Procedure,
    Theme,
)


@dataclass(frozen=True)
class Purchase:
    """Wizard step 1: what is bought, by whom, how and when."""

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
    lots: int
    procedure: Procedure
    launch_date: dt.date  # planned launch of the consultation
    reference: str = ""

    @property
    def cpv_codes(self) -> tuple[str, ...]:
        """Every CPV code of the purchase, main first, as 8 digits without check digit."""
        return tuple(code.split("-")[0] for code in (self.cpv_main, *self.cpv_additional))


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


def purchase_facts(purchase: Purchase) -> dict[str, Any]:
    """Clause variables that restate a fact of the purchase, with the purchase's value:
    a clause never prints another duration than the contract's, nor reserves a lot of a
    contract that has none, nor asks a State restaurant for less sustainable meat and
    fish than the law does. Nobody types them: the purchase is their one source."""
    facts: dict[str, Any] = {"duration_months": purchase.duration_months}
    if purchase.lots == 1:
        facts["reserved_scope"] = {"fr": "le présent marché", "en": "this contract"}
    if purchase.buyer_category is OrganisationCategory.CENTRAL:
        facts[MEAT_FISH_SHARE_VARIABLE] = STATE_MEAT_FISH_SHARE
    return facts


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
        for name, value in purchase_facts(purchase).items()
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
    price_formula: str = "proportional"  # how the price criterion is scored
    justifications: dict[str, str] = field(default_factory=dict)  # rule id -> buyer's reason

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
