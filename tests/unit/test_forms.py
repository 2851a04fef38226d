"""Numbers as French and English buyers type them."""

from __future__ import annotations

import pytest

from procure.forms import FieldError, normalise_number


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1200000", "1200000"),
        ("1 200 000,50", "1200000.50"),
        ("1\u202f200\u202f000,50", "1200000.50"),
        ("1\u00a0200", "1200"),
        ("5,5", "5.5"),
        ("5.5", "5.5"),
        ("1.200.000,50", "1200000.50"),
        ("1,200,000.50", "1200000.50"),
        ("1,2,3", "1,2,3"),  # left as typed: the field then says it is not a number
        ("", ""),
    ],
)
def test_numbers_are_read_as_typed_in_french_or_english(typed, read):
    assert normalise_number(typed) == read


def test_a_summary_line_sets_the_colon_as_each_language_does():
    error = FieldError("title", "Intitulé du marché", ("Ce champ est obligatoire.",))

    assert error.line("fr") == "Intitulé du marché\u202f: Ce champ est obligatoire."
    assert FieldError("title", "Title", ("Required.",)).line("en") == "Title: Required."


def test_a_lot_label_written_with_a_plain_space_gets_the_narrow_one():
    error = FieldError("lots-0-title", "Lot 1 : Intitulé", ("Trop long.",))

    assert error.line("fr") == "Lot 1\u202f: Intitulé\u202f: Trop long."
