"""``build-tender`` registered on the Flask CLI, as ``procure.cli`` will register it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from procure import create_app
from procure.documents.cli import build_tender
from procure.documents.tender_file import library_entries, read_tender_file
from procure.tenders.recommend import recommend
from procure.tenders.selection import default_selection
from tests.factories import clause_library

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"


def test_build_tender_runs_under_the_flask_cli_without_a_database(
    tmp_path: Path, monkeypatch
) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
            "SECRET_KEY": "test secret key",
        }
    )
    app.cli.add_command(build_tender)
    monkeypatch.chdir(ROOT)
    result = app.test_cli_runner().invoke(
        args=[
            "build-tender",
            "examples/renovation-ecole.yaml",
            "--out",
            str(tmp_path / "out"),
            "--format",
            "combined",
        ]
    )
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "VSA-2027-TX-07_dossier_fr.docx").exists()
    assert (tmp_path / "out" / "VSA-2027-TX-07_note_fr.docx").exists()  # apart from the dossier


# -- recommend ---------------------------------------------------------------------
@pytest.fixture
def flask_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """``flask --app procure …`` as Flask's CliRunner runs it, from the repository root."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
            "SECRET_KEY": "test secret key",
        }
    )
    monkeypatch.chdir(ROOT)

    def invoke(*arguments: str):
        return app.test_cli_runner().invoke(args=list(arguments))

    return invoke


def auto_copy(tmp_path: Path, name: str) -> Path:
    """A copy of an example that takes the default selection and the default criteria."""
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    data["clauses"] = "auto"
    data.pop("criteria", None)
    path = tmp_path / name
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def recommend_json(flask_cli, *arguments: str) -> dict:
    result = flask_cli("recommend", *arguments, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_recommend_json_lists_obligations_recommendations_selection_and_compliance(
    flask_cli,
) -> None:
    advice = recommend_json(flask_cli, "examples/restauration-scolaire.yaml")
    assert set(advice) == {
        "tender",
        "obligations",
        "recommendations",
        "default_selection",
        "compliance",
    }
    chosen = advice["tender"]["clauses"]
    assert advice["tender"]["clauses_auto"] is False
    social = next(o for o in advice["obligations"] if o["rule"] == "social-execution-condition")
    assert set(social) == {
        "rule",
        "title",
        "legal_basis",
        "blocking",
        "candidates",
        "met_by",
        "lots",
        "unmet_lots",
    }
    assert social["blocking"] is True
    assert social["legal_basis"] == "CCP, art. L. 2112-2-1 ; Loi n° 2021-1104, art. 35"
    assert social["candidates"][0] == "insertion-hours"  # the best first
    assert "insertion-hours" in social["met_by"]
    assert set(social["met_by"]) <= set(chosen) & set(social["candidates"])
    assert set(advice["recommendations"]) == {"mandatory", "recommended", "possible"}
    for group in advice["recommendations"].values():
        for recommendation in group:
            assert set(recommendation) == {"clause", "reason", "lots"}
            assert recommendation["reason"]
    mandatory = [r["clause"] for r in advice["recommendations"]["mandatory"]]
    assert "vegetarian-menu" in mandatory
    assert "egalim-quality-share" in advice["default_selection"]
    env = next(r for r in advice["compliance"] if r["rule"] == "env-execution-condition")
    assert env == {
        "rule": "env-execution-condition",
        "severity": "blocking",
        "outcome": "passed",
        "why": env["why"],
    }
    assert env["why"].startswith("Clauses retenues")


def test_recommend_gives_the_default_selection_of_the_guided_form(flask_cli) -> None:
    snapshot = read_tender_file(EXAMPLES / "site-internet.yaml", clause_library())
    entries = library_entries(clause_library().values())
    recommendations = recommend(snapshot.purchase, snapshot.context, snapshot.ambition, entries)
    expected = default_selection(snapshot, entries, recommendations)
    advice = recommend_json(flask_cli, "examples/site-internet.yaml", "--language", "en")
    assert advice["default_selection"] == expected
    assert advice["obligations"][0]["title"].startswith("At least")


def test_recommend_checks_the_default_selection_when_the_file_says_auto(
    flask_cli, tmp_path: Path
) -> None:
    advice = recommend_json(flask_cli, str(auto_copy(tmp_path, "nettoyage-bureaux.yaml")))
    assert advice["tender"]["clauses_auto"] is True
    assert advice["tender"]["clauses"] == advice["default_selection"]
    for obligation in advice["obligations"]:
        assert obligation["met_by"], obligation["rule"]
    failed = [r["rule"] for r in advice["compliance"] if r["outcome"] == "failed"]
    assert "weights-total-100" not in failed
    assert not [
        r for r in advice["compliance"] if r["outcome"] == "failed" and r["severity"] == "blocking"
    ]


def test_recommend_prints_the_same_judgement_as_text(flask_cli) -> None:
    result = flask_cli("recommend", "examples/ordinateurs-portables.yaml", "--language", "en")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    for heading in (
        "Legal obligations",
        "Recommendations",
        "Default selection",
        "Compliance of the tender as given",
    ):
        assert heading in lines
    assert "    met by: circularity-award-criterion" in lines
    assert any(line.endswith(" ✓") for line in lines)  # a chosen clause among the candidates
    assert "  Mandatory (" in result.output


def test_recommend_reports_a_bad_tender_file_by_field(flask_cli, tmp_path: Path) -> None:
    tender = tmp_path / "bad.yaml"
    tender.write_text("purchase: {title: x}\nclauses: every\n", encoding="utf-8")
    result = flask_cli("recommend", str(tender), "--json")
    assert result.exit_code == 1
    assert "clauses: must be a list of chosen clauses, or 'auto'" in result.output
    assert "purchase.cpv_main: is required" in result.output
