"""A buyer's adapted wording shown as Word revisions against the library text.

Both texts are compared after the tender's values are filled in, so a value is
never a revision: only the words the buyer changed are. Paragraphs are lined up
first (same kind and same text: unchanged); a changed paragraph facing a changed
paragraph is compared word by word with the review diff (``procure.review.diff``),
and a paragraph with nothing to face is inserted or deleted whole, its paragraph
mark included, so that accepting every revision gives exactly the adapted text and
rejecting every revision gives exactly the library text.

Word repairs (or refuses) a file whose revisions break its rules; ``problems``
lists the ones it enforces, and ``accept_all`` / ``reject_all`` do what Word's
"accept all" and "reject all" do, for tests and checks. No Flask, no database.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterator, Sequence
from copy import copy
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from procure.documents.ooxml import W_P, W_PPR, W_R, W_RPR, W_T, w
from procure.library.markup import Block, BlockKind, Span
from procure.review.diff import diff_texts, tokens
from procure.typography import typeset

AUTHOR = "procure"
W_INS = w("ins")
W_DEL = w("del")
W_DELTEXT = w("delText")
W_AUTHOR = w("author")
W_DATE = w("date")
W_ID = w("id")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z")

SIMILAR = 0.5  # share of characters two paragraphs must share to be compared word by word
PieceKind = Literal["equal", "insert", "delete"]


@dataclass(frozen=True, slots=True)
class Piece:
    """A stretch of text with one formatting and one fate: kept, inserted or deleted."""

    kind: PieceKind
    span: Span


@dataclass(frozen=True, slots=True)
class BlockChange:
    """One paragraph of the tracked text: ``old`` only (deleted), ``new`` only (inserted),
    or both (kept, or changed word by word)."""

    old: Block | None
    new: Block | None


def revision_date(moment: dt.datetime) -> str:
    """``w:date`` as Word writes it: ISO 8601 in UTC, to the second, with a ``Z``."""
    if moment.tzinfo is not None:
        moment = moment.astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def typeset_block(block: Block, language: str) -> Block:
    """The block with its spans typeset as ``put_text`` would typeset them."""
    spans = tuple(
        Span(typeset(span.text, language), span.emphasis, span.strong) if span.text else span
        for span in block.spans
    )
    return Block(block.kind, spans, block.list_index)


def _key(block: Block) -> tuple[BlockKind, str]:
    return block.kind, "".join(span.text for span in block.spans)


def align_blocks(old: Sequence[Block], new: Sequence[Block]) -> list[BlockChange]:
    """Pair the library's paragraphs with the adapted ones, in the adapted order.

    In a run of changed paragraphs, the first ones of each side face each other and are
    compared word by word when they are alike (else the library's is deleted and the
    adapted one inserted), then the library's left over are deleted and the adapted
    ones left over inserted: both texts keep their order.
    """
    matcher = difflib.SequenceMatcher(
        None, [_key(b) for b in old], [_key(b) for b in new], autojunk=False
    )
    changes: list[BlockChange] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            changes += [BlockChange(a, b) for a, b in zip(old[i1:i2], new[j1:j2], strict=True)]
            continue
        paired = min(i2 - i1, j2 - j1)
        for before, after in zip(old[i1 : i1 + paired], new[j1 : j1 + paired], strict=True):
            if _alike(before, after):
                changes.append(BlockChange(before, after))
            else:
                changes += [BlockChange(before, None), BlockChange(None, after)]
        changes += [BlockChange(block, None) for block in old[i1 + paired : i2]]
        changes += [BlockChange(None, block) for block in new[j1 + paired : j2]]
    return changes


def _alike(old: Block, new: Block) -> bool:
    """Close enough to be read as one paragraph reworded rather than one replaced."""
    return difflib.SequenceMatcher(None, _key(old)[1], _key(new)[1]).ratio() >= SIMILAR


def _formats(spans: Sequence[Span]) -> list[Span]:
    """One formatting per character (a ``Span`` with empty text stands for it)."""
    out: list[Span] = []
    for span in spans:
        out += [Span("", span.emphasis, span.strong)] * len(span.text)
    return out


def _pieces(kind: PieceKind, text: str, formats: Sequence[Span]) -> Iterator[Piece]:
    """``text`` split where its formatting changes."""
    start = 0
    for end in range(1, len(text) + 1):
        if end == len(text) or formats[end] != formats[start]:
            look = formats[start]
            yield Piece(kind, Span(text[start:end], look.emphasis, look.strong))
            start = end


def word_changes(old: Sequence[Span], new: Sequence[Span]) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``, word by word, formatting kept.

    The words come from the review diff; a kept stretch takes the adapted text's
    formatting and spacing, a deleted one the library's.
    """
    old_text = "".join(span.text for span in old)
    new_text = "".join(span.text for span in new)
    old_formats, new_formats = _formats(old), _formats(new)
    # diff_texts ignores the text's outer whitespace: keep it as it stands.
    lead = len(new_text) - len(new_text.lstrip())
    old_lead = len(old_text) - len(old_text.lstrip())
    pieces: list[Piece] = []
    if lead:
        pieces += _pieces("equal", new_text[:lead], new_formats[:lead])
    at_old, at_new = old_lead, lead
    for segment in diff_texts(old_text, new_text).segments:
        size = len(segment.text)
        if segment.kind == "delete":
            pieces += _pieces("delete", segment.text, old_formats[at_old : at_old + size])
            at_old += size
            continue
        pieces += _pieces(segment.kind, segment.text, new_formats[at_new : at_new + size])
        at_new += size
        if segment.kind == "equal":
            at_old = _skip_equal(old_text, at_old, segment.text)
    if at_new < len(new_text):
        pieces += _pieces("equal", new_text[at_new:], new_formats[at_new:])
    return pieces


