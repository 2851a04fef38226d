"""The justification note's checklist on a contract divided into lots."""

from __future__ import annotations

from procure.compliance.results import Outcome, RuleResult, Severity
from procure.documents.builder import build_document
from procure.documents.parts import DocumentPart
from tests.factories import make_snapshot
from tests.unit.documents.helpers import CREATED, open_docx


def result(outcome: Outcome, lots: tuple[int, ...]) -> RuleResult:
    return RuleResult(
        rule_id="social-execution-condition",
        title={"fr": "Condition sociale", "en": "Social condition"},
        severity=Severity.BLOCKING,
        outcome=outcome,
        why={"fr": f"Motif {outcome}.", "en": f"Reason {outcome}."},
        lots=lots,
    )


def test_the_checklist_table_names_the_lots_of_a_per_lot_result() -> None:
    results = [result(Outcome.FAILED, (1, 3)), result(Outcome.PASSED, (2,))]

    document = open_docx(
        build_document(
            make_snapshot(lots=3, estimated_value=900_000),
            results,
            parts=(DocumentPart.NOTE,),
            created=CREATED,
        )
    )

    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    explanations = [row[3] for row in rows if row[0] == "Condition sociale"]
    assert len(explanations) == 2
    assert explanations[0].startswith("Lots 1 et 3")
    assert "Motif failed." in explanations[0]
    assert explanations[1].startswith("Lot 2")


def test_a_result_about_the_whole_contract_names_no_lot() -> None:
    document = open_docx(
        build_document(
            make_snapshot(),
            [result(Outcome.FAILED, ())],
            parts=(DocumentPart.NOTE,),
            created=CREATED,
        )
    )

    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    [explanation] = [row[3] for row in rows if row[0] == "Condition sociale"]
    assert explanation.startswith("Motif failed.")
