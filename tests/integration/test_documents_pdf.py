"""PDF through LibreOffice: part titles, clause titles and a table of contents with pages.

Needs ``soffice`` and ``pdftotext`` (Debian: libreoffice-writer-nogui, poppler-utils).
Skipped locally without them; a failure under CI=true.
"""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from procure.documents.builder import build_document
from procure.documents.libreoffice import ConversionError
from procure.documents.pdf import convert_to_pdf
from procure.documents.tender_file import library_index, read_tender_file
from tests.unit.documents.helpers import shown

ROOT = Path(__file__).resolve().parents[2]


def pdf_text(data: bytes, folder: Path) -> str:
    path = folder / "document.pdf"
    path.write_bytes(data)
    completed = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return completed.stdout.decode("utf-8")


def flat(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.usefixtures("office_tools")
def test_the_combined_document_converts_with_parts_clauses_and_page_numbers(
    tmp_path: Path,
) -> None:
    snapshot = read_tender_file(
        ROOT / "examples" / "restauration-scolaire.yaml", library_index(ROOT / "clauses")
    )
    text = pdf_text(convert_to_pdf(build_document(snapshot)), tmp_path)
    words = flat(text)
    for part in (
        "Règlement de la consultation",
        "Cahier des clauses administratives particulières",
        "Cahier des clauses techniques particulières",
    ):
        assert part in words
    assert (
        flat(shown("Note de justification des choix d'achat responsable")) not in words
    )  # kept apart
    for clause in snapshot.clauses:
        assert flat(shown(clause.content.title["fr"])) in words, clause.slug
    pages = len(text.split("\f")) - 1
    assert f"Page 2 sur {pages}" in words
    contents = re.search(r"Sommaire(.*?)Page 2 sur", text, re.S).group(1)
    assert re.search(r"1\. Règlement de la consultation\s*\.{3,}\s*\d+", contents), (
        "the table of contents was refreshed: numbered entries with page numbers"
    )


@pytest.mark.usefixtures("office_tools")
def test_an_english_part_alone_converts(tmp_path: Path) -> None:
    snapshot = read_tender_file(
        ROOT / "examples" / "site-internet.yaml", library_index(ROOT / "clauses")
    )
    from procure.documents.parts import DocumentPart

    data = build_document(snapshot, language="en", parts=(DocumentPart.CCTP,))
    words = flat(pdf_text(convert_to_pdf(data), tmp_path))
    assert "Special technical specifications (CCTP)" in words
    assert "Technical specifications" in words


@pytest.mark.usefixtures("office_tools")
def test_a_conversion_that_overruns_is_stopped() -> None:
    with pytest.raises(ConversionError, match=r"in time|out of time"):
        convert_to_pdf(b"PK not really a document", timeout=0.05)


@pytest.mark.usefixtures("office_tools")
def test_build_tender_writes_a_pdf_and_the_grid(tmp_path: Path) -> None:
    from procure.documents.service import write_tender_files

    written = write_tender_files(
        ROOT / "examples" / "site-internet.yaml",
        tmp_path,
        output_format="pdf",
        library=ROOT / "clauses",
    )
    assert [path.name for path in written] == [
        "MRC-2027-NUM-01_dossier_fr.pdf",
        "MRC-2027-NUM-01_note_fr.docx",
        "MRC-2027-NUM-01_grille_fr.xlsx",
    ]
    assert written[0].read_bytes().startswith(b"%PDF")