def _skip_equal(old_text: str, at: int, kept: str) -> int:
    """Where the library text stands after ``kept``, which the diff counts as equal to
    it although its spaces may differ (a line break against a space)."""
    for token in tokens(kept):
        if token.isspace():
            while at < len(old_text) and old_text[at].isspace():
                at += 1
        else:
            at += len(token)
    return at


# -- checks -----------------------------------------------------------------------


def problems(root: etree._Element) -> list[str]:
    """What in a document part breaks Word's rules on revisions; empty when none.

    Ids unique among revisions and bookmarks, ``w:ins``/``w:del`` around runs only
    (or as a paragraph mark's property), ``w:delText`` only inside a deletion and no
    ``w:t`` there, author and ISO 8601 date on every revision.
    """
    found: list[str] = []
    seen: dict[str, str] = {}
    for element in root.iter(W_INS, W_DEL, w("bookmarkStart")):
        local = etree.QName(element).localname
        identity = element.get(W_ID)
        if identity is None:
            found.append(f"w:{local} has no w:id")
        elif identity in seen and not (local == seen[identity] == "bookmarkStart"):
            found.append(f"w:{local} w:id {identity} is used twice")
        elif identity is not None:
            seen[identity] = local
        if local == "bookmarkStart":
            continue
        if not element.get(W_AUTHOR):
            found.append(f"w:{local} {identity} has no w:author")
        if not ISO_DATE.fullmatch(element.get(W_DATE) or ""):
            found.append(f"w:{local} {identity} has no ISO 8601 w:date: {element.get(W_DATE)!r}")
        found += _placement_problems(element, f"w:{local} {identity}")
    for deleted_text in root.iter(W_DELTEXT):
        if not any(a.tag == W_DEL for a in deleted_text.iterancestors()):
            found.append("w:delText outside a deletion")
    return found


def _placement_problems(element: etree._Element, name: str) -> list[str]:
    """Where a revision stands and what it holds: runs in a paragraph, or nothing on a
    paragraph mark; a deletion's runs hold ``w:delText``, never ``w:t``."""
    parent = element.getparent()
    if parent is not None and parent.tag == W_RPR:  # a paragraph mark's revision
        return [f"{name} on a paragraph mark holds content"] if len(element) else []
    found = (
        [] if parent is not None and parent.tag == W_P else [f"{name} is not inside a paragraph"]
    )
    for child in element:
        if child.tag != W_R:
            found.append(f"{name} holds w:{etree.QName(child).localname}")
        elif element.tag == W_DEL and child.find(W_T) is not None:
            found.append(f"{name} holds w:t instead of w:delText")
    return found


def _decide(root: etree._Element, keep: str, drop: str) -> None:
    """Keep the ``keep`` revisions (their runs stay) and undo the ``drop`` ones."""
    for mark in list(root.iter(drop)):
        parent = mark.getparent()
        if parent is not None and parent.tag == W_RPR:  # the paragraph itself goes
            paragraph = parent.getparent().getparent()  # rPr < pPr < p
            _merge_with_next(paragraph)
            continue
        if parent is not None:
            parent.remove(mark)
    for mark in list(root.iter(keep)):
        parent = mark.getparent()
        if parent is None:
            continue
        if parent.tag == W_RPR:
            parent.remove(mark)
            if not len(parent):
                parent.getparent().remove(parent)
            continue
        index = parent.index(mark)
        for offset, run in enumerate(list(mark)):
            for text in run.iter(W_DELTEXT):
                text.tag = W_T
            parent.insert(index + offset, run)
        parent.remove(mark)


def _merge_with_next(paragraph: etree._Element) -> None:
    """Remove a paragraph mark: what is left of the paragraph joins the next one."""
    following = paragraph.getnext()
    content = [child for child in paragraph if child.tag != W_PPR]
    if following is not None and following.tag == W_P:
        properties = following.find(W_PPR)
        at = 0 if properties is None else following.index(properties) + 1
        for offset, child in enumerate(content):
            following.insert(at + offset, child)
    parent = paragraph.getparent()
    if parent is not None:
        parent.remove(paragraph)


def accept_all(root: etree._Element) -> etree._Element:
    """A copy of ``root`` with every revision accepted, as Word's "Accept All Changes"."""
    result = copy(root)
    _decide(result, keep=W_INS, drop=W_DEL)
    return result


def reject_all(root: etree._Element) -> etree._Element:
    """A copy of ``root`` with every revision rejected, as Word's "Reject All Changes"."""
    result = copy(root)
    _decide(result, keep=W_DEL, drop=W_INS)
    return result


__all__ = [
    "AUTHOR",
    "BlockChange",
    "Piece",
    "accept_all",
    "align_blocks",
    "problems",
    "reject_all",
    "revision_date",
    "typeset_block",
    "word_changes",
]
