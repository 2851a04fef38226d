"""What changed in a tender file after procure built it: plain Python, no Flask.

Legal staff upload a .docx that procure produced for a tender and that was then
edited in Word. Each clause procure writes is wrapped in a bookmark, and the
file's custom properties map each bookmark to its library trace
(``procure.clause.<bookmark>`` = ``insertion-hours@3``, possibly followed by
``+modified`` and `` sha256:<hex>``). ``compare_file`` builds the same parts in
the same language again, from the tender as it is today, and compares the two
files paragraph by paragraph:

- a clause whose text is the same is *unchanged*; one that differs only where a
  variable's value goes has its *variables changed*; any other difference is
  *wording changed*, with the word-level diff of the review pages;
- a clause whose bookmark or text is gone is *removed*; a clause's text found
  outside any bookmark (pasted in by hand, or its bookmark deleted) is *untraced*;
- a paragraph outside the clauses that the fresh build does not have is *added*;
  one the fresh build has and the file lacks (a weighting, the reservation's
  publicity paragraph) is *deleted*; headers and footers count as outside the
  clauses, without the results of their fields (page numbers).

Typography does not count as a change: both sides are typeset for the file's
language (``procure.typography``) and their spaces made plain before comparing.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import docx
from docx.document import Document as DocxDocument
from lxml import etree

from procure.compliance.results import RuleResult
from procure.documents.builder import TemplateSource, build_document
from procure.documents.ooxml import W_P, w
from procure.documents.parts import PUBLICATION_PARTS, DocumentPart
from procure.documents.properties import read_custom_properties
from procure.documents.rendering import HASH_PREFIX, Trace, parse_trace, render_value
from procure.errors import ProcureError
from procure.review.diff import TextDiff, diff_texts, tokens
from procure.snapshot import ChosenClause, TenderSnapshot, snapshot_digest
from procure.typography import typeset

TRACE_PREFIX = "clause."
PARAGRAPH_BREAK = "\n\n"
W_BOOKMARK_START = w("bookmarkStart")
W_BOOKMARK_END = w("bookmarkEnd")
W_INSTR_TEXT = w("instrText")
W_FLD_CHAR = w("fldChar")
W_FLD_CHAR_TYPE = w("fldCharType")
W_FLD_SIMPLE = w("fldSimple")
W_INSTR = w("instr")
W_TAB = w("tab")
W_BR = w("br")
W_T = w("t")
_SPACES = re.compile(r"\s+")
_SPACE_LIKE = str.maketrans({"\u00a0": " ", "\u202f": " ", "\u2009": " ", "\t": " "})


class DeviationStatus(StrEnum):
    UNCHANGED = "unchanged"
    VARIABLES = "variables"  # only a variable's value differs
    WORDING = "wording"  # the clause's words differ
    REMOVED = "removed"  # traced in the properties, bookmark or text gone
    UNTRACED = "untraced"  # a chosen clause's text without its bookmark
    ADDED = "added"  # text outside the clauses that procure does not build
    DELETED = "deleted"  # text outside the clauses that procure builds and the file lacks
    NOT_IN_TENDER = "not_in_tender"  # a traced clause the tender no longer chooses


STATUS_ORDER = tuple(DeviationStatus)


class DeviationFileError(ProcureError):
    """The uploaded file cannot be compared; ``reason`` says why (``unreadable``,
    ``not_procure``: no trace of procure, ``other_tender``: another tender's file)."""

    def __init__(self, reason: str, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason}: {detail}" if detail else reason)


@dataclass(frozen=True)
class Deviation:
    """One finding of the report: a clause (``slug``) or a paragraph outside the clauses."""

    status: DeviationStatus
    slug: str | None = None
    version: int | None = None
    bookmark: str | None = None
    title: str = ""
    expected: str = ""  # what procure builds today
    found: str = ""  # what the file says
    diff: TextDiff | None = None
    variables: tuple[str, ...] = ()  # the variables whose value differs


@dataclass(frozen=True)
class DeviationReport:
    reference: str
    language: str
    parts: tuple[DocumentPart, ...]
    items: tuple[Deviation, ...]
    # The tender changed after the file was built (its data no longer has the digest the
    # file carries): some deviations may come from the tender, not from the file's editor.
    # None for a file built before documents carried the digest.
    tender_changed: bool | None = None

    def counts(self) -> dict[str, int]:
        counted = Counter(item.status.value for item in self.items)
        return {status.value: counted[status.value] for status in STATUS_ORDER}

    @property
    def has_deviations(self) -> bool:
        return any(item.status is not DeviationStatus.UNCHANGED for item in self.items)

    def summary(self) -> dict[str, Any]:
        """What the audit log keeps: counts per status and every finding, the texts of
        those that are not unchanged included, so the report can be shown again."""
        return {
            "reference": self.reference,
            "language": self.language,
            "parts": [part.value for part in self.parts],
            "counts": self.counts(),
            "items": [_item_summary(item) for item in self.items],
            "tender_changed": self.tender_changed,
        }

    @classmethod
    def from_summary(cls, summary: Mapping[str, Any]) -> DeviationReport:
        """The report as ``summary`` kept it (diffs worked out again from the texts)."""
        language = str(summary.get("language") or "fr")
        items = []
        for kept in summary.get("items") or ():
            status = DeviationStatus(kept["status"])
            expected, found = str(kept.get("expected", "")), str(kept.get("found", ""))
            has_diff = status in (DeviationStatus.WORDING, DeviationStatus.VARIABLES) or (
                status is DeviationStatus.ADDED and expected
            )
            items.append(
                Deviation(
                    status,
                    kept.get("slug"),
                    kept.get("version"),
                    kept.get("bookmark"),
                    title=str(kept.get("title", "")),
                    expected=expected,
                    found=found,
                    diff=diff_texts(expected, found, language=language) if has_diff else None,
                    variables=tuple(kept.get("variables") or ()),
                )
            )
        return cls(
            str(summary.get("reference", "")),
            language,
            _parts(" ".join(summary.get("parts") or ())),
            tuple(items),
            summary.get("tender_changed"),
        )


def _item_summary(item: Deviation) -> dict[str, Any]:
    kept: dict[str, Any] = {"status": item.status.value}
    if item.slug:
        kept.update(slug=item.slug, version=item.version, bookmark=item.bookmark)
    kept["title"] = item.title
    if item.variables:
        kept["variables"] = list(item.variables)
    if item.status is not DeviationStatus.UNCHANGED:
        kept.update(expected=item.expected, found=item.found)
    return kept


# -- reading a file ------------------------------------------------------------------------


@dataclass
class _Paragraph:
    text: str  # normalised
    bookmarks: frozenset[str]


@dataclass
class _Reading:
    paragraphs: list[_Paragraph]
    order: list[str] = field(default_factory=list)  # bookmark names, in document order

    def region(self, bookmark: str) -> list[str]:
        return [p.text for p in self.paragraphs if bookmark in p.bookmarks]


def normalise(text: str, language: str) -> str:
    """Text as compared: typeset for ``language``, every kind of space one plain space."""
    return _SPACES.sub(" ", typeset(text, language).translate(_SPACE_LIKE)).strip()


def _paragraph_text(paragraph: etree._Element) -> str:
    pieces = []
    for element in paragraph.iter(W_T, W_TAB, W_BR):
        if element.tag == W_T:
            pieces.append(element.text or "")
        else:
            pieces.append(" ")
    return "".join(pieces)


def _text_outside_fields(paragraph: etree._Element) -> str:
    """The paragraph's text without its fields' results: a footer's page number and page
    count are whatever Word last worked out, not a change."""
    pieces, depth = [], 0
    for element in paragraph.iter(W_FLD_CHAR, W_T, W_TAB, W_BR):
        kind = element.get(W_FLD_CHAR_TYPE)
        if element.tag == W_FLD_CHAR:
            depth += {"begin": 1, "end": -1}.get(str(kind), 0)
        elif depth <= 0 and not any(a.tag == W_FLD_SIMPLE for a in element.iterancestors()):
            pieces.append(element.text or "" if element.tag == W_T else " ")
    return "".join(pieces)


def _starts_toc(paragraph: etree._Element) -> bool:
    instructions = "".join(t.text or "" for t in paragraph.iter(W_INSTR_TEXT))
    instructions += " ".join(f.get(W_INSTR) or "" for f in paragraph.iter(W_FLD_SIMPLE))
    return instructions.strip().upper().startswith("TOC")


def _ends_field(paragraph: etree._Element) -> bool:
    return any(c.get(W_FLD_CHAR_TYPE) == "end" for c in paragraph.iter(W_FLD_CHAR))


def read_body(document: DocxDocument, language: str, clause_bookmarks: set[str]) -> _Reading:
    """The body's non-empty paragraphs (table of contents left out), each with the clause
    bookmarks it is in, then those of the headers and footers."""
    body = document.element.body
    open_marks: dict[str, str] = {}  # id -> name
    reading = _Reading([])
    in_toc = False
    for element in body.iter(W_P, W_BOOKMARK_START, W_BOOKMARK_END):
        if element.tag == W_BOOKMARK_END:
            open_marks.pop(str(element.get(w("id"))), None)
            continue
        if element.tag == W_BOOKMARK_START:
            name = str(element.get(w("name")) or "")
            if name in clause_bookmarks:
                open_marks[str(element.get(w("id")))] = name
                if name not in reading.order:
                    reading.order.append(name)
            continue
        for start in element.iter(W_BOOKMARK_START):  # starts inside this paragraph
            name = str(start.get(w("name")) or "")
            if name in clause_bookmarks:
                open_marks[str(start.get(w("id")))] = name
                if name not in reading.order:
                    reading.order.append(name)
        if in_toc or _starts_toc(element):
            in_toc = not _ends_field(element)
            continue
        text = normalise(_paragraph_text(element), language)
        if text:
            reading.paragraphs.append(_Paragraph(text, frozenset(open_marks.values())))
    for paragraph in _margin_paragraphs(document):
        if text := normalise(_text_outside_fields(paragraph), language):
            reading.paragraphs.append(_Paragraph(text, frozenset()))
    return reading


def _margin_paragraphs(document: DocxDocument) -> Iterator[etree._Element]:
    """The paragraphs of each section's own headers and footers (first page, odd and even
    pages), in section order: text there is outside the clauses too."""
    for section in document.sections:
        for margin in (
            section.first_page_header,
            section.header,
            section.even_page_header,
            section.first_page_footer,
            section.footer,
            section.even_page_footer,
        ):
            if not margin.is_linked_to_previous:
                yield from margin._element.iter(W_P)  # python-docx: no public XML


def _open(data: bytes) -> DocxDocument:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises many kinds for a broken package
        raise DeviationFileError("unreadable", type(error).__name__) from None


def _traces(properties: dict[str, str]) -> dict[str, Trace]:
    traces = {}
    for name, value in properties.items():
        if name.startswith(TRACE_PREFIX):
            try:
                traces[name[len(TRACE_PREFIX) :]] = parse_trace(value)
            except ValueError:
                continue  # a property someone edited by hand: its clause reads as untraced
    return traces


def _parts(value: str | None) -> tuple[DocumentPart, ...]:
    parts = []
    for word in (value or "").split():
        try:
            parts.append(DocumentPart(word))
        except ValueError:
            continue
    if not parts or (DocumentPart.NOTE in parts and len(parts) > 1):
        return PUBLICATION_PARTS
    return tuple(parts)


def _created(document: DocxDocument) -> dt.datetime | None:
    created: dt.datetime | None = document.core_properties.created
    if created is None:
        return None
    return created if created.tzinfo else created.replace(tzinfo=dt.UTC)


# -- comparing -----------------------------------------------------------------------------


def compare_file(
    data: bytes,
    snapshot: TenderSnapshot,
    results: Sequence[RuleResult] = (),
    *,
    template: TemplateSource = None,
) -> DeviationReport:
    """The report on ``data``, a .docx procure built for the tender of ``snapshot``.

    The caller has checked the package is a safe Word file. Raises
    ``DeviationFileError`` when the file has no trace of procure or is another
    tender's, and ``ValueError`` (naming the field) when the tender cannot be built.
    """
    uploaded = _open(data)
    properties = read_custom_properties(uploaded)
    traces = _traces(properties)
    reference = (properties.get("reference") or "").strip()
    if not traces and not reference:
        raise DeviationFileError("not_procure")
    expected_reference = (snapshot.purchase.reference or "").strip()
    if reference != expected_reference:
        raise DeviationFileError("other_tender", reference)
    language = properties.get("language") or "fr"
    if language not in ("fr", "en"):
        language = "fr"
    parts = _parts(properties.get("parts"))
    fresh_data = build_document(
        snapshot,
        results,
        language=language,
        parts=parts,
        template=template,
        created=_created(uploaded),
    )
    fresh = docx.Document(io.BytesIO(fresh_data))
    fresh_traces = _traces(read_custom_properties(fresh))
    found = read_body(uploaded, language, set(traces))
    built = read_body(fresh, language, set(fresh_traces))
    items = _compare(
        snapshot,
        language=language,
        traces=traces,
        found=found,
        fresh_traces=fresh_traces,
        built=built,
    )
    built_from = (properties.get("tender") or "").strip().removeprefix(HASH_PREFIX)
    tender_changed = built_from != snapshot_digest(snapshot) if built_from else None
    return DeviationReport(expected_reference, language, parts, tuple(items), tender_changed)


def _compare(
    snapshot: TenderSnapshot,
    *,
    language: str,
    traces: dict[str, Trace],
    found: _Reading,
    fresh_traces: dict[str, Trace],
    built: _Reading,
) -> list[Deviation]:
    items: list[Deviation] = []
    matched: set[str] = set()  # fresh bookmarks paired with one of the file's
    consumed: set[int] = set()  # indexes of the file's untraced paragraphs given to a clause
    outside = [i for i, p in enumerate(found.paragraphs) if not p.bookmarks]

    def fresh_for(name: str, trace: Trace) -> str | None:
        if name in fresh_traces and fresh_traces[name].slug == trace.slug and name not in matched:
            return name
        return next(
            (
                other
                for other in built.order
                if other not in matched and fresh_traces[other].slug == trace.slug
            ),
            None,
        )

    def untraced_copy(expected: list[str]) -> list[int]:
        """The file's paragraphs outside any clause that hold this clause's body."""
        body = expected[1:] or expected  # the heading alone proves little
        wanted = set(body)
        hits = [i for i in outside if i not in consumed and found.paragraphs[i].text in wanted]
        if not hits or len({found.paragraphs[i].text for i in hits}) * 2 < len(wanted):
            return []
        heading = hits[0] - 1  # the clause's heading, just above its body
        if (
            len(expected) > 1
            and heading in outside
            and heading not in consumed
            and found.paragraphs[heading].text == expected[0]
        ):
            hits.insert(0, heading)
        return hits

    names = [name for name in found.order if name in traces]
    names += [name for name in traces if name not in names]
    for name in names:
        trace = traces[name]
        fresh_name = fresh_for(name, trace)
        region = found.region(name)
        if fresh_name is None:
            items.append(
                Deviation(
                    DeviationStatus.NOT_IN_TENDER,
                    trace.slug,
                    trace.version,
                    name,
                    title=region[0] if region else "",
                    found=PARAGRAPH_BREAK.join(region),
                )
            )
            continue
        matched.add(fresh_name)
        expected = built.region(fresh_name)
        items.append(
            _clause_item(snapshot, language, trace, name, expected, region, untraced_copy, consumed)
        )
    for fresh_name in built.order:
        if fresh_name in matched:
            continue
        trace = fresh_traces[fresh_name]
        expected = built.region(fresh_name)
        hits = untraced_copy(expected)
        consumed.update(hits)
        items.append(
            Deviation(
                DeviationStatus.UNTRACED if hits else DeviationStatus.REMOVED,
                trace.slug,
                trace.version,
                fresh_name,
                title=expected[0] if expected else "",
                expected=PARAGRAPH_BREAK.join(expected),
                found=PARAGRAPH_BREAK.join(found.paragraphs[i].text for i in hits),
            )
        )
    items.extend(_outside_clauses(found, built, consumed))
    return items


def _clause_item(  # noqa: PLR0917 - one call site, in _compare
    snapshot: TenderSnapshot,
    language: str,
    trace: Trace,
    name: str,
    expected: list[str],
    region: list[str],
    untraced_copy: object,
    consumed: set[int],
) -> Deviation:
    title = expected[0] if expected else ""
    expected_text = PARAGRAPH_BREAK.join(expected)
    common = {"slug": trace.slug, "version": trace.version, "bookmark": name, "title": title}
    if not region:
        hits = untraced_copy(expected)  # type: ignore[operator]
        consumed.update(hits)
        return Deviation(
            DeviationStatus.UNTRACED if hits else DeviationStatus.REMOVED,
            expected=expected_text,
            **common,  # type: ignore[arg-type]
        )
    found_text = PARAGRAPH_BREAK.join(region)
    if found_text == expected_text:
        return Deviation(
            DeviationStatus.UNCHANGED,
            expected=expected_text,
            found=found_text,
            **common,  # type: ignore[arg-type]
        )
    diff = diff_texts(expected_text, found_text, language=language)
    chosen = next((c for c in snapshot.clauses if c.slug == trace.slug), None)
    changed = _changed_variables(chosen, language, expected_text, found_text)
    return Deviation(
        DeviationStatus.VARIABLES if changed else DeviationStatus.WORDING,
        expected=expected_text,
        found=found_text,
        diff=diff,
        variables=changed or (),
        **common,  # type: ignore[arg-type]
    )


def _value_texts(chosen: ChosenClause, language: str) -> dict[str, set[str]]:
    """Each variable's value as it reads in the document (every lot's value included)."""
    versions = [chosen, *(chosen.for_lot(number) for number in chosen.lot_values)]
    texts: dict[str, set[str]] = {}
    for version in versions:
        for variable in chosen.content.variables:
            try:
                raw = version.value(variable.name)
                shown = render_value(variable, raw, language, variable.name).text
            except (KeyError, ValueError, TypeError):
                continue
            if shown.strip():
                texts.setdefault(variable.name, set()).add(normalise(shown, language))
    return texts


def _changed_variables(
    chosen: ChosenClause | None, language: str, expected: str, found: str
) -> tuple[str, ...] | None:
    """The variables whose value was changed, when every difference between the texts
    lies where a variable's value goes; None when any other word differs."""
    if chosen is None:
        return None
    spans: list[tuple[int, int, str]] = []
    for name, shown in _value_texts(chosen, language).items():
        for text in shown:
            spans.extend((m.start(), m.end(), name) for m in re.finditer(re.escape(text), expected))
    if not spans:
        return None
    before, after = tokens(expected), tokens(found)
    offsets = [0]
    for token in before:
        offsets.append(offsets[-1] + len(token))
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    changed: list[str] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        start, end = offsets[i1], offsets[i2]
        owner = next((n for s, e, n in spans if s <= start and end <= e), None)
        if owner is None:
            return None
        if owner not in changed:
            changed.append(owner)
    return tuple(changed) or None


def _outside_clauses(found: _Reading, built: _Reading, consumed: set[int]) -> list[Deviation]:
    """Paragraphs outside the clauses that the file adds to, or deletes from, the fresh build.

    A paragraph replaced by another is reported once, as added, with the word diff
    against the one it replaces; deleted paragraphs are those nothing replaces."""
    mine = [
        (i, p.text) for i, p in enumerate(found.paragraphs) if not p.bookmarks and i not in consumed
    ]
    theirs = [p.text for p in built.paragraphs if not p.bookmarks]
    matcher = difflib.SequenceMatcher(None, theirs, [text for _, text in mine], autojunk=False)
    items = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "delete":
            items += [Deviation(DeviationStatus.DELETED, expected=text) for text in theirs[i1:i2]]
        if tag not in ("insert", "replace"):
            continue
        replaced = PARAGRAPH_BREAK.join(theirs[i1:i2])
        for _, text in mine[j1:j2]:
            items.append(
                Deviation(
                    DeviationStatus.ADDED,
                    expected=replaced,
                    found=text,
                    diff=diff_texts(replaced, text) if replaced else None,
                )
            )
    return items
