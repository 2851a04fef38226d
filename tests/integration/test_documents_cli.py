"""``build-tender`` registered on the Flask CLI, as ``procure.cli`` will register it."""

from __future__ import annotations

from pathlib import Path

from procure import create_app
from procure.documents.cli import build_tender

ROOT = Path(__file__).resolve().parents[2]


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
