"""Editing a built tender file as a person would in Word, with python-docx: the deviation
report's tests (unit, integration and browser) share these edits."""

from __future__ import annotations

import io

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from lxml import etree

from procure.documents.ooxml import w
from procure.documents.properties import read_custom_properties
from procure.documents.rendering import parse_trace


def open_file(data: bytes) -> DocxDocument:
    return docx.Document(io.BytesIO(data))


def saved(document: DocxDocument) -> bytes:
    output = io.BytesIO()
    document.save(output)
    return output.getvalue()


def paragraphs(document: DocxDocument) -> list[etree._Element]:
    return list(document.element.body.iter(w("p")))


def text_of(paragraph: etree._Element) -> str:
    return "".join(t.text or "" for t in paragraph.iter(w("t")))


def find(document: DocxDocument, words: str) -> etree._Element:
    """The first paragraph whose text holds ``words``."""
    for paragraph in paragraphs(document):
        if words in text_of(paragraph):
            return paragraph
    raise AssertionError(f"no paragraph holds {words!r}")


def replace_words(document: DocxDocument, old: str, new: str) -> None:
    """Replace ``old`` by ``new`` inside one run of the first paragraph holding it."""
    for t in find(document, old).iter(w("t")):
        if old in (t.text or ""):
            t.text = t.text.replace(old, new, 1)
            return
    raise AssertionError(f"{old!r} is split over runs")


def region(document: DocxDocument, bookmark: str) -> list[etree._Element]:
    """The paragraphs a bookmark wraps."""
    inside, found = False, []
    ids = set()
    for paragraph in paragraphs(document):
        for start in paragraph.iter(w("bookmarkStart")):
            if start.get(w("name")) == bookmark:
                inside = True
                ids.add(start.get(w("id")))
        if inside:
            found.append(paragraph)
        if any(end.get(w("id")) in ids for end in paragraph.iter(w("bookmarkEnd"))):
            inside = False
    assert found, f"no bookmark {bookmark}"
    return found


def bookmark_of(document: DocxDocument, slug: str) -> str:
    """The bookmark of a clause, found through the trace the file keeps for it."""
    for name, value in read_custom_properties(document).items():
        if name.startswith("clause.") and parse_trace(value).slug == slug:
            return name.removeprefix("clause.")
    raise AssertionError(f"no bookmark for {slug}")


def delete_paragraph(document: DocxDocument, words: str) -> None:
    paragraph = find(document, words)
    paragraph.getparent().remove(paragraph)


def delete_clause(document: DocxDocument, slug: str) -> None:
    for paragraph in region(document, bookmark_of(document, slug)):
        paragraph.getparent().remove(paragraph)


def remove_bookmark(document: DocxDocument, slug: str) -> None:
    """Delete a clause's bookmark and keep its text (the trace is lost)."""
    name = bookmark_of(document, slug)
    body = document.element.body
    for start in list(body.iter(w("bookmarkStart"))):
        if start.get(w("name")) == name:
            bookmark_id = start.get(w("id"))
            start.getparent().remove(start)
    for end in list(body.iter(w("bookmarkEnd"))):
        if end.get(w("id")) == bookmark_id:
            end.getparent().remove(end)


def insert_paragraph_after(document: DocxDocument, words: str, text: str) -> None:
    paragraph = find(document, words)
    new = paragraph.makeelement(w("p"), {})
    run = etree.SubElement(new, w("r"))
    etree.SubElement(run, w("t")).text = text
    paragraph.addnext(new)


def add_web_link(document: DocxDocument, words: str, url: str) -> None:
    """Make the first run of the paragraph holding ``words`` a link to ``url``, as Word's
    Insert > Link does on selected words (an external hyperlink relationship)."""
    relationship = document.part.relate_to(url, RT.HYPERLINK, is_external=True)
    run = next(find(document, words).iter(w("r")))
    link = run.makeelement(w("hyperlink"), {qn("r:id"): relationship})
    run.addprevious(link)
    link.append(run)


ATTACHED_TEMPLATE = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate"
)


def attach_remote_template(document: DocxDocument, url: str) -> None:
    """Attach a template fetched from ``url`` when Word opens the file (remote injection)."""
    settings = document.part.part_related_by(RT.SETTINGS)
    settings.relate_to(url, ATTACHED_TEMPLATE, is_external=True)
