"""Filling in a document's page numbers from LibreOffice's layout, when it is installed.

A freshly built document lists its headings in the table of contents but has
no page numbers yet, and its footer says "page 1 of 1" until a word processor
updates the fields; so the document asks Word to update fields on opening.

Where LibreOffice is installed, ``refresh_fields`` lays each document out once
(``libreoffice.convert``), reads from that layout the page of every contents
entry and the number of pages, and writes them into the document procure
built. Only the fields' displayed results change: styles, numbering,
bookmarks and properties stay as built, and the document no longer asks Word
to update fields, unless its fonts are not installed here (``fonts``): then
Word's pages may break elsewhere, and Word is still asked. A document that
LibreOffice cannot lay out, or whose layout does not match it entry for entry,
comes back unchanged.
"""

from __future__ import annotations

import logging
import posixpath
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass

from lxml import etree

from procure.documents import fields
from procure.documents.fonts import installed_fonts, missing_fonts, text_fonts
from procure.documents.libreoffice import (
    DEFAULT_TIMEOUT,
    ConversionError,
    convert,
    is_libreoffice_available,
)
from procure.documents.ooxml import W_PPR, W_R, W_SECTPR, W_T, set_text, sub, w
from procure.documents.package import read_members, replace_members
from procure.errors import ProcureError

logger = logging.getLogger(__name__)

EXTENDED_PROPERTIES_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
W_TAB = w("tab")
# Paragraph properties that come before w:tabs, in schema order.
_BEFORE_TABS = frozenset(
    w(name)
    for name in (
        "pStyle",
        "keepNext",
        "keepLines",
        "pageBreakBefore",
        "framePr",
        "widowControl",
        "numPr",
        "suppressLineNumbers",
        "pBdr",
        "shd",
    )
)


class RefreshError(ProcureError):
    """A document's fields cannot be filled in from LibreOffice's layout of it."""


@dataclass(frozen=True)
class Layout:
    """What a word processor computes when it lays a document out."""

    contents: tuple[tuple[str, str], ...]  # (entry text, page) per table-of-contents entry
    pages: int


@dataclass(frozen=True)
class Package:
    """The members of a .docx and the names of the parts that hold fields."""

    members: dict[str, bytes]
    document: str
    stories: tuple[str, ...]  # headers and footers
    settings: str | None
    properties: str | None  # docProps/app.xml: pages, words…

    @classmethod
    def read(cls, docx: bytes) -> Package:
        try:
            members = read_members(docx)
            document = _targets(members, "", "/officeDocument")[0]
            return cls(
                members=members,
                document=document,
                stories=tuple(
                    dict.fromkeys(
                        [
                            *_targets(members, document, "/header"),
                            *_targets(members, document, "/footer"),
                        ]
                    )
                ),
                settings=next(iter(_targets(members, document, "/settings")), None),
                properties=next(iter(_targets(members, "", "/extended-properties")), None),
            )
        except (zipfile.BadZipFile, IndexError, etree.XMLSyntaxError) as error:
            raise RefreshError(f"not a Word document: {error}") from None

    def xml(self, name: str) -> etree._Element:
        try:
            return etree.fromstring(self.members[name])
        except (KeyError, etree.XMLSyntaxError) as error:
            raise RefreshError(f"unreadable part {name}: {error}") from None


def refresh_fields(documents: Sequence[bytes], *, timeout: float = DEFAULT_TIMEOUT) -> list[bytes]:
    """Each document with its contents' page numbers and page count filled in.

    Never raises for LibreOffice's sake: without it, or when it fails, the
    documents come back as they were (and Word updates their fields on opening).
    """
    if not documents or not is_libreoffice_available():
        return list(documents)
    try:
        laid_out = convert(documents, "docx", timeout=timeout)
    except ConversionError as error:
        logger.warning("Fields not refreshed: %s", error)
        return list(documents)
    refreshed = []
    for original, layout_file in zip(documents, laid_out, strict=True):
        if layout_file is None:
            logger.warning("Fields not refreshed: LibreOffice could not lay a document out")
            refreshed.append(original)
            continue
        missing = missing_fonts(text_fonts(read_members(original)), installed_fonts())
        if missing:
            logger.info(
                "Fonts not installed here (%s): Word is still asked to update the fields",
                ", ".join(missing),
            )
        try:
            refreshed.append(
                apply_layout(original, read_layout(layout_file), keep_update_request=bool(missing))
            )
        except RefreshError as error:
            logger.warning("Fields not refreshed: %s", error)
            refreshed.append(original)
    return refreshed


def read_layout(docx: bytes) -> Layout:
    """The contents entries with their pages, and the page count, of a laid-out document."""
    package = Package.read(docx)
    pages_element = (
        None
        if package.properties is None
        else package.xml(package.properties).find(f"{{{EXTENDED_PROPERTIES_NS}}}Pages")
    )
    if pages_element is None or not (pages_element.text or "").strip().isdigit():
        raise RefreshError("the laid-out document does not say how many pages it has")
    contents = []
    contents_field = _contents_field(package.xml(package.document))
    for paragraph in [] if contents_field is None else contents_field.paragraphs:
        text = _text_with_tabs(paragraph)
        if not text.strip():
            continue
        entry, tab, page = text.rpartition("\t")
        if not tab or not page.strip().isdigit():
            raise RefreshError(f"contents entry without a page number: {text!r}")
        contents.append((entry, page.strip()))
    return Layout(tuple(contents), int(pages_element.text))


