"""Step 5's weighting simulator: sample bids as typed, and the ranking they get.

When the lots of a divided tender are weighed each on their own, the simulator ranks
the bids of one lot, chosen in the simulator, on that lot's criteria and formula."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from flask_babel import gettext

from procure.formatting import MONEY_UNITS, read_number
from procure.models import Tender, TenderClause
from procure.wizard.forms import WEIGHTS_PER_LOT, CriteriaForm, lot_weight_name, weight_name
from procure.wizard.weighting import (
    Bid,
    WeightedCriterion,
    inert_criteria,
    score_bids,
    symbolic_criteria,
)

MAX_BIDS = 5
MAX_MARK = Decimal(10)


def posted_bids(
    form: Mapping[str, str], clause_slugs: Sequence[str], language: str
) -> list[dict[str, Any]]:
    """The sample bids typed in the simulator: a name, a price (read as ``language``
    reads it: ``800 000 €``, ``EUR 800,000``) and a mark out of 10 for each criterion;
    rows left empty are skipped, marks are kept between 0 and 10."""
    keys = ["technical", *clause_slugs]
    bids = []
    for index in range(MAX_BIDS):
        name = form.get(f"bid{index}_name", "").strip()[:100]
        price = _decimal(form.get(f"bid{index}_price"), language)
        if not name and price is None:
            continue
        marks = {
            key: min(MAX_MARK, max(Decimal(0), mark))
            for key in keys
            for mark in [_decimal(form.get(f"bid{index}_{key}"), language) or Decimal(0)]
        }
        bids.append({"name": name or f"{index + 1}", "price": price or Decimal(0), "marks": marks})
    return bids


def _decimal(value: str | None, language: str) -> Decimal | None:
    try:
        return read_number(value, language, units=MONEY_UNITS).value if value else None
    except ValueError:
        return None


def simulated_lot(
    form: CriteriaForm,
    lots: Sequence[tuple[int, str, Sequence[str]]],
    wanted: object,
) -> tuple[int, Sequence[str]] | None:
    """The lot the simulator ranks (its number and award clauses): the one ``wanted``
    (a lot number as posted or saved) else the first, when each lot has its own
    weights; None when the weights are the contract's."""
    if not lots or form.lot_scope.data != WEIGHTS_PER_LOT:
        return None
    chosen = next((lot for lot in lots if str(lot[0]) == str(wanted)), lots[0])
    return chosen[0], chosen[2]


def page_data(
    tender: Tender,
    form: CriteriaForm,
    award_clauses: Sequence[TenderClause],
    language: str,
    bids: list[dict[str, Any]] | None = None,
    *,
    lot: tuple[int, Sequence[str]] | None = None,
) -> dict[str, Any]:
    """The simulator's table and ranking, for the bids just typed or the saved ones, on
    the contract's weights or on those of ``lot`` (its number and award clauses)."""
    stored = bids if bids is not None else (tender.answers.get("simulation") or {}).get("bids", [])

    def field(name: str) -> Any:
        return form[name if lot is None else lot_weight_name(lot[0], name)]

    criteria = [
        WeightedCriterion(
            "technical", gettext("Technical value"), _weight(field("technical_weight").data)
        ),
        *(
            WeightedCriterion(
                tc.clause.slug,
                tc.clause_version.clause_content.title[language],
                _weight(field(weight_name(tc.clause.slug)).data),
                responsible=True,
            )
            for tc in award_clauses
            if lot is None or tc.clause.slug in lot[1]
        ),
    ]
    sample = [
        Bid(
            b["name"], Decimal(str(b["price"])), {k: Decimal(str(v)) for k, v in b["marks"].items()}
        )
        for b in stored
    ]
    price_weight = _weight(field("price_weight").data)
    formula = field("price_formula").data or "proportional"
    ranked = len(sample) >= 2
    return {
        "simulated_lot": None if lot is None else lot[0],
        "bids": stored,
        "max_bids": MAX_BIDS,
        "criteria_keys": criteria,
        "scores": score_bids(sample, price_weight, criteria, formula) if ranked else [],
        "inert": inert_criteria(sample, price_weight, criteria, formula) if ranked else [],
        "symbolic": symbolic_criteria(criteria),
    }


def _weight(value: Any) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(0)
