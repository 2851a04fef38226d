from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from procure.formatting import (
    NNBSP,
    format_date,
    format_money,
    format_number,
    format_percent,
)


def test_money_reads_the_french_way_with_narrow_no_break_spaces() -> None:
    assert format_money(800_000, "fr") == f"800{NNBSP}000{NNBSP}€"
    assert format_money(1234567, "fr") == f"1{NNBSP}234{NNBSP}567{NNBSP}€"


def test_money_reads_the_english_way() -> None:
    assert format_money(800_000, "en") == "€800,000"
    assert format_money(Decimal("1234567"), "en") == "€1,234,567"


@pytest.mark.parametrize(
    ("value", "french", "english"),
    [
        (Decimal("1234567.5"), f"1{NNBSP}234{NNBSP}567,50{NNBSP}€", "€1,234,567.50"),
        (Decimal("0.15"), f"0,15{NNBSP}€", "€0.15"),
        (Decimal("28.00"), f"28{NNBSP}€", "€28"),
        (Decimal("99.999"), f"100{NNBSP}€", "€100"),
        ("216000", f"216{NNBSP}000{NNBSP}€", "€216,000"),
        (30.5, f"30,50{NNBSP}€", "€30.50"),
        (0, f"0{NNBSP}€", "€0"),
        (Decimal(-1500), f"-1{NNBSP}500{NNBSP}€", "-€1,500"),
    ],
)
def test_money_shows_cents_only_when_there_are_some(value, french, english) -> None:
    assert format_money(value, "fr") == french
    assert format_money(value, "en") == english


def test_money_refuses_what_is_not_an_amount() -> None:
    with pytest.raises(ValueError, match=r"purchase\.estimated_value"):
        format_money("beaucoup", "fr", field="purchase.estimated_value")
    with pytest.raises(ValueError, match="language"):
        format_money(10, "de")


def test_percent_keeps_its_decimals_and_drops_trailing_zeros() -> None:
    assert format_percent(12, "fr") == f"12{NNBSP}%"
    assert format_percent(Decimal("12.50"), "fr") == f"12,5{NNBSP}%"
    assert format_percent(12.5, "en") == "12.5%"


def test_numbers_group_thousands_and_use_the_decimal_comma_in_french() -> None:
    assert format_number(2333, "fr") == f"2{NNBSP}333"
    assert format_number(0.1, "fr") == "0,1"
    assert format_number(2333, "en") == "2,333"
    assert format_number(Decimal("-0"), "fr") == "0"


@pytest.mark.parametrize(
    ("day", "french", "english"),
    [
        (dt.date(2026, 11, 27), "27 novembre 2026", "27 November 2026"),
        (dt.date(2027, 1, 1), "1er janvier 2027", "1 January 2027"),
        ("2026-08-21", "21 août 2026", "21 August 2026"),
    ],
)
def test_dates_are_written_out(day: object, french: str, english: str) -> None:
    assert format_date(day, "fr") == french
    assert format_date(day, "en") == english


@pytest.mark.parametrize("value", [True, "abc", float("nan"), float("inf"), 10**20, None])
def test_a_value_that_is_not_a_usable_number_names_its_field(value: object) -> None:
    with pytest.raises(ValueError, match="penalty"):
        format_number(value, "fr", field="penalty")


def test_a_bad_date_names_its_field() -> None:
    with pytest.raises(ValueError, match="deadline: expected a date"):
        format_date("27/11/2026", "fr", field="deadline")
