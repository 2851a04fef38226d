"""Page numbers filled in by LibreOffice: contents, page count, downloads and the CLI.

Needs ``soffice`` and ``pdftotext`` (Debian: libreoffice-writer-nogui, poppler-utils).
Skipped locally without them; a failure under CI=true.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from procure.documents.builder import build_document, build_zip
from procure.documents.cli import build_tender
from procure.documents.fields import field_results
from procure.documents.libreoffice import profile_option, run
from tests.unit.documents.helpers import example, is_refreshed, paged_entries, part_xml

ROOT = Path(__file__).resolve().parents[2]


def pdf_pages_as_saved(docx: bytes, folder: Path) -> list[str]:
    """The text of each page of ``docx`` printed as saved (fields not updated)."""
    source = folder / "refreshed.docx"
    source.write_bytes(docx)
    run(
        [
            shutil.which("soffice") or "soffice",
            profile_option(folder / "profile"),
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        time.monotonic() + 120,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(folder / "refreshed.pdf"), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode("utf-8")
    return text.split("\f")[:-1]


@pytest.mark.usefixtures("office_tools")
def test_the_contents_gives_the_page_each_heading_is_printed_on(tmp_path: Path) -> None:
    built = build_document(example("renovation-ecole.yaml"))
    refreshed = build_document(example("renovation-ecole.yaml"), refresh=True)
    assert is_refreshed(refreshed)
    assert not is_refreshed(built)
    entries = paged_entries(refreshed)
    pages = pdf_pages_as_saved(refreshed, tmp_path)
    [count] = field_results(part_xml(refreshed, "word/footer1.xml"), "NUMPAGES")
    assert [t.text for t in count.texts] == [str(len(pages))], "the printed page count"
    assert [page for _, page in entries] == sorted(page for _, page in entries)
    for entry, page in entries:
        number, title = entry.split(" ", 1)
        start = r"\s+".join(re.escape(word) for word in [number, *title.split()[:4]])
        printed_on = [
            page_number
            for page_number, text in enumerate(pages, start=1)
            if page_number > 2 and re.search(rf"^\s*{start}", text, re.M)
        ]
        assert printed_on[:1] == [page], entry


@pytest.mark.usefixtures("office_tools")
def test_every_document_of_the_zip_is_refreshed_in_one_run() -> None:
    started = time.monotonic()
    data = build_zip(example("site-internet.yaml"), refresh=True)
    elapsed = time.monotonic() - started
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        documents = [archive.read(name) for name in archive.namelist() if name.endswith(".docx")]
    assert len(documents) == 3  # RC, CCAP, CCTP: the internal note is never in the zip
    for document in documents:
        assert is_refreshed(document)
        assert paged_entries(document)
    assert elapsed < 60, "one LibreOffice run, not one per document"


@pytest.mark.usefixtures("office_tools")
def test_a_document_libreoffice_cannot_read_does_not_stop_the_others() -> None:
    from procure.documents.refresh import refresh_fields

    good = build_document(example("nettoyage-bureaux.yaml"))
    broken = b"PK\x03\x04 not a document"
    first, second = refresh_fields([broken, good])
    assert first == broken
    assert is_refreshed(second)
    assert paged_entries(second)


@pytest.mark.usefixtures("office_tools")
def test_build_tender_refreshes_unless_told_not_to(tmp_path: Path) -> None:
    runner = CliRunner()
    tender = str(ROOT / "examples" / "ordinateurs-portables.yaml")
    library = str(ROOT / "clauses")
    for flag, expected in (("--refresh-fields", True), ("--no-refresh-fields", False)):
        out = tmp_path / flag
        arguments = [tender, "--out", str(out), "--format", "combined", "--library", library]
        result = runner.invoke(build_tender, [*arguments, flag])
        assert result.exit_code == 0, result.output
        for document in out.glob("*.docx"):  # the dossier, and the note beside it
            assert is_refreshed(document.read_bytes()) is expected, (flag, document.name)


@pytest.mark.usefixtures("office_tools")
def test_with_fonts_the_server_lacks_word_is_still_asked_to_update() -> None:
    from procure.documents.refresh import refresh_fields
    from tests.unit.documents.templates import with_body_font

    built = build_document(example("site-internet.yaml"), template=with_body_font("Marianne"))
    [refreshed] = refresh_fields([built])
    assert paged_entries(refreshed), "LibreOffice's page numbers are filled in"
    assert not is_refreshed(refreshed), "and Word, which may have Marianne, updates them"
