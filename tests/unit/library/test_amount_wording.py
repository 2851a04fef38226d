"""The library's English texts write an amount as procure writes it everywhere else
(``procure.formatting.format_money``: "€1,500"), never "EUR 1,500"; French texts
write "1 500 €" through the same function."""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest

from procure.formatting import format_amount, format_money
from tests.unit.library.test_citations import WORDED_FIELDS, clause_files, read

# "EUR" before a figure or a variable: how the library wrote amounts before 2026-12.
EUR_BEFORE_AMOUNT = re.compile(r"\bEUR\s*(?:\d|\{\{)")


def english_words(data: dict) -> list[str]:
    found = [(data.get(field) or {}).get("en") or "" for field in WORDED_FIELDS]
    for variable in data.get("variables") or []:
        found += [(variable.get(part) or {}).get("en") or "" for part in ("label", "help")]
    return found


@pytest.mark.parametrize("path", clause_files(), ids=lambda path: path.stem)
def test_an_english_clause_writes_amounts_with_the_euro_sign_before_them(path: Path) -> None:
    assert [words for words in english_words(read(path)) if EUR_BEFORE_AMOUNT.search(words)] == []


@pytest.mark.parametrize("amount", [Decimal("1500"), Decimal("0.25"), Decimal("750000")])
def test_a_money_variable_after_the_euro_sign_reads_as_format_money(amount: Decimal) -> None:
    """Clause texts write "€{{ penalty }}": the variable is written by format_amount."""
    assert f"€{format_amount(amount, 'en')}" == format_money(amount, "en")
