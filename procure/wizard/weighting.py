"""Scoring sample bids with the tender's weights: the weighting simulator.

Pure functions: criteria and bids in, scores, ranking and warnings out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

MAX_MARK = Decimal(10)
SYMBOLIC_WEIGHT = Decimal(5)  # percent; below this a criterion hardly counts (procure's advice)
TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class WeightedCriterion:
    key: str
    label: str
    weight: Decimal  # percent of the total score
    responsible: bool = False  # a social or environmental criterion


@dataclass(frozen=True)
class Bid:
    name: str
    price: Decimal
    marks: dict[str, Decimal] = field(default_factory=dict)  # criterion key -> mark out of 10


@dataclass(frozen=True)
class BidScore:
    name: str
    price_score: Decimal
    criterion_scores: dict[str, Decimal]
    total: Decimal
    rank: int


def price_score(price: Decimal, lowest: Decimal, weight: Decimal, formula: str) -> Decimal:
    if price <= 0:
        return Decimal(0)
    ratio = max(Decimal(0), 2 - price / lowest) if formula == "linear" else lowest / price
    return (ratio * weight).quantize(TWO_PLACES)


def score_bids(
    bids: Sequence[Bid],
    price_weight: Decimal,
    criteria: Sequence[WeightedCriterion],
    formula: str = "proportional",
) -> list[BidScore]:
    """Each bid's weighted score out of 100, best first (ties share a rank)."""
    if not bids:
        return []
    lowest = (
        min(bid.price for bid in bids if bid.price > 0)
        if any(bid.price > 0 for bid in bids)
        else Decimal(1)
    )
    scored = []
    for bid in bids:
        parts = {
            criterion.key: (
                bid.marks.get(criterion.key, Decimal(0)) / MAX_MARK * criterion.weight
            ).quantize(TWO_PLACES)
            for criterion in criteria
        }
        price_part = price_score(bid.price, lowest, price_weight, formula)
        scored.append((bid, price_part, parts, price_part + sum(parts.values(), Decimal(0))))
    scored.sort(key=lambda item: -item[3])
    results = []
    for position, (bid, price_part, parts, total) in enumerate(scored, start=1):
        rank = results[-1].rank if results and results[-1].total == total else position
        results.append(BidScore(bid.name, price_part, parts, total, rank))
    return results


def inert_criteria(
    bids: Sequence[Bid],
    price_weight: Decimal,
    criteria: Sequence[WeightedCriterion],
    formula: str = "proportional",
) -> list[WeightedCriterion]:
    """Responsible criteria whose whole weight could not change who comes first.

    Without the criterion, if the leader is ahead of every other bid by more than the
    criterion's weight, no marks on it could change the winner.
    """
    inert = []
    for criterion in criteria:
        if not criterion.responsible or len(bids) < 2:
            continue
        others = [c for c in criteria if c.key != criterion.key]
        scores = score_bids(bids, price_weight, others, formula)
        if scores[0].total - scores[1].total > criterion.weight:
            inert.append(criterion)
    return inert


def symbolic_criteria(criteria: Sequence[WeightedCriterion]) -> list[WeightedCriterion]:
    """Responsible criteria weighted so little that they hardly count."""
    return [c for c in criteria if c.responsible and 0 < c.weight < SYMBOLIC_WEIGHT]
