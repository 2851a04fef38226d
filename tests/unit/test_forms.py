"""Numbers as French and English buyers type them."""

from __future__ import annotations

import pytest

from procure.forms import normalise_number


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
