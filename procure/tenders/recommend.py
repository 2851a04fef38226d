"""Which clauses a purchase needs, and why: a pure function of the answers and the library.

``recommend`` sorts every applicable clause of the library into *mandatory* (a legal
obligation, with its reason), *recommended* (it fits the purchase, the buyer's
objectives and the chosen ambition) and *possible* (it applies, but is more
ambitious or less specific), each with one-line reasons in French and English.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from procure.compliance.thresholds import eu_threshold
from procure.library.content import ClauseContent
from procure.library.families import WORKS_FAMILIES, PurchaseFamily, families_of, fits
from procure.snapshot import Context, Purchase
from procure.vocabulary import Ambition, ClauseGrouping, ClauseKind, ContractType, Objective, Theme

CLIMATE_LAW_START = dt.date(2026, 8, 21)  # LCR art. 35 IV, décret 2022-767 (FACTS §0)
AMBITION_RANK = {Ambition.CORE: 0, Ambition.COMPREHENSIVE: 1, Ambition.EXEMPLARY: 2}
LABOUR_INTENSIVE_SHARE = Decimal(30)  # percent of the price; a buyer setting, not a legal value
KIND_ORDER = {
    ClauseKind.EXECUTION_CONDITION: 0,
    ClauseKind.AWARD_CRITERION: 1,
    ClauseKind.TECHNICAL_SPECIFICATION: 2,
    ClauseKind.MONITORING: 3,
    ClauseKind.RESERVED_CONTRACT: 4,
    ClauseKind.SELECTION_CRITERION: 5,
}

ENVIRONMENTAL_CONDITION = "environmental-execution-condition"
ENVIRONMENTAL_CRITERION = "environmental-performance-criterion"
INSERTION_HOURS = "insertion-hours"
INSERTION_HOURS_SERVICES = "insertion-hours-cleaning-green-spaces"
EGALIM_QUALITY = "egalim-quality-share"
EGALIM_MEAT_FISH = "egalim-meat-fish-share"
VEGETARIAN_MENU = "vegetarian-menu"
PLASTIC_FREE_CONTAINERS = "catering-plastic-free-containers"
DELIVERY_CLAUSES = ("low-emission-deliveries", "packaging-delivery-waste")

# What is bought comes from procure.library.families (CPV codes as data, FACTS §8).
DIGITAL_FAMILIES = frozenset({PurchaseFamily.IT_EQUIPMENT, PurchaseFamily.DIGITAL_SERVICES})
INSERTION_SERVICES_FAMILIES = frozenset({PurchaseFamily.CLEANING, PurchaseFamily.GREEN_SPACES})


Text = dict[str, str]
REASONS_PATH = Path(__file__).with_name("reasons.yaml")


@cache
def _reasons() -> dict[str, Any]:
    reasons: dict[str, Any] = yaml.safe_load(REASONS_PATH.read_text(encoding="utf-8"))
    return reasons


def reason_text(key: str, **values: Any) -> Text:
    """A reason from reasons.yaml in both languages, its placeholders filled."""
    texts = _reasons()[key]
    return {
        language: texts[language].format(
            **{
                name: value[language] if isinstance(value, dict) else value
                for name, value in values.items()
            }
        )
        for language in ("fr", "en")
    }


def objective_name(objective: str) -> Text:
    name: Text = _reasons()["objectives"][objective]
    return name


@dataclass(frozen=True)
class LibraryEntry:
    """One clause of the library as the buyer sees it: its approved version's content."""

    slug: str
    version: int
    content: ClauseContent

    @property
    def kind(self) -> ClauseKind:
        return self.content.kind

    @property
    def ambition(self) -> Ambition:
        return self.content.ambition

    @property
    def themes(self) -> set[str]:
        return set(self.content.themes)

    @property
    def pillars(self) -> set[str]:
        return set(self.content.pillars)

    def title(self, language: str) -> str:
        return self.content.title[language]


