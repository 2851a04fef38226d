"""Turning clause content into what a page shows: HTML text, citations, codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from procure.documents.rendering import render_value
from procure.library.content import ClauseContent
from procure.library.legal import find_reference
from procure.library.markup import PLACEHOLDER, Block, BlockKind, parse
from procure.typography import typeset

LIST_TAGS = {BlockKind.BULLET: "ul", BlockKind.NUMBERED: "ol"}


def clause_html(
    text: str, content: ClauseContent, language: str, values: Mapping[str, Any] | None = None
) -> Markup:
    """A clause text as HTML, each variable shown with its value and highlighted.

    Texts and values are typeset for ``language`` (``procure.typography``) before
    they are escaped, as in the Word documents.
    """
    shown = {
        variable.name: typeset(
            render_value(
                variable,
                (values or {}).get(variable.name, variable.default),
                language,
                variable.name,
            ).text,
            language,
        )
        for variable in content.variables
    }
    html: list[Markup] = []
    open_list: BlockKind | None = None
    last_list_index = -1
    for block in parse(text):
        in_same_list = block.kind is open_list and (
            block.kind is not BlockKind.NUMBERED or block.list_index == last_list_index
        )
        if open_list and not in_same_list:
            html.append(Markup(f"</{LIST_TAGS[open_list]}>"))
            open_list = None
        if block.kind is BlockKind.PARAGRAPH:
            html.append(Markup("<p>{}</p>").format(_spans_html(block, shown, language)))
            continue
        if open_list is None:
            html.append(Markup(f"<{LIST_TAGS[block.kind]}>"))
            open_list, last_list_index = block.kind, block.list_index
        html.append(Markup("<li>{}</li>").format(_spans_html(block, shown, language)))
    if open_list:
        html.append(Markup(f"</{LIST_TAGS[open_list]}>"))
    return Markup("").join(html)


def _spans_html(block: Block, shown: Mapping[str, str], language: str) -> Markup:
    parts = []
    for span in block.spans:
        inner = _placeholders_html(typeset(span.text, language), shown)
        parts.append(Markup("<em>{}</em>").format(inner) if span.emphasis else inner)
    return Markup("").join(parts)


def _placeholders_html(text: str, shown: Mapping[str, str]) -> Markup:
    parts: list[Markup] = []
    position = 0
    for match in PLACEHOLDER.finditer(text):
        parts.append(escape(text[position : match.start()]))
        name = match.group(1)
        parts.append(
            Markup('<mark class="variable" title="{}">{}</mark>').format(
                name, shown.get(name, match.group(0))
            )
        )
        position = match.start() + len(match.group(0).rstrip())
    parts.append(escape(text[position:]))
    return Markup("").join(parts)


def citations(content: ClauseContent, language: str) -> list[dict[str, Any]]:
    """The clause's legal basis, each with its citation, label and verification flag."""
    found = []
    for entry in content.legal_basis:
        reference = find_reference(entry.code, entry.article)
        if reference is not None:
            found.append(
                {
                    "citation": reference.citation(language),
                    "url": reference.url(language),
                    "site": reference.site.value,
                    "label": reference.label[language],
                    "verified": reference.verified,
                }
            )
    return found
