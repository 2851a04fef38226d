"""The clause editor's variable rows: a clause's variables become rows and come back
exactly as stored, whatever the page's language, so an unchanged save keeps its hashes."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from procure.catalog.variables import (
    read_choice_lines,
    read_form_number,
    rows_from_variables,
    variable_from_row,
)
from procure.library.canonical import approved_hash, normalised_content

CLAUSES = Path(__file__).parents[2] / "clauses"
ALL_VARIABLES = [
    variable
    for path in sorted(CLAUSES.rglob("*.yaml"))
    for variable in yaml.safe_load(path.read_text(encoding="utf-8")).get("variables") or ()
]


@pytest.mark.parametrize("language", ["fr", "en"])
def test_every_variable_of_the_library_comes_back_from_its_row_unchanged(language):
    assert {v["type"] for v in ALL_VARIABLES} >= {"integer", "percent", "text", "choice"}
    rows = rows_from_variables(ALL_VARIABLES, language)
    back = [variable_from_row(row, language) for row in rows]
    assert normalised_content({"variables": back}) == normalised_content(
        {"variables": ALL_VARIABLES}
    )
    assert approved_hash({"variables": back}) == approved_hash({"variables": ALL_VARIABLES})


def test_a_french_row_writes_decimals_with_a_comma_and_reads_them_back():
    [row] = rows_from_variables(
        [
            {
                "name": "energy_price",
                "type": "decimal",
                "label": {"fr": "Prix", "en": "Price"},
                "help": {"fr": "Aide", "en": "Help"},
                "min": 0,
                "max": 2.5,
                "default": 0.2,
            }
        ],
        "fr",
    )
    assert (row["minimum"], row["maximum"], row["default"]) == ("0", "2,5", "0,2")
    assert variable_from_row(row, "fr")["max"] == 2.5


def test_numbers_as_people_type_them():
    assert read_form_number("1 200", "fr", whole=True) == 1200
    assert read_form_number("12,5", "fr", whole=False) == 12.5
    assert isinstance(read_form_number("5", "fr", whole=False), int)
    with pytest.raises(ValueError, match="not a whole number"):
        read_form_number("12,5", "fr", whole=True)
    with pytest.raises(ValueError, match="not a number"):
        read_form_number("douze", "fr", whole=False)


def test_choice_lines_need_a_value_and_two_labels():
    assert read_choice_lines("A | classe A | class A\n\n3 | trois | three") == [
        {"value": "A", "label": {"fr": "classe A", "en": "class A"}},
        {"value": 3, "label": {"fr": "trois", "en": "three"}},
    ]
    with pytest.raises(ValueError, match="2") as error:
        read_choice_lines("A | classe A | class A\nB | classe B")
    assert error.value.args == (2,)
