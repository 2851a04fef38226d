from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import openpyxl
import pytest
import yaml
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


# -- blocking rules: exit status 3, or a draft marked on every page ------------------
DRAFT_FR = "Projet — non conforme"
DRAFT_EN = "Draft — not compliant"


def not_compliant(tmp_path: Path) -> Path:
    """The website example without its environmental condition and specifications."""
    data = yaml.safe_load((EXAMPLES / "site-internet.yaml").read_text(encoding="utf-8"))
    dropped = {"green-hosting-data-centre", "digital-service-ecodesign-rgesn"}
    data["clauses"] = [c for c in data["clauses"] if c["id"] not in dropped]
    path = tmp_path / "not-compliant.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def header_texts(data: bytes) -> list[str]:
    """The text of the headers each page can show, section by section."""
    document = open_docx(data)
    texts = []
    for section in document.sections:
        headers = [section.header]
        if section.different_first_page_header_footer:
            headers.append(section.first_page_header)
        if document.settings.odd_and_even_pages_header_footer:
            headers.append(section.even_page_header)
        texts += ["\n".join(p.text for p in header.paragraphs) for header in headers]
    return texts


def test_a_blocking_failure_stops_the_build_with_status_3(run, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run(str(not_compliant(tmp_path)), "--out", str(out), "--no-refresh-fields")
    assert result.exit_code == 3
    assert "Au moins une condition d'exécution environnementale" in result.stderr
    assert "Aucune clause retenue ne répond à la règle" in result.stderr
    assert "sustainable-technical-specifications" in result.stderr
    assert "--draft" in result.stderr
    assert result.stdout == ""
    assert not out.exists()


def test_the_blocking_failures_are_listed_in_the_chosen_language(run, tmp_path: Path) -> None:
    tender = str(not_compliant(tmp_path))
    result = run(tender, "--out", str(tmp_path / "out"), "--language", "en")
    assert result.exit_code == 3
    assert "At least one environmental execution condition" in result.stderr
    assert "Projet" not in result.stderr


@pytest.mark.parametrize(
    ("language", "mark"), [("fr", DRAFT_FR), ("en", DRAFT_EN)], ids=["fr", "en"]
)
def test_a_draft_says_not_compliant_on_every_page_of_every_document(
    run, tmp_path: Path, language: str, mark: str
) -> None:
    out = tmp_path / "out"
    tender = str(not_compliant(tmp_path))
    result = run(
        tender, "--out", str(out), "--draft", "--language", language, "--no-refresh-fields"
    )
    assert result.exit_code == 0, result.output
    documents = sorted(out.glob("*.docx"))
    assert len(documents) == 4
    for path in documents:
        texts = header_texts(path.read_bytes())
        assert len(texts) >= 2, path.name  # the cover's own header and the others
        for text in texts:
            assert text.splitlines()[0] == mark, path.name
    [grid] = out.glob("*.xlsx")
    sheet = openpyxl.load_workbook(grid).active
    assert sheet.oddHeader.center.text == mark


def test_a_compliant_tender_built_with_draft_is_not_marked(run, tmp_path: Path) -> None:
    tender = str(EXAMPLES / "site-internet.yaml")
    result = run(tender, "--out", str(tmp_path), "--draft", "--format", "combined")
    assert result.exit_code == 0, result.output
    [dossier] = tmp_path.glob("*_dossier_fr.docx")  # the note is written beside it
    assert not any(DRAFT_FR in text for text in header_texts(dossier.read_bytes()))


# -- the default dossier of every example builds ----------------------------------------
@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda path: path.stem)
def test_the_default_selection_of_every_example_builds(run, tmp_path: Path, path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["clauses"] = "auto"
    data.pop("criteria", None)
    tender = tmp_path / path.name
    tender.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    result = run(str(tender), "--out", str(out), "--no-refresh-fields")
    assert result.exit_code == 0, result.stderr
    assert len(list(out.glob("*.docx"))) == 4


def test_build_tender_shows_adapted_wording_as_tracked_changes_unless_clean(
    run, tmp_path: Path
) -> None:
    data = yaml.safe_load((EXAMPLES / "nettoyage-bureaux.yaml").read_text(encoding="utf-8"))
    insertion = next(c for c in data["clauses"] if c["id"] == "insertion-hours")
    insertion["text"] = {
        "fr": "Le titulaire consacre au moins {{ insertion_hours }} heures à l'insertion, "
        "soit {{ insertion_rate }} % des heures."
    }
    tender = tmp_path / "adapted.yaml"
    tender.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    ccap = "MTC-2026-NET-02_CCAP_fr.docx"

    def revisions(folder: Path) -> list[str]:
        with zipfile.ZipFile(folder / ccap) as archive:
            xml = archive.read("word/document.xml").decode()
        return [tag for tag in ("<w:ins ", "<w:del ", "<w:delText") if tag in xml]

    for flags, expected in (((), ["<w:ins ", "<w:del ", "<w:delText"]), (("--clean",), [])):
        out = tmp_path / ("clean" if flags else "tracked")
        result = run(str(tender), "--out", str(out), "--no-refresh-fields", *flags)
        assert result.exit_code == 0, result.output
        assert revisions(out) == expected
        text = "\n".join(p.text for p in open_docx((out / ccap).read_bytes()).paragraphs)
        if flags:
            assert "Le titulaire consacre au moins 2\u202f016\u00a0heures" in text


def test_build_tender_writes_the_eforms_and_ocds_exports_when_asked(run, tmp_path: Path) -> None:
    tender = str(EXAMPLES / "ordinateurs-portables.yaml")
    result = run(tender, "--out", str(tmp_path), "--exports", "--ocid-prefix", "ocds-abc123")
    assert result.exit_code == 0, result.output
    eforms = json.loads((tmp_path / "DEP-2027-INFO-03_eforms_fr.json").read_text("utf-8"))
    assert [lot["BT-71"] for lot in eforms["lots"]] == [["none"], ["res-ws"]]
    xml = (tmp_path / "DEP-2027-INFO-03_eforms_fr.xml").read_bytes()
    assert b'listName="reserved-procurement">res-ws<' in xml
    release = json.loads((tmp_path / "DEP-2027-INFO-03_ocds-release_fr.json").read_text("utf-8"))
    assert release["ocid"] == "ocds-abc123-DEP-2027-INFO-03"
    bad = run(tender, "--out", str(tmp_path / "bad"), "--exports", "--ocid-prefix", "ocds/x")
    assert bad.exit_code == 1
    assert "OCDS_OCID_PREFIX" in bad.output
    assert not (tmp_path / "bad").exists()
