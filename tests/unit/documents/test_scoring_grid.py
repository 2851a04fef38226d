from __future__ import annotations

import dataclasses
import io

import openpyxl
import pytest

from procure.documents.scoring_grid import build_scoring_grid
from procure.snapshot import Criterion
from procure.vocabulary import CriterionKind
from tests.factories import make_snapshot, school_catering
from tests.unit.documents.helpers import example


def grid(snapshot=None, **options) -> openpyxl.worksheet.worksheet.Worksheet:
    data = build_scoring_grid(snapshot or make_snapshot(**school_catering()), **options)
    return openpyxl.load_workbook(io.BytesIO(data)).active


def test_the_grid_has_a_row_per_bidder_and_weights_in_its_header() -> None:
    sheet = grid()
    assert [sheet.cell(row=row, column=1).value for row in range(9, 14)] == [
        f"Candidat {n}" for n in range(1, 6)
    ]
    assert sheet["B5"].value == "Prix (40\u202f%)"
    assert sheet["D6"].value == "Qualité des repas"
    assert [sheet.cell(row=8, column=c).value for c in (3, 5, 7, 9)] == [40, 24, 16, 20]
    assert sheet["A15"].value == "Somme des pondérations"
    assert sheet["B15"].value == "=SUM(C8,E8,G8,I8)"


def test_price_is_scored_proportionally_to_the_lowest_price() -> None:
    sheet = grid()
    assert sheet["C9"].value == '=IF(N(B9)>0,MIN($B$9:$B$13)/B9*C$8,"")'
    assert sheet["C13"].value == '=IF(N(B13)>0,MIN($B$9:$B$13)/B13*C$8,"")'


def test_bid_amounts_are_shown_as_procure_writes_money() -> None:
    assert grid()["B9"].number_format == '#,##0.00 "€"'
    english = grid(language="en")
    assert english["B9"].number_format == '"€"#,##0.00'
    assert english["B7"].value == "Amount excl. VAT (€)"


def test_marks_become_points_and_points_a_total_and_a_rank() -> None:
    sheet = grid()
    assert sheet["E9"].value == '=IF(ISNUMBER(D9),D9/10*E$8,"")'
    assert sheet["J9"].value == '=IF(COUNT(C9,E9,G9,I9)=0,"",SUM(C9,E9,G9,I9))'
    assert sheet["K9"].value == '=IF(ISNUMBER(J9),RANK(J9,$J$9:$J$13,0),"")'
    assert sheet["J5"].value == "Total /100"
    assert sheet["K5"].value == "Rang"


def test_marks_are_validated_between_0_and_10() -> None:
    validations = grid().data_validations.dataValidation
    marks = next(v for v in validations if v.operator == "between")
    assert (marks.formula1, marks.formula2) == ("0", "10")
    assert "D9:D13" in str(marks.sqref)


def test_buyer_text_that_looks_like_a_formula_stays_text() -> None:
    snapshot = make_snapshot(
        **school_catering(
            title='=HYPERLINK("http://example.org","x")',
            criteria=(Criterion(CriterionKind.TECHNICAL, "=1+1", 100),),
        )
    )
    sheet = grid(snapshot)
    assert sheet["B5"].data_type == "s"
    assert sheet["B5"].value.startswith("=1+1")
    assert sheet["A1"].data_type == "s"


def test_an_unknown_price_formula_is_refused() -> None:
    with pytest.raises(ValueError, match="price_formula"):
        build_scoring_grid(
            dataclasses.replace(make_snapshot(**school_catering()), price_formula="quadratic")
        )


def test_the_linear_formula_gives_full_marks_to_the_lowest_price_and_none_at_twice_it() -> None:
    sheet = grid(dataclasses.replace(make_snapshot(**school_catering()), price_formula="linear"))
    assert sheet["C9"].value == '=IF(N(B9)>0,MAX(0,2-B9/MIN($B$9:$B$13))*C$8,"")'


def test_every_example_gives_a_grid_in_both_languages() -> None:
    snapshot = example("renovation-ecole.yaml")
    assert grid(snapshot, language="en", bidders=3)["A11"].value == "Bidder 3"
    assert grid(snapshot)["A9"].value == "Candidat 1"
