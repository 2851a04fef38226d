"""Writing paragraphs, headings, lists, tables and bookmarks into a python-docx document.

The writer works one level below python-docx's public objects: it appends
``w:p``/``w:tbl`` elements to the document body with lxml and sets ``w:pStyle``
by style *id*, resolved once per template. python-docx's public API looks a
style up by name for every paragraph and re-parses run text; at a few thousand
paragraphs per document that is most of the cost, and this writer avoids it.

Every text the builder writes goes through ``put_text``, which typesets it for
the document's language (``procure.typography``): clause files and wordings
stay written with plain spaces and straight apostrophes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any, cast

from docx.document import Document as DocxDocument
from lxml import etree
from lxml.etree import SubElement

from procure.documents import fields
from procure.documents.numbering import ListNumbering, number_label
from procure.documents.ooxml import (
    W_B,
    W_I,
    W_ILVL,
    W_KEEPNEXT,
    W_NUMID,
    W_NUMPR,
    W_P,
    W_PAGEBREAKBEFORE,
    W_PPR,
    W_PSTYLE,
    W_R,
    W_RPR,
    W_SECTPR,
    W_T,
    W_VAL,
    XML_SPACE,
    w,
)
from procure.documents.revisions import (
    AUTHOR,
    W_AUTHOR,
    W_DATE,
    W_DEL,
    W_DELTEXT,
    W_INS,
    BlockChange,
    Piece,
    align_blocks,
    revision_date,
    typeset_block,
    word_changes,
)
from procure.documents.template import StyleRole, Template
from procure.library.markup import Block, BlockKind, Span
from procure.typography import typeset

W_TBL = w("tbl")
W_BODY = w("body")
W_TCPR = w("tcPr")
W_TCW = w("tcW")
W_W = w("w")
W_TYPE = w("type")
W_TR = w("tr")
W_TC = w("tc")
W_BOOKMARK_START = w("bookmarkStart")
W_BOOKMARK_END = w("bookmarkEnd")
W_ID = w("id")
W_NAME = w("name")
W_HYPERLINK = w("hyperlink")
W_ANCHOR = w("anchor")
W_HISTORY = w("history")

Content = str | Sequence[Span]
Cell = str | Sequence[Span] | Sequence[Sequence[Span]]

HEADING_ROLES = (StyleRole.HEADING_1, StyleRole.HEADING_2, StyleRole.HEADING_3)
TOC_ROLES = (StyleRole.TOC_1, StyleRole.TOC_2, StyleRole.TOC_3)


@dataclass(frozen=True, slots=True)
class TocEntry:
    level: int  # 1 to 3
    number: str  # as Word will show it, "" when headings are not numbered
    text: str
    anchor: str  # the hidden bookmark on the heading, which the entry links to


def put_text(t: etree._Element, text: str, language: str) -> None:
    """Write ``text`` into the ``w:t`` element ``t``, typeset for ``language``.

    The one place the builder's texts enter a document: typography is applied
    here and nowhere else, so every paragraph, heading, table cell, header and
    contents entry gets it once.
    """
    put_typeset(t, typeset(text, language))


def put_typeset(t: etree._Element, text: str) -> None:
    """Write ``text``, typeset already (a piece of a typeset paragraph), into ``t``."""
    t.text = text
    if text[0].isspace() or text[-1].isspace():
        t.set(XML_SPACE, "preserve")


def write_runs(paragraph: etree._Element, content: Content, language: str) -> None:
    """Append one run per span; bold and italic as direct run properties."""
    if isinstance(content, str):
        if content:
            put_text(SubElement(SubElement(paragraph, W_R), W_T), content, language)
        return
    for span in content:
        text = span.text
        if not text:
            continue
        run = SubElement(paragraph, W_R)
        if span.strong or span.emphasis:
            properties = SubElement(run, W_RPR)
            if span.strong:
                SubElement(properties, W_B)
            if span.emphasis:
                SubElement(properties, W_I)
        put_text(SubElement(run, W_T), text, language)


def new_paragraph(
    parent: etree._Element,
    style_id: str | None,
    content: Content = (),
    *,
    language: str,
    keep_next: bool = False,
    page_break_before: bool = False,
    num: tuple[str, str] | None = None,
) -> etree._Element:
    """Append a ``w:p`` to ``parent``: properties in schema order, then the runs."""
    paragraph = SubElement(parent, W_P)
    if style_id or keep_next or page_break_before or num:
        properties = SubElement(paragraph, W_PPR)
        if style_id:
            SubElement(properties, W_PSTYLE).set(W_VAL, style_id)
        if keep_next:
            SubElement(properties, W_KEEPNEXT)
        if page_break_before:
            SubElement(properties, W_PAGEBREAKBEFORE)
        if num:
            numbering = SubElement(properties, W_NUMPR)
            SubElement(numbering, W_ILVL).set(W_VAL, num[0])
            SubElement(numbering, W_NUMID).set(W_VAL, num[1])
    write_runs(paragraph, content, language)
    return paragraph


class ElementFactory:
    """Paragraphs and runs copied from prebuilt prototypes.

    Copying a small prebuilt subtree happens inside lxml, in C; building the
    same subtree with one ``SubElement`` call per element costs about three
    times as much, and documents hold thousands of paragraphs. Prototypes are
    made per document, from the document's own parser, on first use.
    """

    def __init__(self, body: etree._Element, language: str) -> None:
        self._language = language
        self._holder = body.makeelement(W_BODY)
        self._paragraphs: dict[tuple[str | None, bool, bool], etree._Element] = {}
        self._runs: dict[tuple[bool, bool], etree._Element] = {}

    def paragraph(
        self,
        parent: etree._Element,
        style_id: str | None,
        content: Content = (),
        *,
        keep_next: bool = False,
        page_break_before: bool = False,
        num: tuple[str, str] | None = None,
    ) -> etree._Element:
        key = (style_id, keep_next, page_break_before)
        prototype = self._paragraphs.get(key)
        if prototype is None:
            prototype = self._paragraphs[key] = new_paragraph(
                self._holder,
                style_id,
                language=self._language,
                keep_next=keep_next,
                page_break_before=page_break_before,
            )
        paragraph = copy(prototype)
        parent.append(paragraph)
        if num:
            if len(paragraph) and paragraph[0].tag == W_PPR:
                properties = paragraph[0]
            else:
                properties = SubElement(paragraph, W_PPR)
            numbering = SubElement(properties, W_NUMPR)
            SubElement(numbering, W_ILVL).set(W_VAL, num[0])
            SubElement(numbering, W_NUMID).set(W_VAL, num[1])
        if isinstance(content, str):
            if content:
                self._run(paragraph, content, False, False)
        else:
            for span in content:
                if span.text:
                    self._run(paragraph, span.text, span.strong, span.emphasis)
        return paragraph

    def _run(
        self,
        paragraph: etree._Element,
        text: str,
        strong: bool,
        emphasis: bool,
        *,
        typeset_already: bool = False,
        deleted: bool = False,
    ) -> None:
        key = (strong, emphasis)
        prototype = self._runs.get(key)
        if prototype is None:
            holder = SubElement(self._holder, W_P)
            write_runs(holder, (Span("x", emphasis=emphasis, strong=strong),), self._language)
            prototype = self._runs[key] = holder[-1]
        run = copy(prototype)
        paragraph.append(run)
        if deleted:
            run[-1].tag = W_DELTEXT
        if typeset_already:
            put_typeset(run[-1], text)
        else:
            put_text(run[-1], text, self._language)

    def pieces(self, paragraph: etree._Element, pieces: Sequence[Piece], mark: Revision) -> None:
        """Append typeset ``pieces``: kept ones as runs, the others inside ``w:ins``/``w:del``."""
        for piece in pieces:
            span = piece.span
            if not span.text:
                continue
            holder = paragraph
            if piece.kind != "equal":
                holder = mark.wrap(paragraph, W_INS if piece.kind == "insert" else W_DEL)
            self._run(
                holder,
                span.text,
                span.strong,
                span.emphasis,
                typeset_already=True,
                deleted=piece.kind == "delete",
            )


class Revision:
    """Makes revision marks for one document: author procure, one date, unique ids
    (shared with the bookmarks' counter, as Word wants every annotation id unique)."""

    def __init__(self, next_id: Callable[[], str], date: str) -> None:
        self._next_id = next_id
        self.date = date

    def wrap(self, parent: etree._Element, tag: str) -> etree._Element:
        """Append an empty ``w:ins``/``w:del`` to ``parent`` and return it."""
        mark = SubElement(parent, tag)
        mark.set(W_ID, self._next_id())
        mark.set(W_AUTHOR, AUTHOR)
        mark.set(W_DATE, self.date)
        return mark

    def paragraph_mark(self, paragraph: etree._Element, tag: str) -> None:
        """Mark the paragraph itself (its mark) as inserted or deleted."""
        properties = paragraph.find(W_PPR)
        if properties is None:
            properties = paragraph.makeelement(W_PPR)
            paragraph.insert(0, properties)
        run_properties = properties.find(W_RPR)
        if run_properties is None:
            run_properties = SubElement(properties, W_RPR)
        self.wrap(run_properties, tag)


class DocumentWriter:
    """Appends content to one document built from one template."""

    def __init__(self, document: DocxDocument, template: Template, language: str) -> None:
        self.document = document
        self.language = language
        self.body = document.element.body
        self._section = self.body.find(W_SECTPR)
        self.body.remove(self._section)
        self._template = template
        self._styles = {
            role: (None if style_id == template.default_paragraph_style else style_id)
            for role, style_id in template.styles.items()
        }
        self._make = ElementFactory(self.body, language)
        self._lists = ListNumbering(document, template.numbering)
        self._bullet_num = (
            ("0", template.numbering.bullet_num_id) if template.numbering.bullet_num_id else None
        )
        self._headings = template.numbering.headings
        self._counters = [0, 0, 0]
        self._break_before_next_heading = False
        self._next_bookmark_id = template.first_bookmark_id
        self._bookmark_names: set[str] = set()
        self._toc_anchor: etree._Element | None = None
        self.toc_entries: list[TocEntry] = []
        self.heading_offset = 0
        self.traces: list[tuple[str, str]] = []  # (bookmark name, library trace)
        # Adapted wording as Word revisions (``tracked_blocks``); False: the clean text.
        self.revisions = True
        self.revision_fallback = dt.datetime.now(dt.UTC)  # the builder sets its creation time

    # -- paragraphs ---------------------------------------------------------
    def paragraph(
        self,
        content: Content = (),
        role: StyleRole = StyleRole.NORMAL,
        *,
        keep_next: bool = False,
        page_break_before: bool = False,
    ) -> etree._Element:
        return self._make.paragraph(
            self.body,
            self._styles[role],
            content,
            keep_next=keep_next,
            page_break_before=page_break_before,
        )

    def note(self, content: Content) -> etree._Element:
        return self.paragraph(content, StyleRole.NOTE)

    def bullet(self, content: Content) -> etree._Element:
        return self._make.paragraph(
            self.body, self._styles[StyleRole.LIST_BULLET], content, num=self._bullet_num
        )

    def break_before_next_heading(self) -> None:
        self._break_before_next_heading = True

    def heading(self, level: int, text: str, *, page_break_before: bool = False) -> etree._Element:
        """A Heading 1–3 paragraph (``level`` is shifted by ``heading_offset``)."""
        level = min(level + self.heading_offset, 3)
        page_break_before = page_break_before or self._break_before_next_heading
        self._break_before_next_heading = False
        self._counters[level - 1] += 1
        for deeper in range(level, 3):
            self._counters[deeper] = 0
        paragraph = self._make.paragraph(
            self.body,
            self._styles[HEADING_ROLES[level - 1]],
            text,
            page_break_before=page_break_before,
        )
        anchor = self._mark(f"_Toc{len(self.toc_entries) + 1:05d}", paragraph, paragraph)
        self.toc_entries.append(TocEntry(level, self._number(level), text, anchor))
        return paragraph

    def _number(self, level: int) -> str:
        formats = [fmt for fmt in self._headings[:level] if fmt is not None]
        if len(formats) < level:  # too few heading levels, or one not numbered
            return ""
        counters = [
            fmt.start - 1 + count
            for fmt, count in zip(formats, self._counters[:level], strict=True)
        ]
        return number_label(formats[-1].text, counters, [fmt.num_fmt for fmt in formats])

    # -- clause text ---------------------------------------------------------
    def blocks(
        self, blocks: Sequence[Block], *, lead: Sequence[Span] = ()
    ) -> tuple[etree._Element, etree._Element] | None:
        """Write parsed clause text; each numbered list restarts at 1.

        ``lead`` (a bold label, say) starts the first paragraph, or stands alone
        when the text opens with a list. Returns the first and last paragraphs.
        """
        first = last = None
        numbering: dict[int, str] = {}
        if lead and (not blocks or blocks[0].kind is not BlockKind.PARAGRAPH):
            first = last = self.paragraph(lead, keep_next=True)
            lead = ()
        for block in blocks:
            content = (*lead, *block.spans) if lead else block.spans
            lead = ()
            last = self._block(block, content, numbering, block.list_index)
            if first is None:
                first = last
        return None if first is None else (first, last)

    def _block(
        self, block: Block, content: Content, numbering: dict[Any, str], list_key: Any
    ) -> etree._Element:
        """One paragraph of clause text; numbered items of one list share ``list_key``."""
        if block.kind is BlockKind.PARAGRAPH:
            return self.paragraph(content)
        if block.kind is BlockKind.BULLET:
            return self.bullet(content)
        num_id = numbering.get(list_key)
        if num_id is None:
            num_id = numbering[list_key] = self._lists.new_list()
        return self._make.paragraph(
            self.body, self._styles[StyleRole.LIST_NUMBER], content, num=("0", num_id)
        )

    def tracked_blocks(
        self, library: Sequence[Block], adapted: Sequence[Block], changed_at: dt.datetime | None
    ) -> tuple[etree._Element, etree._Element] | None:
        """Write the adapted clause text as Word revisions against the library text.

        Paragraphs the buyer kept are written as ``blocks`` writes them; changed words
        are ``w:ins``/``w:del`` runs, whole paragraphs added or removed carry an
        inserted or deleted paragraph mark. Author "procure", date ``changed_at``
        (when the wording was saved), else the document's creation time. Returns the
        first and last paragraphs, as ``blocks`` does.
        """
        moment = changed_at or self.revision_fallback
        mark = Revision(self._next_annotation_id, revision_date(moment))
        numbering: dict[Any, str] = {}
        first = last = None
        old = [typeset_block(block, self.language) for block in library]
        new = [typeset_block(block, self.language) for block in adapted]
        for change in align_blocks(old, new):
            last = self._tracked_block(change, numbering, mark)
            if first is None:
                first = last
        return None if first is None else (first, last)

    def _tracked_block(
        self, change: BlockChange, numbering: dict[Any, str], mark: Revision
    ) -> etree._Element:
        shown = change.new or change.old
        assert shown is not None  # a change has a side
        key = ("new", shown.list_index) if change.new else ("old", shown.list_index)
        paragraph = self._block(shown, (), numbering, key)
        if change.old is None:
            pieces = [Piece("insert", span) for span in shown.spans]
            mark.paragraph_mark(paragraph, W_INS)
        elif change.new is None:
            pieces = [Piece("delete", span) for span in shown.spans]
            mark.paragraph_mark(paragraph, W_DEL)
        else:
            pieces = word_changes(change.old.spans, change.new.spans)
        self._make.pieces(paragraph, pieces, mark)
        return paragraph

    def _next_annotation_id(self) -> str:
        identity = str(self._next_bookmark_id)
        self._next_bookmark_id += 1
        return identity

    def bookmark(self, name: str, trace: str, first: etree._Element, last: etree._Element) -> str:
        """Wrap paragraphs ``first``…``last`` in a bookmark; remember its library trace."""
        unique = self._mark(name, first, last)
        self.traces.append((unique, trace))
        return unique

    def _mark(self, name: str, first: etree._Element, last: etree._Element) -> str:
        """Wrap paragraphs ``first``…``last`` in a bookmark named ``name`` (made unique)."""
        unique = name
        counter = 2
        while unique in self._bookmark_names:
            suffix = f"_{counter}"
            unique = name[: 40 - len(suffix)] + suffix
            counter += 1
        self._bookmark_names.add(unique)
        bookmark_id = self._next_annotation_id()
        start = self.body.makeelement(W_BOOKMARK_START)
        start.set(W_ID, bookmark_id)
        start.set(W_NAME, unique)
        properties = first.find(W_PPR)
        if properties is None:
            first.insert(0, start)
        else:
            properties.addnext(start)
        SubElement(last, W_BOOKMARK_END).set(W_ID, bookmark_id)
        return unique

    # -- tables ----------------------------------------------------------------
    def table(
        self, header: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float]
    ) -> etree._Element:
        """A full-width table; ``widths`` are relative column widths."""
        total = sum(widths)
        columns = [max(1, int(self._template.text_width * width / total)) for width in widths]
        style_id = self._template.styles[StyleRole.TABLE]
        text_style = self._styles[StyleRole.TABLE_TEXT]
        table = SubElement(self.body, W_TBL)
        properties = SubElement(table, w("tblPr"))
        if style_id:
            SubElement(properties, w("tblStyle")).set(W_VAL, style_id)
        width = SubElement(properties, w("tblW"))
        width.set(w("w"), "5000")
        width.set(w("type"), "pct")
        if not style_id:
            borders = SubElement(properties, w("tblBorders"))
            for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
                border = SubElement(borders, w(side))
                border.set(W_VAL, "single")
                border.set(w("sz"), "4")
                border.set(w("color"), "A6A6A6")
        SubElement(properties, w("tblLayout")).set(w("type"), "fixed")
        look = SubElement(properties, w("tblLook"))
        for name, value in (
            ("val", "04A0"),
            ("firstRow", "1"),
            ("lastRow", "0"),
            ("firstColumn", "0"),
            ("lastColumn", "0"),
            ("noHBand", "1"),
            ("noVBand", "1"),
        ):
            look.set(w(name), value)
        grid = SubElement(table, w("tblGrid"))
        for column in columns:
            SubElement(grid, w("gridCol")).set(w("w"), str(column))

        header_row = SubElement(table, W_TR)
        row_properties = SubElement(header_row, w("trPr"))
        SubElement(row_properties, w("cantSplit"))
        SubElement(row_properties, w("tblHeader"))
        for column, title in zip(columns, header, strict=True):
            self._cell(
                header_row, column, (Span(title, strong=True),), text_style, shade=not style_id
            )
        for row in rows:
            table_row = SubElement(table, W_TR)
            SubElement(SubElement(table_row, w("trPr")), w("cantSplit"))
            for column, cell in zip(columns, row, strict=True):
                self._cell(table_row, column, cell, text_style)
        return table

    def _cell(
        self,
        row: etree._Element,
        width: int,
        content: Cell,
        style_id: str | None,
        *,
        shade: bool = False,
    ) -> None:
        cell = SubElement(row, W_TC)
        properties = SubElement(cell, W_TCPR)
        cell_width = SubElement(properties, W_TCW)
        cell_width.set(W_W, str(width))
        cell_width.set(W_TYPE, "dxa")
        if shade:
            shading = SubElement(properties, w("shd"))
            shading.set(W_VAL, "clear")
            shading.set(w("color"), "auto")
            shading.set(w("fill"), "D9E2F3")
        if isinstance(content, str) and "\n" not in content:
            self._make.paragraph(cell, style_id, content)
            return
        for paragraph in _cell_paragraphs(content) or [()]:
            self._make.paragraph(cell, style_id, paragraph)

    # -- table of contents ----------------------------------------------------
    def table_of_contents(self, title: str, placeholder: str) -> None:
        """The contents title and a TOC field, filled with the headings at ``finish``."""
        self.paragraph(title, StyleRole.TOC_HEADING, page_break_before=True)
        self._toc_anchor = self.paragraph()
        self._toc_placeholder = placeholder

    def _fill_table_of_contents(self) -> None:
        anchor = self._toc_anchor
        if anchor is None:
            return
        first_level = self.toc_entries[0].level if self.toc_entries else 1
        style = self._styles[TOC_ROLES[first_level - 1]]
        if style:
            SubElement(SubElement(anchor, W_PPR), W_PSTYLE).set(W_VAL, style)
        fields.field_char(anchor, "begin")
        fields.instruction(anchor, fields.TOC)
        fields.field_char(anchor, "separate")
        if not self.toc_entries:
            write_runs(anchor, self._toc_placeholder, self.language)
            fields.field_char(anchor, "end")
            return
        paragraph = previous = anchor  # entries follow the anchor, each after the one before
        for index, entry in enumerate(self.toc_entries):
            if index:
                paragraph = self.body.makeelement(W_P)
                entry_style = self._styles[TOC_ROLES[entry.level - 1]]
                if entry_style:
                    SubElement(SubElement(paragraph, W_PPR), W_PSTYLE).set(W_VAL, entry_style)
                previous.addnext(paragraph)
            text = f"{entry.number} {entry.text}" if entry.number else entry.text
            link = SubElement(paragraph, W_HYPERLINK)
            link.set(W_ANCHOR, entry.anchor)
            link.set(W_HISTORY, "1")
            write_runs(link, text, self.language)
            previous = paragraph
        fields.field_char(previous, "end")

    # -- end ----------------------------------------------------------------
    def finish(self) -> None:
        """Fill the table of contents and put the final section properties back."""
        self._fill_table_of_contents()
        if len(self.body) and self.body[-1].tag == W_TBL:
            SubElement(self.body, W_P)
        self.body.append(self._section)


def _cell_paragraphs(cell: Cell) -> Sequence[Sequence[Span]]:
    if isinstance(cell, str):
        return [(Span(line),) for line in cell.split("\n")]
    if not cell:
        return []
    if isinstance(cell[0], Span):  # one paragraph of spans
        return [cast(Sequence[Span], cell)]
    return cast(Sequence[Sequence[Span]], cell)
