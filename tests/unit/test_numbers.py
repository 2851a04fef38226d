"""Amounts and numbers read as French and English buyers type them, and written back the
way each language writes them (procure.formatting)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from procure.formatting import (
    MONEY_UNITS,
    PERCENT_UNITS,
    format_money,
    format_number,
    format_round_money,
    read_number,
)

LANGUAGES = ("fr", "en")


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("800 000 €", Decimal("800000")),
        ("800\u202f000\u202f€", Decimal("800000")),
        ("800\u00a0000 euros", Decimal("800000")),
        ("1 200 000,50", Decimal("1200000.50")),
        ("1200000.50", Decimal("1200000.50")),
        ("1200000,50", Decimal("1200000.50")),
        ("1 200 000,50 €", Decimal("1200000.50")),
        ("EUR 800,000.00", Decimal("800000.00")),
        ("€1,200,000.50", Decimal("1200000.50")),
        ("1.200.000,50 €", Decimal("1200000.50")),
        ("1,200,000", Decimal("1200000")),
        ("1.200.000", Decimal("1200000")),
        ("5,5", Decimal("5.5")),
        ("0,125", Decimal("0.125")),
        ("-€1,234.50", Decimal("-1234.50")),
        ("  42  ", Decimal("42")),
    ],
)
def test_an_amount_reads_the_same_in_either_language_when_it_is_not_ambiguous(
    typed, value, language
):
    reading = read_number(typed, language, units=MONEY_UNITS)
    assert reading.value == value
    assert not reading.ambiguous


@pytest.mark.parametrize(
    ("typed", "language", "value"),
    [
        ("1,200", "fr", Decimal("1.2")),  # the French decimal comma
        ("1,200", "en", Decimal("1200")),  # the English thousands comma
        ("1.200", "fr", Decimal("1200")),  # the point groups thousands in French
        ("1.200", "en", Decimal("1.2")),  # the English decimal point
        ("€999,999", "en", Decimal("999999")),
    ],
)
def test_an_ambiguous_entry_follows_the_page_language_and_says_so(typed, language, value):
    reading = read_number(typed, language, units=MONEY_UNITS)
    assert reading.value == value
    assert reading.ambiguous


def test_a_percentage_may_carry_its_sign():
    assert read_number("12,5 %", "fr", units=PERCENT_UNITS).value == Decimal("12.5")
    assert read_number("12.5%", "en", units=PERCENT_UNITS).value == Decimal("12.5")


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "€",
        "abc",
        "1,2,3",
        "1 2",
        "1,20,000",
        "12e3",
        "NaN",
        "Infinity",
        "5,",
        "--5",
        "1 200,5,0",
        "12 %",
        "١٢",
        "1,000.000.5",
        "10" * 10,
    ],
)
def test_what_is_no_amount_is_refused(typed):
    with pytest.raises(ValueError, match=r"not a number|too large"):
        read_number(typed, "fr", units=MONEY_UNITS)


def test_a_unit_the_field_does_not_take_is_refused():
    with pytest.raises(ValueError, match="is not a number"):
        read_number("800 000 €", "fr")  # a plain number: no currency
    with pytest.raises(ValueError, match="is not a number"):
        read_number("12 %", "en", units=MONEY_UNITS)


def test_round_bounds_are_said_in_words():
    assert format_round_money(Decimal("100000000000"), "fr") == "100 milliards d'euros"
    assert format_round_money(Decimal("100000000000"), "en") == "100 billion euros"
    assert format_round_money(10**9, "fr") == "1 milliard d'euros"
    assert format_round_money(5 * 10**6, "fr") == "5 millions d'euros"
    assert format_round_money(5 * 10**6, "en") == "5 million euros"
    assert format_round_money(1000, "fr") == format_money(1000, "fr") == "1\u202f000\u202f€"
    assert format_round_money(1000, "en") == "€1,000"


amounts = st.decimals(
    min_value=Decimal("-999999999999.99"),
    max_value=Decimal("999999999999.99"),
    places=2,
    allow_nan=False,
    allow_infinity=False,
)


@given(amounts, st.sampled_from(LANGUAGES))
@example(Decimal("1200"), "en")
@example(Decimal("1.2"), "fr")
@example(Decimal("1.234"), "en")
def test_a_number_written_by_procure_reads_back_as_itself(value, language):
    written = format_number(value, language)
    assert read_number(written, language).value == value


@given(amounts, st.sampled_from(LANGUAGES))
def test_an_amount_written_by_procure_reads_back_as_itself(value, language):
    written = format_money(value, language)
    assert read_number(written, language, units=MONEY_UNITS).value == value.quantize(
        Decimal("0.01")
    )


@given(
    st.text(alphabet="0123456789 ,.€-%EUReu\u202f\u00a0", max_size=20), st.sampled_from(LANGUAGES)
)
def test_reading_anything_gives_a_number_or_a_value_error(typed, language):
    try:
        reading = read_number(typed, language, units=(*MONEY_UNITS, *PERCENT_UNITS))
    except ValueError:
        return
    assert reading.value.is_finite()
