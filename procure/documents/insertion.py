"""The insertion-hours computation the justification note shows step by step (FACTS §4).

hours = estimated value excl. VAT × labour share × insertion rate ÷ average
fully-loaded hourly cost, rounded to the nearest hour.

The labour share comes from the wizard (``Context.labour_share``), the rate
from the clause's ``insertion_rate`` value. The hourly cost is the buyer's
(``Context.hourly_cost``, set in the wizard), else the clause's ``hourly_cost``
value in a tender file (a computation input, never printed in the clause),
otherwise ``DEFAULT_HOURLY_COST`` (FACTS §4: "usually taken at €25-30"); the note
then says it was assumed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from procure.formatting import to_decimal
from procure.snapshot import DEFAULT_HOURLY_COST, ChosenClause, TenderSnapshot

RATE_VARIABLE = "insertion_rate"
HOURS_VARIABLE = "insertion_hours"
HOURLY_COST_VARIABLE = "hourly_cost"
HUNDRED = Decimal(100)


@dataclass(frozen=True)
class InsertionComputation:
    clause: ChosenClause
    value: Decimal
    labour_share: Decimal  # percent
    rate: Decimal  # percent
    hourly_cost: Decimal
    hourly_cost_assumed: bool
    chosen_hours: Decimal | None  # what the clause says

    @property
    def labour_amount(self) -> Decimal:
        return self.value * self.labour_share / HUNDRED

    @property
    def insertion_amount(self) -> Decimal:
        return self.labour_amount * self.rate / HUNDRED

    @property
    def exact_hours(self) -> Decimal:
        return (self.insertion_amount / self.hourly_cost).quantize(Decimal("0.01"), ROUND_HALF_UP)

    @property
    def hours(self) -> Decimal:
        return (self.insertion_amount / self.hourly_cost).quantize(Decimal(1), ROUND_HALF_UP)

    @property
    def possible(self) -> bool:
        return self.labour_share > 0 and self.hourly_cost > 0


def has_insertion_rate(clause: ChosenClause) -> bool:
    return RATE_VARIABLE in clause.content.variable_names or RATE_VARIABLE in clause.values


def compute_insertion(snapshot: TenderSnapshot) -> list[InsertionComputation]:
    """One computation per chosen clause that sets an insertion rate."""
    computations = []
    for clause in snapshot.clauses:
        if not has_insertion_rate(clause):
            continue
        field = f"clause '{clause.slug}'"
        rate = to_decimal(clause.value(RATE_VARIABLE), f"{field}, variable '{RATE_VARIABLE}'")
        raw_cost = snapshot.context.hourly_cost
        if raw_cost is None:
            try:
                raw_cost = clause.value(HOURLY_COST_VARIABLE)
            except KeyError:
                raw_cost = None
        cost = (
            DEFAULT_HOURLY_COST
            if raw_cost is None
            else to_decimal(raw_cost, f"{field}, variable '{HOURLY_COST_VARIABLE}'")
        )
        try:
            raw_hours = clause.value(HOURS_VARIABLE)
        except KeyError:
            raw_hours = None
        computations.append(
            InsertionComputation(
                clause=clause,
                # a lot's view sizes the hours on the lot's value, not the contract's
                value=to_decimal(snapshot.purchase.sizing_value, "purchase.estimated_value"),
                labour_share=to_decimal(snapshot.context.labour_share, "context.labour_share"),
                rate=rate,
                hourly_cost=cost,
                hourly_cost_assumed=raw_cost is None,
                chosen_hours=None
                if raw_hours is None
                else to_decimal(raw_hours, f"{field}, variable '{HOURS_VARIABLE}'"),
            )
        )
    return computations
