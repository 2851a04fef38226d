"""The award criteria's starting weights, as step 5 of the guided form proposes them.

One source for the wizard and for tender files that leave their criteria out
(``clauses: auto``): price 60 % and technical value 40 % alone; with
responsible-purchasing criteria (award-criterion clauses), price 50 %, those
criteria 10 % each (30 % together at most, shared equally) and the technical
value the rest. The weights always add up to 100 %.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, Decimal

CLAUSE_CRITERIA_SHARE = Decimal(10)  # each responsible-purchasing criterion, by default
CLAUSE_CRITERIA_CAP = Decimal(30)  # all of them together, at most
PRICE_ALONE = Decimal(60)  # the price's weight when no clause is an award criterion
PRICE_WITH_CLAUSES = Decimal(50)
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class CriteriaWeights:
    """Weights in percent of the score: price, technical value, and each clause criterion."""

    price: Decimal
    technical: Decimal
    clauses: dict[str, Decimal] = field(default_factory=dict)  # clause slug -> weight

    @property
    def total(self) -> Decimal:
        return self.price + self.technical + sum(self.clauses.values(), Decimal(0))


def default_criteria(clause_criteria: Sequence[str]) -> CriteriaWeights:
    """Step 5's starting weights for the chosen award-criterion clauses (slugs, in order);
    the rounding remainder goes to the first clause criterion."""
    if not clause_criteria:
        return CriteriaWeights(price=PRICE_ALONE, technical=HUNDRED - PRICE_ALONE)
    share = min(CLAUSE_CRITERIA_SHARE * len(clause_criteria), CLAUSE_CRITERIA_CAP)
    each = (share / len(clause_criteria)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    weights = dict.fromkeys(clause_criteria, each)
    weights[clause_criteria[0]] += share - each * len(clause_criteria)
    return CriteriaWeights(
        price=PRICE_WITH_CLAUSES,
        technical=HUNDRED - PRICE_WITH_CLAUSES - share,
        clauses=weights,
    )
