"""Readers shared by the document tests (no app, no database).

Snapshots and library clauses come from ``tests.factories`` (``make_snapshot(**school_catering())``,
``chosen``).
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from lxml import etree

from procure.documents.fields import field_results
from procure.documents.ooxml import W_NS, w
from procure.documents.tender_file import read_tender_file
from procure.library.schema import ClauseFile
from procure.snapshot import TenderSnapshot
from procure.typography import typeset
from tests.factories import clause_library

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"
CREATED = dt.datetime(2026, 11, 27, 9, 30, tzinfo=dt.UTC)
NS = {"w": W_NS}


def library() -> dict[str, ClauseFile]:
    """The real clause library, read once per test session."""
    return clause_library()


def example(name: str) -> TenderSnapshot:
    return read_tender_file(EXAMPLES / name, library())


def open_docx(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def part_xml(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def all_parts_parse(data: bytes) -> None:
    """Every XML part of the package is well-formed (raises otherwise)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                etree.fromstring(archive.read(name))


def body_text(document: DocxDocument) -> str:
    """All text of the body, paragraphs and table cells, in document order."""
    return "\n".join(
        "".join(t.text or "" for t in p.iter(w("t"))) for p in document.element.body.iter(w("p"))
    )


def shown(text: str, language: str = "fr") -> str:
    """How a text of a clause file or a wording reads in a built document: typeset for its
    language (``procure.typography``), so tests can quote the clause files as written."""
    return typeset(text, language)


def headings(document: DocxDocument) -> list[tuple[str, str]]:
    """(style id, text) of every paragraph whose style is a heading style."""
    result = []
    for paragraph in document.element.body.iter(w("p")):
        style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        if style is not None and style.get(w("val")).startswith("Heading"):
            result.append(
                (style.get(w("val")), "".join(t.text or "" for t in paragraph.iter(w("t"))))
            )
    return result


def contents_entries(data: bytes) -> list[str]:
    """The text of each table-of-contents entry, a tab shown as ``\\t``."""
    [toc] = field_results(part_xml(data, "word/document.xml"), "TOC")
    return [
        "".join(
            "\t" if element.tag == w("tab") else element.text or ""
            for element in paragraph.iter(w("t"), w("tab"))
            if element.getparent().tag == w("r")
        )
        for paragraph in toc.paragraphs
    ]


def paged_entries(data: bytes) -> list[tuple[str, int]]:
    """(entry, page) of each contents entry; fails on an entry without a page number."""
    entries = []
    for entry in contents_entries(data):
        text, tab, page = entry.rpartition("\t")
        assert tab, f"contents entry without a page number: {entry!r}"
        assert page.isdigit(), f"contents entry without a page number: {entry!r}"
        entries.append((text, int(page)))
    return entries


def is_refreshed(data: bytes) -> bool:
    """Whether the fields were refreshed on the server (Word is no longer asked to)."""
    return part_xml(data, "word/settings.xml").find(w("updateFields")) is None
