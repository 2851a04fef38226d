"""Word templates: opening, checking and preparing them once, copying them per document.

An organisation may use its own ``.docx`` (or ``.dotx``) template: the builder
takes its styles, header, footer and page set-up, and writes its own content in
place of the template's body. Styles are found by their Word name, whatever
their id (French Word names Heading 1 ``Titre1`` but keeps ``heading 1`` as
its name).

Heading 1, Heading 2, Heading 3 and Normal are required: without them the
document has no structure and no table of contents, so ``TemplateError`` names
each missing one. Every other style falls back (to Normal, or to direct table
borders); ``check_template(..., strict=True)`` lists those fallbacks too.

A template is parsed and prepared once (body emptied, list numbering ensured,
style ids resolved) and cached; each document is a deep copy of that prepared
prototype, so no document ever sees another's content.
"""

from __future__ import annotations

import copy
import io
import threading
import zipfile
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache
from pathlib import Path

import docx
from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from lxml import etree

from procure.documents.numbering import NumberingPlan, plan_numbering
from procure.documents.ooxml import W_SECTPR, W_VAL, w
from procure.errors import TemplateError

DEFAULT_TEMPLATE = Path(__file__).resolve().parents[2] / "templates" / "default.docx"

PKG_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
WML_TEMPLATE_MAIN = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
)
WML_MACRO_CONTENT_TYPES = (
    "application/vnd.ms-word.document.macroEnabled.main+xml",
    "application/vnd.ms-word.template.macroEnabledTemplate.main+xml",
)
DEFAULT_TEXT_WIDTH = 9638  # A4 with 2 cm margins, in twentieths of a point


class StyleRole(StrEnum):
    NORMAL = "normal"
    HEADING_1 = "heading_1"
    HEADING_2 = "heading_2"
    HEADING_3 = "heading_3"
    TITLE = "title"
    SUBTITLE = "subtitle"
    LIST_BULLET = "list_bullet"
    LIST_NUMBER = "list_number"
    NOTE = "note"
    TABLE = "table"
    TABLE_TEXT = "table_text"
    TOC_HEADING = "toc_heading"
    TOC_1 = "toc_1"
    TOC_2 = "toc_2"
    TOC_3 = "toc_3"
    HEADER = "header"
    FOOTER = "footer"


@dataclass(frozen=True)
class StyleNeed:
    role: StyleRole
    names: tuple[str, ...]  # Word names to look for, in order of preference
    kind: str = "paragraph"
    fallback: StyleRole | None = StyleRole.NORMAL  # None: required (or, for tables, none)
    required: bool = False


STYLE_NEEDS = (
    StyleNeed(StyleRole.NORMAL, ("Normal",), required=True, fallback=None),
    StyleNeed(StyleRole.HEADING_1, ("heading 1",), required=True, fallback=None),
    StyleNeed(StyleRole.HEADING_2, ("heading 2",), required=True, fallback=None),
    StyleNeed(StyleRole.HEADING_3, ("heading 3",), required=True, fallback=None),
    StyleNeed(StyleRole.TITLE, ("Title",)),
    StyleNeed(StyleRole.SUBTITLE, ("Subtitle",)),
    StyleNeed(StyleRole.LIST_BULLET, ("List Bullet", "List Paragraph")),
    StyleNeed(StyleRole.LIST_NUMBER, ("List Number", "List Paragraph")),
    StyleNeed(StyleRole.NOTE, ("Note", "Intense Quote", "Quote")),
    StyleNeed(StyleRole.TABLE, ("Table Grid",), kind="table", fallback=None),
    StyleNeed(StyleRole.TABLE_TEXT, ("Table Text",)),
    StyleNeed(StyleRole.TOC_HEADING, ("TOC Heading",)),
    StyleNeed(StyleRole.TOC_1, ("toc 1",)),
    StyleNeed(StyleRole.TOC_2, ("toc 2",)),
    StyleNeed(StyleRole.TOC_3, ("toc 3",)),
    StyleNeed(StyleRole.HEADER, ("header",)),
    StyleNeed(StyleRole.FOOTER, ("footer",)),
)


@dataclass(frozen=True)
class StyleResolution:
    ids: dict[StyleRole, str | None]  # role -> style id to write (None: no style)
    missing: tuple[str, ...]  # required styles absent
    fallbacks: tuple[str, ...]  # optional styles absent, with what replaces them
    missing_styles: tuple[str, ...] = ()  # the names of the required styles absent
    fallback_styles: tuple[str, ...] = ()  # the names of the optional styles absent


