"""The weighting simulator: scores, ranking and the warnings it gives."""

from __future__ import annotations

from decimal import Decimal as D

from procure.wizard.weighting import (
    Bid,
    WeightedCriterion,
    inert_criteria,
    price_score,
    score_bids,
    symbolic_criteria,
)

TECHNICAL = WeightedCriterion("technical", "Valeur technique", D(30))
GREEN = WeightedCriterion("green", "Performance environnementale", D(10), responsible=True)


def test_proportional_and_linear_price_scores():
    assert price_score(D(100), D(100), D(60), "proportional") == D("60.00")
    assert price_score(D(120), D(100), D(60), "proportional") == D("50.00")
    assert price_score(D(150), D(100), D(60), "linear") == D("30.00")
    assert price_score(D(250), D(100), D(60), "linear") == D("0.00")


def test_scores_rank_bids_and_share_ties():
    bids = [
        Bid("A", D(100), {"technical": D(5), "green": D(5)}),
        Bid("B", D(100), {"technical": D(5), "green": D(5)}),
        Bid("C", D(110), {"technical": D(10), "green": D(10)}),
    ]
    scores = score_bids(bids, D(60), [TECHNICAL, GREEN])
    assert [(s.name, s.total, s.rank) for s in scores] == [
        ("C", D("94.55"), 1),
        ("A", D("80.00"), 2),
        ("B", D("80.00"), 2),
    ]


def test_a_light_green_criterion_that_cannot_change_the_winner_is_flagged():
    bids = [Bid("Cheap", D(80), {"technical": D(6)}), Bid("Green", D(120), {"technical": D(6)})]
    assert inert_criteria(bids, D(60), [TECHNICAL, GREEN]) == [GREEN]
    heavier = WeightedCriterion("green", "Performance environnementale", D(25), responsible=True)
    assert inert_criteria(bids, D(45), [TECHNICAL, heavier]) == []


def test_symbolic_weights_are_flagged():
    tiny = WeightedCriterion("green", "Environnement", D(2), responsible=True)
    assert symbolic_criteria([TECHNICAL, tiny, GREEN]) == [tiny]
