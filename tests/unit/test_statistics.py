"""Statistics as plain data: tallies, shares and the bar charts' geometry."""

from __future__ import annotations

from decimal import Decimal

from procure.statistics.figures import TenderFacts, percent, tally
from procure.statistics.presenters import LABEL_WIDTH, PLOT_WIDTH, bar_chart, row_label


def facts(value: str, *, social: bool, environmental: bool, year: int = 2026) -> TenderFacts:
    return TenderFacts(
        year=year,
        contract_type="services",
        families=frozenset(),
        buyer_category="sub_central",
        value=Decimal(value),
        social=social,
        environmental=environmental,
    )


def test_a_share_of_nothing_is_zero_and_shares_round_half_up():
    assert percent(Decimal(1), Decimal(0)) == 0
    assert percent(Decimal(1), Decimal(8)) == Decimal("12.5")
    assert percent(Decimal(1), Decimal(3)) == Decimal("33.3")
    assert percent(Decimal(2), Decimal(3)) == Decimal("66.7")


def test_bars_are_as_long_as_the_share_and_labelled_in_the_language():
    statistics = tally(
        [
            facts("300", social=True, environmental=False),
            facts("100", social=True, environmental=True),
            facts("600", social=False, environmental=False, year=2027),
        ]
    )
    [year_2026, year_2027] = statistics.sections["year"]
    chart = bar_chart([year_2026, year_2027], "en", by_value=True)

    social, environmental, both, social_only, environmental_only = chart.rows[0].bars
    assert social.width == PLOT_WIDTH  # 400 of 400 €
    assert environmental.width == PLOT_WIDTH * 25 / 100  # 100 of 400 €
    assert social_only.text == "75%"
    assert environmental_only.width == 0
    assert both.x == LABEL_WIDTH
    assert [row.label for row in chart.rows] == ["2026", "2027"]
    assert row_label(statistics.sections["family"][0], "fr") == "Aucune famille reconnue"
    assert chart.height > chart.rows[-1].bars[-1].y