class Template:
    """A prepared template: resolved style ids, numbering plan, and a prototype to copy."""

    def __init__(self, document: DocxDocument, name: str) -> None:
        self.name = name
        resolution = resolve_styles(document.styles.element)
        if resolution.missing:
            raise TemplateError(f"Word template {name}: " + "; ".join(resolution.missing))
        self.styles = resolution.ids
        self.fallbacks = resolution.fallbacks
        self.default_paragraph_style = _default_paragraph_style(document.styles.element)
        _empty_body(document)
        self.text_width = _text_width(document)
        self.numbering: NumberingPlan = plan_numbering(
            document,
            (
                self.styles[StyleRole.HEADING_1],
                self.styles[StyleRole.HEADING_2],
                self.styles[StyleRole.HEADING_3],
            ),
            self.styles[StyleRole.LIST_NUMBER],
            self.styles[StyleRole.LIST_BULLET],
        )
        self.first_bookmark_id = _max_bookmark_id(document) + 1
        # Warm python-docx's lazy properties so copies start ready.
        _ = document.settings, document.core_properties, document.sections[-1].header
        self._prototype = document
        self._lock = threading.Lock()

    def style_id(self, role: StyleRole) -> str | None:
        return self.styles[role]

    def new_document(self) -> DocxDocument:
        """A fresh copy of the prepared template, ready to receive content."""
        with self._lock:
            return copy.deepcopy(self._prototype)


def resolve_styles(styles: etree._Element) -> StyleResolution:
    by_name: dict[tuple[str, str], str] = {}
    by_id: dict[tuple[str, str], str] = {}
    for style in styles.iter(w("style")):
        kind = style.get(w("type"), "paragraph")
        style_id = style.get(w("styleId"))
        if not style_id:
            continue
        name = style.find(w("name"))
        if name is not None and name.get(W_VAL):
            by_name.setdefault((kind, name.get(W_VAL).casefold()), style_id)
        by_id.setdefault((kind, style_id.casefold()), style_id)

    def lookup(kind: str, name: str) -> str | None:
        return by_name.get((kind, name.casefold())) or by_id.get(
            (kind, name.replace(" ", "").casefold())
        )

    found = {
        need.role: next(
            (style_id for name in need.names if (style_id := lookup(need.kind, name))), None
        )
        for need in STYLE_NEEDS
    }

    missing, fallbacks = [], []
    missing_styles: list[str] = []
    fallback_styles: list[str] = []
    ids: dict[StyleRole, str | None] = {}
    for need in STYLE_NEEDS:
        style_id = found[need.role]
        if style_id is None:
            (missing_styles if need.required else fallback_styles).append(_display(need.names[0]))
        if style_id is None and need.required:
            missing.append(f"missing required style '{_display(need.names[0])}'")
        elif style_id is None and need.fallback is not None:
            fallbacks.append(
                f"missing style '{_display(need.names[0])}': "
                f"'{_display(_need(need.fallback).names[0])}' is used instead"
            )
            style_id = found[need.fallback]
        elif style_id is None:
            fallbacks.append(
                f"missing table style '{need.names[0]}': tables get plain borders instead"
            )
        ids[need.role] = style_id
    return StyleResolution(
        ids, tuple(missing), tuple(fallbacks), tuple(missing_styles), tuple(fallback_styles)
    )


def template_styles(data: bytes) -> StyleResolution:
    """Which of the styles procure writes an uploaded template has, lacks or replaces.

    Raises ``TemplateError`` when ``data`` cannot be read as a Word document.
    """
    return resolve_styles(_open(data, "the uploaded template").styles.element)


def _need(role: StyleRole) -> StyleNeed:
    return next(need for need in STYLE_NEEDS if need.role is role)


def _display(name: str) -> str:
    """Word's UI name for a built-in style: ``heading 1`` shows as ``Heading 1``."""
    return name[:1].upper() + name[1:]


def _default_paragraph_style(styles: etree._Element) -> str | None:
    for style in styles.iter(w("style")):
        if style.get(w("type"), "paragraph") == "paragraph" and style.get(w("default")) in {
            "1",
            "true",
            "on",
        }:
            style_id: str | None = style.get(w("styleId"))
            return style_id
    return None


def _empty_body(document: DocxDocument) -> None:
    """Drop the template's body content; keep its final section (page set-up, header, footer)."""
    body = document.element.body
    for child in list(body):
        if child.tag != W_SECTPR:
            body.remove(child)
    if body.find(W_SECTPR) is None:
        etree.SubElement(body, W_SECTPR)