def apply_layout(docx: bytes, layout: Layout, *, keep_update_request: bool = False) -> bytes:
    """``docx`` with the pages of ``layout`` in its contents, page-count fields and properties.

    Word is no longer asked to update the fields, unless ``keep_update_request``: when the
    layout was made with other fonts than the document's, Word's pages may differ.
    """
    package = Package.read(docx)
    replacements = {}
    document = package.xml(package.document)
    _number_contents(document, layout.contents)
    fields.set_field_results(document, fields.NUMPAGES, str(layout.pages))
    replacements[package.document] = _serialise(document)
    for name in package.stories:
        story = package.xml(name)
        fields.set_field_results(story, fields.NUMPAGES, str(layout.pages))
        replacements[name] = _serialise(story)
    if package.properties is not None:
        properties = package.xml(package.properties)
        pages = properties.find(f"{{{EXTENDED_PROPERTIES_NS}}}Pages")
        if pages is None:
            pages = etree.SubElement(properties, f"{{{EXTENDED_PROPERTIES_NS}}}Pages")
        pages.text = str(layout.pages)
        replacements[package.properties] = _serialise(properties)
    if package.settings is not None and not keep_update_request:
        settings = package.xml(package.settings)
        fields.stop_requesting_field_update(settings)
        replacements[package.settings] = _serialise(settings)
    return replace_members(docx, replacements)


def _number_contents(document: etree._Element, contents: Sequence[tuple[str, str]]) -> None:
    contents_field = _contents_field(document)
    if contents_field is None:
        raise RefreshError("the document has no table of contents")
    paragraphs = [
        paragraph for paragraph in contents_field.paragraphs if _text_with_tabs(paragraph).strip()
    ]
    if len(paragraphs) != len(contents):
        raise RefreshError(
            f"the contents has {len(paragraphs)} entries, the layout {len(contents)}"
        )
    tab_position = _text_width(document)
    for paragraph, (entry, page) in zip(paragraphs, contents, strict=True):
        own = _comparable(_text_with_tabs(paragraph))
        if own != _comparable(entry):
            raise RefreshError(f"contents entry {own!r} is laid out as {entry!r}")
        if tab_position:
            _add_page_tab(paragraph, tab_position)
        run = paragraph.makeelement(W_R)
        etree.SubElement(run, W_TAB)
        set_text(etree.SubElement(run, W_T), page)
        if contents_field.end.getparent() is paragraph:
            contents_field.end.addprevious(run)
        else:
            paragraph.append(run)


def _contents_field(document: etree._Element) -> fields.FieldResult | None:
    results = fields.field_results(document, "TOC")
    return results[0] if results else None


def _text_with_tabs(paragraph: etree._Element) -> str:
    """The paragraph's text, a tab character for each tab run (not tab stops)."""
    pieces = []
    for element in paragraph.iter(W_T, W_TAB):
        if element.tag == W_T:
            pieces.append(element.text or "")
        elif element.getparent().tag == W_R:
            pieces.append("\t")
    return "".join(pieces)


def _comparable(text: str) -> str:
    return " ".join(text.split()).casefold()


def _text_width(document: etree._Element) -> int | None:
    """The width between the margins of the document's last section, in twips."""
    body = document.find(w("body"))
    section = None if body is None else body.find(W_SECTPR)
    if section is None:
        return None
    size, margins = section.find(w("pgSz")), section.find(w("pgMar"))
    try:
        width = int(size.get(w("w")))
        left = int(margins.get(w("left")) or 0)
        right = int(margins.get(w("right")) or 0)
    except (AttributeError, TypeError, ValueError):
        return None
    return width - left - right if width > left + right else None


def _add_page_tab(paragraph: etree._Element, position: int) -> None:
    """A right-aligned, dot-leader tab stop at ``position`` for the page number."""
    properties = paragraph.find(W_PPR)
    if properties is None:
        properties = paragraph.makeelement(W_PPR)
        paragraph.insert(0, properties)
    if properties.find(w("tabs")) is not None:
        return
    tabs = properties.makeelement(w("tabs"))
    sub(tabs, "tab", val="right", leader="dot", pos=str(position))
    earlier = [child for child in properties if child.tag in _BEFORE_TABS]
    if earlier:
        earlier[-1].addnext(tabs)
    else:
        properties.insert(0, tabs)


def _targets(members: dict[str, bytes], source: str, type_suffix: str) -> list[str]:
    """Package names of the parts ``source`` relates to with a type ending in ``type_suffix``."""
    folder, name = posixpath.split(source)
    relationships = members.get(posixpath.join(folder, "_rels", f"{name}.rels"))
    if relationships is None:
        return []
    names = []
    for relationship in etree.fromstring(relationships):
        if relationship.get("TargetMode") == "External":
            continue
        if relationship.get("Type", "").endswith(type_suffix):
            target = relationship.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.join(folder, target)
            names.append(posixpath.normpath(path))
    return names


def _serialise(root: etree._Element) -> bytes:
    data: bytes = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return data
