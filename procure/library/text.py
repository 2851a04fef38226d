"""Clause text helpers: variables, hashing, search normalisation, language projection."""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from typing import Any

from procure.vocabulary import LANGUAGES

VARIABLE_PATTERN = re.compile(r"\{\{\s*([a-z][a-z0-9_]*)\s*\}\}")
ANY_PLACEHOLDER = re.compile(r"\{\{.*?\}\}")
SEARCH_WORD = re.compile(r"[a-z0-9]+")


def variables_in(text: str) -> list[str]:
    """The variable names a text uses, in order of first appearance."""
    seen: dict[str, None] = {}
    for match in VARIABLE_PATTERN.finditer(text):
        seen.setdefault(match.group(1), None)
    return list(seen)


def malformed_placeholders(text: str) -> list[str]:
    """Placeholders that look like variables but are not ``{{ snake_case }}``."""
    return [
        m.group(0)
        for m in ANY_PLACEHOLDER.finditer(text)
        if not VARIABLE_PATTERN.fullmatch(m.group(0))
    ]


def is_bilingual(value: Any) -> bool:
    return isinstance(value, dict) and set(value) == set(LANGUAGES)


def project(value: Any, language: str) -> Any:
    """``value`` with every ``{fr, en}`` mapping replaced by its text in ``language``."""
    if is_bilingual(value):
        return value[language]
    if isinstance(value, dict):
        return {key: project(item, language) for key, item in value.items()}
    if isinstance(value, list):
        return [project(item, language) for item in value]
    return value


def translated_texts(value: Any, language: str, path: str = "") -> dict[str, str]:
    """Every ``{fr, en}`` text of ``value`` in ``language``, by where it sits."""
    if is_bilingual(value):
        return {path: value[language]}
    texts: dict[str, str] = {}
    if isinstance(value, dict):
        for key, item in value.items():
            texts.update(translated_texts(item, language, f"{path}.{key}"))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            texts.update(translated_texts(item, language, f"{path}[{index}]"))
    return texts


def content_hash(value: Any) -> str:
    canonical = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def normalise_for_search(text: str) -> str:
    """Lower case, without accents or punctuation: "Équité" and "equite" match."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    if decomposed.isascii():
        without_marks = decomposed
    elif max(decomposed) <= "\uffff":
        without_marks = _combining_marks().sub("", decomposed)
    else:  # beyond the first plane: character by character
        without_marks = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^\w]+", " ", without_marks.replace("{{", " ").replace("}}", " ")).strip()


@functools.cache
def _combining_marks() -> re.Pattern[str]:
    """The combining marks of the first Unicode plane, as one character class: one
    regular-expression pass instead of a Python loop over each character."""
    marks = [chr(code) for code in range(0x10000) if unicodedata.combining(chr(code))]
    return re.compile("[" + "".join(re.escape(mark) for mark in marks) + "]+")


def search_words(text: str) -> list[str]:
    """The words full-text search indexes and looks for: ``[a-z0-9]+`` once normalised."""
    return SEARCH_WORD.findall(normalise_for_search(text))