def _text_width(document: DocxDocument) -> int:
    section = document.element.body.find(W_SECTPR)
    size = section.find(w("pgSz"))
    margins = section.find(w("pgMar"))
    try:
        width = int(size.get(w("w"))) - int(margins.get(w("left"))) - int(margins.get(w("right")))
    except (AttributeError, TypeError, ValueError):
        return DEFAULT_TEXT_WIDTH
    return width if width > 1000 else DEFAULT_TEXT_WIDTH


def _max_bookmark_id(document: DocxDocument) -> int:
    ids = [0]
    roots = [document.element]
    section = document.sections[-1]
    for story in (
        section.header,
        section.footer,
        section.first_page_header,
        section.first_page_footer,
    ):
        if not story.is_linked_to_previous:
            roots.append(story._element)
    for root in roots:
        for bookmark in root.iter(w("bookmarkStart")):
            value = bookmark.get(w("id"), "")
            if value.isdigit():
                ids.append(int(value))
    return max(ids)


# -- opening -----------------------------------------------------------------
def _as_word_document(data: bytes, name: str) -> bytes:
    """The bytes of a ``.docx`` package; a ``.dotx`` template is relabelled as a document."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise TemplateError(f"{name} is not a Word document (.docx): not a zip package") from None
    with archive:
        try:
            types = etree.fromstring(archive.read("[Content_Types].xml"))
        except (KeyError, etree.XMLSyntaxError):
            raise TemplateError(
                f"{name} is not a Word document (.docx): no valid [Content_Types].xml"
            ) from None
        main = None
        for override in types.iter(f"{{{PKG_CT_NS}}}Override"):
            content_type = override.get("ContentType")
            if content_type in WML_MACRO_CONTENT_TYPES:
                raise TemplateError(f"{name} contains macros; save it as a plain .docx template")
            if content_type in (CT.WML_DOCUMENT_MAIN, WML_TEMPLATE_MAIN):
                main = override
        if main is None:
            raise TemplateError(f"{name} is not a Word document (.docx): no main document part")
        if main.get("ContentType") == CT.WML_DOCUMENT_MAIN:
            return data
        main.set("ContentType", CT.WML_DOCUMENT_MAIN)
        output = io.BytesIO()
        with zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as relabelled:
            for info in archive.infolist():
                content = archive.read(info.filename)
                if info.filename == "[Content_Types].xml":
                    content = etree.tostring(types, xml_declaration=True, encoding="UTF-8")
                relabelled.writestr(info, content)
        return output.getvalue()


def _open(data: bytes, name: str) -> DocxDocument:
    data = _as_word_document(data, name)
    try:
        return docx.Document(io.BytesIO(data))
    except TemplateError:
        raise
    except Exception as error:  # any parse failure of an untrusted file is the template's fault
        raise TemplateError(f"{name} cannot be read as a Word document: {error}") from error


@lru_cache(maxsize=8)
def _template_from_bytes(data: bytes, name: str) -> Template:
    return Template(_open(data, name), name)


@lru_cache(maxsize=8)
def _template_from_file(path: str, _mtime_ns: int, _size: int) -> Template:
    return _template_from_bytes(Path(path).read_bytes(), Path(path).name)


def load_template(source: Path | str | bytes | None = None) -> Template:
    """The prepared template from a path or bytes (default: ``templates/default.docx``).

    Cached: a file is parsed again only when it changes. Raises ``TemplateError``.
    """
    if isinstance(source, bytes):
        return _template_from_bytes(source, "the uploaded template")
    path = Path(source) if source is not None else DEFAULT_TEMPLATE
    try:
        stat = path.stat()
    except OSError:
        hint = " (run: python -m procure.documents.make_default_template)" if source is None else ""
        raise TemplateError(f"Word template {path} not found{hint}") from None
    return _template_from_file(str(path.resolve()), stat.st_mtime_ns, stat.st_size)


def check_template(source: Path | str | bytes, *, strict: bool = False) -> list[str]:
    """Problems that stop ``source`` being used as a template; empty when it is usable.

    With ``strict=True``, also the styles it lacks that the builder replaces by a
    fallback (the document is built, but looks plainer than intended).
    """
    if isinstance(source, bytes):
        data, name = source, "the uploaded template"
    else:
        path = Path(source)
        name = path.name
        try:
            data = path.read_bytes()
        except OSError as error:
            return [f"{path} cannot be read: {error.strerror or error}"]
    try:
        document = _open(data, name)
    except TemplateError as error:
        return [str(error)]
    resolution = resolve_styles(document.styles.element)
    problems = [f"{name}: {problem}" for problem in resolution.missing]
    if strict:
        problems.extend(f"{name}: {problem}" for problem in resolution.fallbacks)
    return problems
