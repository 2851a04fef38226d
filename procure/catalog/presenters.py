"""Turning clause content into what a page shows: HTML text, citations, codes."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markupsafe import Markup, escape

from procure.library.legal import find_reference
from procure.library.markup import Block, Run, parse
from procure.library.render import variable_texts


def clause_html(
    text: str, content: Mapping[str, Any], language: str, values: Mapping[str, Any] | None = None
) -> Markup:
    """A clause text as HTML, each variable shown with its value and highlighted."""
    texts = variable_texts(content, values or {}, language)
    return Markup("").join(_block_html(block, texts) for block in parse(text))


def _block_html(block: Block, texts: Mapping[str, str]) -> Markup:
    if block.kind == "paragraph":
        return Markup("<p>{}</p>").format(_runs_html(block.items[0], texts))
    tag = "ul" if block.kind == "bullets" else "ol"
    items = Markup("").join(
        Markup("<li>{}</li>").format(_runs_html(item, texts)) for item in block.items
    )
    return Markup(f"<{tag}>{{}}</{tag}>").format(items)


def _runs_html(runs: tuple[Run, ...], texts: Mapping[str, str]) -> Markup:
    parts = []
    for run in runs:
        if run.variable:
            parts.append(
                Markup('<mark class="variable" title="{}">{}</mark>').format(
                    run.variable, texts.get(run.variable, run.text)
                )
            )
        elif run.emphasis:
            parts.append(Markup("<em>{}</em>").format(run.text))
        else:
            parts.append(escape(run.text))
    return Markup("").join(parts)


def citations(content: Mapping[str, Any], language: str) -> list[dict[str, Any]]:
    """The clause's legal basis, each with its citation, label and verification flag."""
    found = []
    for entry in content.get("legal_basis") or []:
        reference = find_reference(entry["code"], entry["article"])
        if reference is not None:
            found.append(
                {
                    "citation": reference.citation(language),
                    "label": reference.label[language],
                    "verified": reference.verified,
                }
            )
    return found
