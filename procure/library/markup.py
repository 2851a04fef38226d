"""The clause text markup (clauses/README.md) parsed into blocks, then filled in.

Markup: paragraphs are separated by a blank line; consecutive plain lines join
into one paragraph; a line starting with ``- `` is a bullet; a line starting
with ``1. `` (any number) is an item of a numbered list; ``*words*`` are
emphasised; ``{{ name }}`` is a variable. Nothing else is markup.

Parsing happens on the library text *before* the buyer's values go in, so a
value can never add structure: an asterisk or a leading ``- `` typed by the
buyer stays literal text. Parsed texts are cached, since the same library texts
come back in every document.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from procure.formatting import NBSP, NNBSP

BULLET = re.compile(r"-\s+(.*)")
NUMBERED = re.compile(r"\d+\.\s+(.*)")
EMPHASIS = re.compile(r"\*([^*\s](?:[^*]*[^*\s])?)\*")
PLACEHOLDER = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}(?: (?=(\S)))?")
TIGHT_UNITS = frozenset("%€")


class BlockKind(Enum):
    PARAGRAPH = "paragraph"
    BULLET = "bullet"
    NUMBERED = "numbered"


@dataclass(frozen=True, slots=True)
class Span:
    text: str
    emphasis: bool = False  # *words* in the markup: italic
    strong: bool = False  # never from the markup; the builder's own labels: bold


@dataclass(frozen=True, slots=True)
class Block:
    kind: BlockKind
    spans: tuple[Span, ...]
    list_index: int = -1  # for numbered items: which list of the text (0, 1, ...)


@dataclass(frozen=True, slots=True)
class Value:
    """A variable's value as it reads in the document."""

    text: str
    numeric: bool = False


def spans_of(text: str) -> tuple[Span, ...]:
    """Split a line into plain and emphasised spans."""
    spans: list[Span] = []
    position = 0
    for match in EMPHASIS.finditer(text):
        if match.start() > position:
            spans.append(Span(text[position : match.start()]))
        spans.append(Span(match.group(1), emphasis=True))
        position = match.end()
    if position < len(text):
        spans.append(Span(text[position:]))
    return tuple(spans)


@lru_cache(maxsize=1024)  # the library's texts, with room for buyers' adapted wordings
def parse(text: str) -> tuple[Block, ...]:
    """The blocks of a clause text, placeholders left in place."""
    blocks: list[Block] = []
    lines: list[str] = []
    lists = 0
    in_numbered_list = False

    def flush() -> None:
        nonlocal in_numbered_list
        if lines:
            blocks.append(Block(BlockKind.PARAGRAPH, spans_of(" ".join(lines))))
            lines.clear()
            in_numbered_list = False

    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            flush()
            continue
        if bullet := BULLET.fullmatch(line):
            flush()
            blocks.append(Block(BlockKind.BULLET, spans_of(bullet.group(1))))
            in_numbered_list = False
        elif item := NUMBERED.fullmatch(line):
            flush()
            if not in_numbered_list:
                lists += 1
                in_numbered_list = True
            blocks.append(Block(BlockKind.NUMBERED, spans_of(item.group(1)), lists - 1))
        else:
            lines.append(line)
    flush()
    return tuple(blocks)


def fill(blocks: Iterable[Block], lookup: Callable[[str], Value], *, language: str) -> list[Block]:
    """``blocks`` with every ``{{ name }}`` replaced by ``lookup(name)``.

    In French, the space between a number and the unit the clause writes after
    it becomes a no-break space (narrow before ``%`` and ``€``), so that
    ``{{ rate }} %`` reads ``5 %`` and never breaks across lines.
    """

    def replace(match: re.Match[str]) -> str:
        value = lookup(match.group(1))
        following = match.group(2)
        if following is None:
            return value.text
        if language == "fr" and value.numeric:
            return value.text + (NNBSP if following in TIGHT_UNITS else NBSP)
        return value.text + " "

    filled = []
    for block in blocks:
        spans = tuple(
            Span(PLACEHOLDER.sub(replace, span.text), span.emphasis, span.strong)
            if "{{" in span.text
            else span
            for span in block.spans
        )
        filled.append(Block(block.kind, spans, block.list_index))
    return filled
