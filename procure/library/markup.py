"""The clause text markup (clauses/README.md) parsed into blocks and runs.

Paragraphs are separated by blank lines; ``- `` starts a bullet, ``1. `` a
numbered item; ``*words*`` are emphasised; ``{{ name }}`` is a variable. The web
pages and the Word builder both render from these blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from procure.library.text import VARIABLE_PATTERN

BULLET = re.compile(r"^\s*[-•]\s+(.*)$")
NUMBERED = re.compile(r"^\s*\d+[.)]\s+(.*)$")
INLINE = re.compile(r"\*([^*\n]+)\*|" + VARIABLE_PATTERN.pattern)


@dataclass(frozen=True)
class Run:
    text: str
    emphasis: bool = False
    variable: str | None = None  # the variable's name when this run is a variable


@dataclass(frozen=True)
class Block:
    kind: str  # "paragraph", "bullets" or "numbered"
    items: tuple[tuple[Run, ...], ...]  # one item for a paragraph, one per list entry


def parse(text: str) -> list[Block]:
    blocks: list[Block] = []
    paragraph: list[str] = []
    list_kind: str | None = None
    items: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            blocks.append(Block("paragraph", (runs(" ".join(paragraph)),)))
            paragraph.clear()

    def flush_list() -> None:
        nonlocal list_kind
        if list_kind:
            blocks.append(Block(list_kind, tuple(runs(item) for item in items)))
            items.clear()
            list_kind = None

    for line in text.splitlines():
        bullet, numbered = BULLET.match(line), NUMBERED.match(line)
        if bullet or numbered:
            flush_paragraph()
            kind = "bullets" if bullet else "numbered"
            if list_kind != kind:
                flush_list()
                list_kind = kind
            items.append((bullet or numbered).group(1).strip())
        elif not line.strip():
            flush_paragraph()
            flush_list()
        elif list_kind and line.startswith((" ", "\t")):
            items[-1] += " " + line.strip()
        else:
            flush_list()
            paragraph.append(line.strip())
    flush_paragraph()
    flush_list()
    return blocks


def runs(text: str) -> tuple[Run, ...]:
    found: list[Run] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            found.append(Run(text[position : match.start()]))
        if match.group(1) is not None:
            found.append(Run(match.group(1), emphasis=True))
        else:
            found.append(Run(match.group(0), variable=match.group(2)))
        position = match.end()
    if position < len(text):
        found.append(Run(text[position:]))
    return tuple(found)
