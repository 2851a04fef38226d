from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from procure.documents.cli import build_tender
from tests.unit.documents.helpers import EXAMPLES, ROOT, open_docx


@pytest.fixture
def run(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.chdir(ROOT)  # the default library folder is ./clauses

    def invoke(*arguments: str):
        return CliRunner().invoke(build_tender, list(arguments), catch_exceptions=False)

    return invoke


def test_build_tender_writes_one_document_per_part_and_the_grid(run, tmp_path: Path) -> None:
    result = run(str(EXAMPLES / "nettoyage-bureaux.yaml"), "--out", str(tmp_path))
    assert result.exit_code == 0, result.output
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        "MTC-2026-NET-02_CCAP_fr.docx",
        "MTC-2026-NET-02_CCTP_fr.docx",
        "MTC-2026-NET-02_RC_fr.docx",
        "MTC-2026-NET-02_grille_fr.xlsx",
        "MTC-2026-NET-02_note_fr.docx",
    ]
    note = open_docx((tmp_path / "MTC-2026-NET-02_note_fr.docx").read_bytes())
    assert any("Règles examinées" in p.text for p in note.paragraphs)


def test_build_tender_can_zip_or_combine_in_english(run, tmp_path: Path) -> None:
    tender = str(EXAMPLES / "ordinateurs-portables.yaml")
    assert run(tender, "--out", str(tmp_path), "--format", "zip").exit_code == 0
    archive = zipfile.ZipFile(
        io.BytesIO((tmp_path / "DEP-2027-INFO-03_dossier_fr.zip").read_bytes())
    )
    assert archive.namelist() == [
        "DEP-2027-INFO-03_RC_fr.docx",
        "DEP-2027-INFO-03_CCAP_fr.docx",
        "DEP-2027-INFO-03_CCTP_fr.docx",
        "DEP-2027-INFO-03_grille_fr.xlsx",
    ]
    assert (tmp_path / "DEP-2027-INFO-03_note_fr.docx").exists()  # the note stays apart
    result = run(tender, "--out", str(tmp_path), "--format", "combined", "--language", "en")
    assert result.exit_code == 0
    assert (tmp_path / "DEP-2027-INFO-03_tender-file_en.docx").exists()


def test_build_tender_reports_a_bad_file_without_a_traceback(run, tmp_path: Path) -> None:
    tender = tmp_path / "bad.yaml"
    tender.write_text("purchase: {title: x}\nclauses: [{id: nope}]\n", encoding="utf-8")
    result = run(str(tender), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "clauses[0].id: no clause 'nope' in the library" in result.output
    assert "Traceback" not in result.output