@dataclass
class Recommendation:
    entry: LibraryEntry
    grouping: ClauseGrouping
    reasons: list[Text] = field(default_factory=list)
    score: int = 0

    def reason(self, language: str) -> str:
        separator = " ; " if language == "fr" else "; "
        text = separator.join(reason[language] for reason in self.reasons)
        return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class Signal:
    """Something in the answers that makes some clauses fit: a theme, an objective…"""

    reason: Text
    themes: frozenset[str] = frozenset()
    objectives: frozenset[str] = frozenset()
    slugs: frozenset[str] = frozenset()


def has_cpv(purchase: Purchase, prefixes: Iterable[str]) -> bool:
    return any(code.startswith(tuple(prefixes)) for code in purchase.cpv_codes)


def purchase_families(purchase: Purchase, context: Context) -> frozenset[PurchaseFamily]:
    """What is bought: the families of its CPV codes and contract type.

    The buyer's answer that the purchase serves catering makes food supplies collective
    catering (EGalim); animal feed and food bought for other uses are not.
    """
    return families_of(purchase.contract_type, purchase.cpv_codes, catering=context.catering)


def is_catering(purchase: Purchase, context: Context) -> bool:
    """Collective catering, school catering included: EGalim applies (FACTS §3)."""
    return PurchaseFamily.COLLECTIVE_CATERING in purchase_families(purchase, context)


def propose_ambition(purchase: Purchase) -> Ambition:
    """A proportionate ambition: core below the EU threshold, more above it and over time.

    A proposal for the buyer to change; procure's own rule of thumb, not the law.
    """
    ratio = purchase.estimated_value / eu_threshold(purchase)
    if ratio < 1:
        return Ambition.CORE
    if ratio >= 4 or purchase.duration_months >= 48:
        return Ambition.EXEMPLARY
    return Ambition.COMPREHENSIVE


def signals(purchase: Purchase, context: Context) -> list[Signal]:
    """What in the answers points to clauses, each with its reason."""
    found: list[Signal] = []
    families = purchase_families(purchase, context)
    if is_catering(purchase, context):
        found.append(Signal(reason_text("catering"), themes=frozenset({Theme.SUSTAINABLE_FOOD})))
    if context.digital or families & DIGITAL_FAMILIES:
        found.append(Signal(reason_text("digital"), themes=frozenset({Theme.RESPONSIBLE_TECH})))
    if (
        context.building
        or purchase.contract_type is ContractType.WORKS
        or families & WORKS_FAMILIES
    ):
        found.append(Signal(reason_text("building"), themes=frozenset({Theme.SUSTAINABLE_HOUSING})))
    if context.packaging_waste or purchase.contract_type is ContractType.SUPPLIES:
        found.append(Signal(reason_text("packaging"), themes=frozenset({Theme.CIRCULAR_ECONOMY})))
    if context.urban_deliveries:
        found.append(Signal(reason_text("deliveries"), slugs=frozenset(DELIVERY_CLAUSES)))
    if context.labour_share >= LABOUR_INTENSIVE_SHARE:
        found.append(
            Signal(
                reason_text("labour_intensive", share=context.labour_share),
                objectives=frozenset({Objective.INSERTION}),
            )
        )
    for objective in sorted(context.objectives):
        found.append(
            Signal(
                reason_text("objective", name=objective_name(objective)),
                objectives=frozenset({objective}),
            )
        )
    return found


