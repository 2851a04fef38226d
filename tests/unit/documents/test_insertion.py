from __future__ import annotations

from decimal import Decimal

import pytest

from procure.documents.insertion import compute_insertion
from procure.snapshot import DEFAULT_HOURLY_COST
from tests.factories import chosen, make_snapshot, school_catering


@pytest.mark.parametrize(
    ("value", "labour", "rate", "cost", "hours"),
    [
        (1_200_000, 40, 5, 28, 857),  # FACTS §9, school catering
        (3_500_000, 40, 5, 30, 2333),  # FACTS §9, school renovation
        (900_000, 80, 7, 25, 2016),  # FACTS §9, office cleaning
        (1_000_000, 50, 5, 30, 833),  # FACTS §4, worked example
    ],
)
def test_insertion_hours_match_the_fact_base(
    value: int, labour: int, rate: int, cost: int, hours: int
) -> None:
    snapshot = make_snapshot(
        **school_catering(
            estimated_value=Decimal(value),
            labour_share=Decimal(labour),
            clauses=(chosen("insertion-hours", insertion_rate=rate, hourly_cost=cost),),
        )
    )
    (computation,) = compute_insertion(snapshot)
    assert computation.hours == hours
    assert not computation.hourly_cost_assumed


def test_the_usual_hourly_cost_is_assumed_and_said_so() -> None:
    snapshot = make_snapshot(**school_catering(clauses=(chosen("insertion-hours"),)))
    (computation,) = compute_insertion(snapshot)
    assert computation.hourly_cost == DEFAULT_HOURLY_COST == 28  # the wizard's, FACTS §4
    assert computation.hourly_cost_assumed
    assert computation.chosen_hours == 833


def test_only_clauses_with_an_insertion_rate_are_computed() -> None:
    snapshot = make_snapshot(**school_catering(clauses=(chosen("vegetarian-menu"),)))
    assert compute_insertion(snapshot) == []


def test_without_a_labour_share_the_computation_is_not_possible() -> None:
    snapshot = make_snapshot(**school_catering(labour_share=Decimal(0)))
    assert not compute_insertion(snapshot)[0].possible
