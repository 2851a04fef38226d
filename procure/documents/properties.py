"""Document properties: the core ones Word shows (title, author…) and procure's custom ones.

Custom properties (``docProps/custom.xml``) keep the trace of every clause the
document contains: one property per clause bookmark, named after the bookmark,
whose value is the library id and version (``insertion-hours@3``, or
``insertion-hours@3+modified`` when the buyer adapted the wording). With the
bookmarks in the text, anyone can tell which library version a paragraph came
from, even after the file has been edited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"
PREFIX = "procure."
CORE_TEXT_MAX = 255  # Word truncates longer summary fields; keep them tidy


def _short(text: str) -> str:
    return text if len(text) <= CORE_TEXT_MAX else text[: CORE_TEXT_MAX - 1] + "…"


def set_core_properties(
    document: DocxDocument,
    *,
    title: str,
    subject: str,
    author: str,
    language: str,
    created: dt.datetime,
    keywords: str = "",
) -> None:
    properties = document.core_properties
    properties.title = _short(title)
    properties.subject = _short(subject)
    properties.author = _short(author)
    properties.last_modified_by = _short(author)
    properties.language = "fr-FR" if language == "fr" else "en-GB"
    properties.keywords = _short(keywords)
    properties.comments = "procure"
    properties.revision = 1
    properties.created = created
    properties.modified = created


def set_custom_properties(document: DocxDocument, values: Iterable[tuple[str, str]]) -> None:
    """Write ``procure.*`` custom properties, keeping any the template already had."""
    package = document.part.package
    try:
        part = package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        part = None
    root = None
    if part is not None:
        try:
            root = etree.fromstring(part.blob)
        except etree.XMLSyntaxError:
            root = None
    if root is None:
        root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap={None: CUSTOM_NS, "vt": VT_NS})
    for existing in list(root):
        if str(existing.get("name", "")).startswith(PREFIX):
            root.remove(existing)
    pids = [int(p.get("pid")) for p in root if str(p.get("pid", "")).isdigit()]
    next_pid = max(pids, default=1) + 1
    for name, value in values:
        prop = etree.SubElement(
            root,
            f"{{{CUSTOM_NS}}}property",
            fmtid=CUSTOM_FMTID,
            pid=str(next_pid),
            name=f"{PREFIX}{name}",
        )
        etree.SubElement(prop, f"{{{VT_NS}}}lpwstr").text = value
        next_pid += 1
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    if part is None:
        part = Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package)
        package.relate_to(part, RT.CUSTOM_PROPERTIES)
    else:
        part._blob = blob


def read_custom_properties(document: DocxDocument) -> dict[str, str]:
    """The ``procure.*`` custom properties of a document, without the prefix."""
    try:
        part = document.part.package.part_related_by(RT.CUSTOM_PROPERTIES)
    except KeyError:
        return {}
    root = etree.fromstring(part.blob)
    found = {}
    for prop in root:
        name = str(prop.get("name", ""))
        if name.startswith(PREFIX) and len(prop):
            found[name[len(PREFIX) :]] = prop[0].text or ""
    return found
