"""A buyer's own wording of a clause text: reading it, checking it, storing it.

A tender clause's ``custom_text`` is ``{"fr": text or None, "en": text or None}``:
None (or a missing language) means the library text for that language. A text
identical to the library text, once line endings and trailing spaces are
normalised, is not stored, so that only real changes count as adapted wording.

The checks apply the library's own rules (clauses/README.md): the markup accepts
any text, but a ``{{ … }}`` must be one of the clause's declared variables, written
``{{ snake_case }}``, and braces may not stand alone. Characters a Word document
cannot hold are refused by the forms (``procure.textcheck``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from procure.library.text import is_bilingual, malformed_placeholders, variables_in
from procure.vocabulary import LANGUAGES

MAX_TEXT = 20_000  # characters; the longest library text is about 2 000
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_BRACE_PAIR = re.compile(r"\{\{.*?\}\}")


@dataclass(frozen=True, slots=True)
class TextProblem:
    """Why a clause text cannot be saved: ``code`` names the rule, ``detail`` the culprit."""

    code: str  # empty, too_long, malformed_placeholder, stray_brace, unknown_variable
    detail: str = ""


def normalise_text(text: str) -> str:
    """Unix line endings, no trailing spaces on a line, no blank lines around the text."""
    unix = text.replace("\r\n", "\n").replace("\r", "\n")
    return _TRAILING_SPACE.sub("", unix).strip("\n")


def custom_clause_text(custom: Any) -> dict[str, str]:
    """The languages of ``custom_text`` the buyer rewrote, with their text.

    Accepts the stored shape, a bare ``{fr, en}``, and ``{"text": {fr, en}}``.
    """
    if isinstance(custom, Mapping) and not is_bilingual(custom):
        custom = custom.get("text")
    if not isinstance(custom, Mapping):
        return {}
    return {
        language: custom[language]
        for language in LANGUAGES
        if isinstance(custom.get(language), str) and custom[language]
    }


def text_problems(text: str, variables: Iterable[str]) -> list[TextProblem]:
    """What is wrong with a clause text the buyer wrote; empty when it can be saved."""
    if not text.strip():
        return [TextProblem("empty")]
    if len(text) > MAX_TEXT:
        return [TextProblem("too_long", str(len(text)))]
    problems = [TextProblem("malformed_placeholder", bad) for bad in malformed_placeholders(text)]
    outside = _BRACE_PAIR.sub("", text)
    if "{{" in outside or "}}" in outside:
        problems.append(TextProblem("stray_brace", "{{" if "{{" in outside else "}}"))
    declared = set(variables)
    problems += [
        TextProblem("unknown_variable", name) for name in variables_in(text) if name not in declared
    ]
    return problems


def wording_problem(problem: TextProblem, variables: Iterable[str]) -> str:
    """A clause text's problem in plain English, for files and the command line."""
    declared = ", ".join(variables) or "none"
    messages = {
        "empty": "is empty",
        "too_long": f"has {problem.detail} characters, more than the {MAX_TEXT} allowed",
        "malformed_placeholder": f"'{problem.detail}' is not a variable: write {{{{ name }}}}",
        "stray_brace": f"'{problem.detail}' stands alone: braces only surround a variable",
        "unknown_variable": (
            f"uses {{{{ {problem.detail} }}}}, not a variable of this clause "
            f"(its variables: {declared})"
        ),
    }
    return messages[problem.code]


def adapted_text(
    library: Mapping[str, str], texts: Mapping[str, str | None]
) -> dict[str, str | None] | None:
    """What to store as ``custom_text`` for ``texts``; None when it is the library text.

    ``texts`` gives each language's wording, None meaning the library's.
    """
    stored: dict[str, str | None] = {}
    for language in LANGUAGES:
        text = texts.get(language)
        if text is None or normalise_text(text) == normalise_text(library.get(language) or ""):
            stored[language] = None
        else:
            stored[language] = normalise_text(text)
    return stored if any(stored.values()) else None
