"""The award criteria's starting weights: one source for the wizard and tender files."""

from __future__ import annotations

from decimal import Decimal

from procure.tenders.criteria import default_criteria


def test_without_clause_criteria_price_weighs_sixty_and_technical_value_forty() -> None:
    weights = default_criteria([])
    assert (weights.price, weights.technical, weights.clauses) == (Decimal(60), Decimal(40), {})


def test_each_clause_criterion_weighs_ten_and_price_fifty() -> None:
    weights = default_criteria(["a", "b"])
    assert weights.price == Decimal(50)
    assert weights.clauses == {"a": Decimal(10), "b": Decimal(10)}
    assert weights.technical == Decimal(30)
    assert weights.total == Decimal(100)


def test_clause_criteria_share_thirty_at_most_the_remainder_to_the_first() -> None:
    weights = default_criteria(["a", "b", "c", "d"])
    assert sum(weights.clauses.values()) == Decimal(30)
    assert weights.clauses["a"] == Decimal("7.50")
    assert weights.technical == Decimal(20)
    assert default_criteria(["a", "b", "c", "d", "e", "f", "g"]).total == Decimal(100)
    assert default_criteria(["a", "b", "c", "d", "e", "f", "g"]).clauses["a"] == Decimal("4.32")
