"""Which clauses a purchase needs, and why: a pure function of the answers and the library.

``recommend`` sorts every applicable clause of the library into *mandatory* (a legal
obligation, with its reason), *recommended* (it fits the purchase, the buyer's
objectives and the chosen ambition) and *possible* (it applies, but is more
ambitious or less specific), each with one-line reasons in French and English.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from procure.compliance.thresholds import eu_threshold
from procure.library.families import WORKS_FAMILIES, PurchaseFamily
from procure.snapshot import Context, Purchase, TenderSnapshot
from procure.tenders.fit import (
    AMBITION_RANK,
    LibraryEntry,
    is_applicable,
    is_catering,
    purchase_families,
)
from procure.tenders.obligations import Obligation, obligations
from procure.vocabulary import Ambition, ClauseGrouping, ClauseKind, ContractType, Objective, Theme

LABOUR_INTENSIVE_SHARE = Decimal(30)  # percent of the price; a buyer setting, not a legal value
ORDER = list(ClauseGrouping)
KIND_ORDER = {
    ClauseKind.EXECUTION_CONDITION: 0,
    ClauseKind.AWARD_CRITERION: 1,
    ClauseKind.TECHNICAL_SPECIFICATION: 2,
    ClauseKind.MONITORING: 3,
    ClauseKind.RESERVED_CONTRACT: 4,
    ClauseKind.SELECTION_CRITERION: 5,
}

DELIVERY_CLAUSES = ("low-emission-deliveries", "packaging-delivery-waste")

# What is bought comes from procure.library.families (CPV codes as data, FACTS §8).
# Markets where suppliers commonly meet demanding clauses (labels, recycled or organic
# shares, insertion): procure's judgement, used only to propose an ambition level.
MATURE_MARKETS = frozenset(
    {
        PurchaseFamily.COLLECTIVE_CATERING,
        PurchaseFamily.SCHOOL_CATERING,
        PurchaseFamily.CLEANING,
        PurchaseFamily.GREEN_SPACES,
        PurchaseFamily.IT_EQUIPMENT,
        PurchaseFamily.FURNITURE,
        PurchaseFamily.TEXTILES,
        PurchaseFamily.PRINTING_PAPER,
        PurchaseFamily.BUILDING_NEW,
        PurchaseFamily.BUILDING_RENOVATION,
    }
)
SPASER_PURCHASES = Decimal(50_000_000)  # yearly purchases above which a SPASER is due (FACTS §10.6)
DIGITAL_FAMILIES = frozenset({PurchaseFamily.IT_EQUIPMENT, PurchaseFamily.DIGITAL_SERVICES})


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


@dataclass
class Recommendation:
    entry: LibraryEntry
    grouping: ClauseGrouping
    reasons: list[Text] = field(default_factory=list)
    score: int = 0
    # For a contract divided into lots: the lots it applies to, with its grouping in each
    lots: dict[int, ClauseGrouping] = field(default_factory=dict)

    def lots_grouped(self, *groupings: ClauseGrouping) -> tuple[int, ...]:
        """The lots where the clause is in one of ``groupings``."""
        return tuple(n for n, grouping in sorted(self.lots.items()) if grouping in groupings)

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


@dataclass(frozen=True)
class AmbitionProposal:
    """The ambition level procure proposes, and why (procure's rule of thumb, not the law)."""

    level: Ambition
    reason: Text


def propose_ambition(purchase: Purchase, context: Context) -> AmbitionProposal:
    """Start where the buyer can follow the clauses up, not where the value alone points.

    Core: the obligations and the clauses written for the trade. Comprehensive: the
    organisation has the capacity to monitor more (a SPASER adopted, or yearly purchases
    above the amount that requires one) and the contract is at least at the EU
    threshold. Exemplary: in addition, a mature market, where suppliers commonly meet
    demanding clauses, and at least two objectives the buyer states for this purchase.
    """
    capacity = context.has_spaser or (context.annual_purchases or 0) > SPASER_PURCHASES
    large = purchase.estimated_value >= eu_threshold(purchase)
    mature = bool(purchase_families(purchase, context) & MATURE_MARKETS)
    if not capacity:
        return AmbitionProposal(Ambition.CORE, reason_text("ambition_no_capacity"))
    if not large:
        return AmbitionProposal(Ambition.CORE, reason_text("ambition_small"))
    if mature and len(context.objectives) >= 2:
        return AmbitionProposal(Ambition.EXEMPLARY, reason_text("ambition_exemplary"))
    return AmbitionProposal(Ambition.COMPREHENSIVE, reason_text("ambition_comprehensive"))


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


def recommend(
    purchase: Purchase,
    context: Context,
    ambition: Ambition,
    library: Sequence[LibraryEntry],
    *,
    duties: Sequence[Obligation] | None = None,
) -> list[Recommendation]:
    """Every applicable clause of ``library``, grouped and ranked, with its reasons
    (``duties``: the purchase's obligations, when the caller has them already)."""
    families = purchase_families(purchase, context)
    found = signals(purchase, context)
    results: dict[str, Recommendation] = {}
    if duties is None:
        snapshot = TenderSnapshot(purchase=purchase, context=context, ambition=ambition)
        duties = obligations(snapshot, library)
    for obligation in duties:
        _offer_candidates(obligation, results)

    for entry in library:
        if not is_applicable(entry, purchase, families):
            continue
        reasons = _matching_reasons(entry, found, purchase)
        fits_ambition = AMBITION_RANK[entry.ambition] <= AMBITION_RANK[ambition]
        offered = results.get(entry.slug)
        if offered is not None:  # a candidate of an obligation: the signals add to it
            offered.reasons.extend(reasons)
            if reasons and fits_ambition and offered.grouping is ClauseGrouping.POSSIBLE:
                offered.grouping = ClauseGrouping.RECOMMENDED
            continue
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

    return sorted(results.values(), key=_order)


def recommend_by_lot(
    purchase: Purchase, context: Context, ambition: Ambition, library: Sequence[LibraryEntry]
) -> list[Recommendation]:
    """``recommend`` for a contract, lot by lot when it is divided: each lot is judged on
    its own CPV codes and labour share, the thresholds on the whole contract's value. A
    clause keeps its best grouping over the lots, the reasons of the lot where it is
    best, and in ``lots`` its grouping in every lot it applies to."""
    if not purchase.is_divided:
        return recommend(purchase, context, ambition, library)
    merged: dict[str, Recommendation] = {}
    for lot in purchase.lots:
        for result in recommend(
            purchase.lot_view(lot.number), context.for_lot(lot), ambition, library
        ):
            kept = merged.get(result.entry.slug)
            if kept is None or _ranks_before(result, kept):
                result.lots = {**(kept.lots if kept else {}), lot.number: result.grouping}
                merged[result.entry.slug] = result
            else:
                kept.lots[lot.number] = result.grouping
    return sorted(merged.values(), key=_order)


def _ranks_before(first: Recommendation, second: Recommendation) -> bool:
    return (ORDER.index(first.grouping), -first.score) < (
        ORDER.index(second.grouping),
        -second.score,
    )


def _order(r: Recommendation) -> tuple[int, int, int, str]:
    return (ORDER.index(r.grouping), -r.score, KIND_ORDER[r.entry.kind], r.entry.title("fr"))


def _offer_candidates(obligation: Obligation, results: dict[str, Recommendation]) -> None:
    """The obligation's best candidate is recommended (mandatory when it is the only
    one); the others are offered as alternatives; a reservation is never pushed."""
    basis = {language: obligation.citation(language) for language in ("fr", "en")}
    values = {"title": obligation.title, "basis": basis}
    offered = [e for e in obligation.candidates if e.kind is not ClauseKind.RESERVED_CONTRACT]
    for entry in obligation.candidates:
        best = bool(offered) and entry is offered[0]
        key = "obligation" if best else "obligation_alternative"
        recommendation = results.setdefault(
            entry.slug, Recommendation(entry, ClauseGrouping.POSSIBLE, [], score=0)
        )
        recommendation.reasons.append(reason_text(key, **values))
        if entry.kind is ClauseKind.RESERVED_CONTRACT:
            recommendation.reasons.append(reason_text("reservation_by_choice"))
        if best:
            sole = len(obligation.candidates) == 1
            grouping = ClauseGrouping.MANDATORY if sole else ClauseGrouping.RECOMMENDED
            if ORDER.index(grouping) < ORDER.index(recommendation.grouping):
                recommendation.grouping = grouping
            recommendation.score = max(recommendation.score, 100)
        else:
            recommendation.score = max(recommendation.score, 20)


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