def legal_obligations(purchase: Purchase, context: Context) -> list[tuple[str, Text, bool]]:
    """(clause slug, reason, mandatory) for the clauses the law asks for this purchase.

    Before the climate law's date, or for defence and security, the same clauses come
    back as recommendations (``mandatory`` False) with a reason that says so.
    """
    in_force = purchase.launch_date >= CLIMATE_LAW_START
    binding = in_force and not purchase.defence_or_security
    if purchase.defence_or_security:
        note = reason_text("note_defence")
    elif not in_force:
        note = reason_text("note_before_law")
    else:
        note = {"fr": "", "en": ""}
    obligations = [
        (ENVIRONMENTAL_CONDITION, reason_text("environmental_condition", note=note), binding),
        (ENVIRONMENTAL_CRITERION, reason_text("environmental_criterion", note=note), binding),
    ]
    families = purchase_families(purchase, context)
    threshold = eu_threshold(purchase)
    if purchase.estimated_value >= threshold:
        insertion = (
            INSERTION_HOURS_SERVICES if families & INSERTION_SERVICES_FAMILIES else INSERTION_HOURS
        )
        amount = f"{threshold:,.0f}".replace(",", "\u202f")
        obligations.append(
            (insertion, reason_text("social_condition", threshold=amount, note=note), binding)
        )
    if is_catering(purchase, context):
        obligations.append((EGALIM_QUALITY, reason_text("egalim"), True))
        obligations.append((EGALIM_MEAT_FISH, reason_text("egalim"), True))
    if PurchaseFamily.SCHOOL_CATERING in families:
        obligations.append((VEGETARIAN_MENU, reason_text("vegetarian_menu"), True))
        obligations.append((PLASTIC_FREE_CONTAINERS, reason_text("plastic_free"), True))
    return obligations


def is_applicable(
    entry: LibraryEntry, purchase: Purchase, families: frozenset[PurchaseFamily]
) -> bool:
    """Whether the clause fits the purchase: contract type, families, CPV and value."""
    content = entry.content
    if purchase.contract_type not in content.contract_types:
        return False
    if not fits(content.families, families):
        return False
    prefixes = content.cpv_prefixes
    if prefixes and not has_cpv(purchase, prefixes):
        return False
    minimum = content.min_value
    return minimum is None or purchase.estimated_value >= minimum


def recommend(
    purchase: Purchase,
    context: Context,
    ambition: Ambition,
    library: Sequence[LibraryEntry],
) -> list[Recommendation]:
    """Every applicable clause of ``library``, grouped and ranked, with its reasons."""
    by_id = {entry.slug: entry for entry in library}
    families = purchase_families(purchase, context)
    found = signals(purchase, context)
    results: dict[str, Recommendation] = {}

    for slug, reason, mandatory in legal_obligations(purchase, context):
        entry = by_id.get(slug)
        if entry is None or not is_applicable(entry, purchase, families):
            continue
        grouping = ClauseGrouping.MANDATORY if mandatory else ClauseGrouping.RECOMMENDED
        results[slug] = Recommendation(entry, grouping, [reason], score=100)

    for entry in library:
        if entry.slug in results or not is_applicable(entry, purchase, families):
            continue
        reasons = _matching_reasons(entry, found, purchase)
        fits_ambition = AMBITION_RANK[entry.ambition] <= AMBITION_RANK[ambition]
        if reasons and fits_ambition:
            grouping = ClauseGrouping.RECOMMENDED
        else:
            grouping = ClauseGrouping.POSSIBLE
            if reasons and not fits_ambition:
                reasons.append(reason_text("more_ambitious"))
            if not reasons:
                reasons.append(reason_text("applies"))
        score = 10 * len(reasons) - AMBITION_RANK[entry.ambition]
        results[entry.slug] = Recommendation(entry, grouping, reasons, score)

    order = list(ClauseGrouping)
    return sorted(
        results.values(),
        key=lambda r: (
            order.index(r.grouping),
            -r.score,
            KIND_ORDER[r.entry.kind],
            r.entry.title("fr"),
        ),
    )


def _matching_reasons(entry: LibraryEntry, found: list[Signal], purchase: Purchase) -> list[Text]:
    reasons = []
    objectives = set(entry.content.objectives)
    for signal in found:
        if (
            signal.themes & entry.themes
            or signal.objectives & objectives
            or entry.slug in signal.slugs
        ):
            reasons.append(signal.reason)
    prefixes = entry.content.cpv_prefixes
    if prefixes and not reasons:
        reasons.append(reason_text("cpv", cpv=purchase.cpv_main))
    return reasons
