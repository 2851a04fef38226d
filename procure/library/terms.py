"""Terms the clauses use, each defined once (``terms.yaml``), and which clauses use them.

A clause uses a term when its legal basis cites one of the term's references (a
reservation under L2113-13 uses "SIAE") or when its title or text holds one of the
term's words. The CCAP defines, before the clauses, exactly the terms the chosen
clauses use (``procure/documents/parts.py``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from procure.library.content import ClauseContent
from procure.library.legal import LANGUAGES, LegalReference, find_reference

TERMS_PATH = Path(__file__).with_name("terms.yaml")


@dataclass(frozen=True)
class Term:
    key: str
    name: Mapping[str, str]  # "SIAE", "Commerce équitable"
    definition: Mapping[str, str]  # our wording, in French and English (clause markup)
    source: LegalReference
    references: frozenset[tuple[str, str | None]]  # citing one of these uses the term
    words: tuple[str, ...]  # finding one of these in a clause's title or text uses it

    def is_used(self, legal_basis: Iterable[tuple[str, str | None]], texts: Iterable[str]) -> bool:
        if any(reference in self.references for reference in legal_basis):
            return True
        return any(_pattern(word).search(_plain(text)) for text in texts for word in self.words)

    def is_used_by(self, content: ClauseContent) -> bool:
        return self.is_used(
            ((basis.code, basis.article) for basis in content.legal_basis),
            (*content.title.values(), *content.text.values()),
        )


def _plain(text: str) -> str:
    return text.replace("\u2019", "'")


@cache
def _pattern(word: str) -> re.Pattern[str]:
    """A whole word or phrase; an acronym ("EA") only in capitals, so that it never
    matches inside an ordinary word."""
    flags = 0 if word.isupper() else re.IGNORECASE
    return re.compile(rf"(?<!\w){re.escape(_plain(word))}(?!\w)", flags)


def parse_terms(data: Mapping[str, Any]) -> dict[str, Term]:
    """The terms of terms.yaml; a bad entry raises ``ValueError`` naming term and field."""
    terms = {}
    for key, entry in data.items():
        where = f"terms.yaml, {key}"
        if not isinstance(entry, Mapping):
            raise ValueError(f"{where}: must be a mapping")
        name = _bilingual(entry.get("name"), f"{where}.name")
        definition = _bilingual(entry, f"{where}.fr/en")
        source = _reference(entry.get("source"), f"{where}.source")
        revealed = entry.get("revealed_by")
        if not isinstance(revealed, Mapping):
            raise ValueError(f"{where}.revealed_by: must list `references` and `words`")
        references = {(source.code, source.article)}
        for index, item in enumerate(revealed.get("references") or ()):
            found = _reference(item, f"{where}.revealed_by.references[{index}]")
            references.add((found.code, found.article))
        words = revealed.get("words") or ()
        if not isinstance(words, list) or any(
            not isinstance(word, str) or not word.strip() for word in words
        ):
            raise ValueError(f"{where}.revealed_by.words: must be a list of words")
        terms[key] = Term(
            key=key,
            name=name,
            definition=definition,
            source=source,
            references=frozenset(references),
            words=tuple(words),
        )
    return terms


def _bilingual(value: Any, where: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or any(
        not isinstance(value.get(language), str) or not value[language].strip()
        for language in LANGUAGES
    ):
        raise ValueError(f"{where}: needs a French and an English text")
    return {language: value[language] for language in LANGUAGES}


def _reference(value: Any, where: str) -> LegalReference:
    if not isinstance(value, Mapping) or "code" not in value:
        raise ValueError(f"{where}: must be {{code, article}}")
    article = value.get("article")
    reference = find_reference(str(value["code"]), None if article is None else str(article))
    if reference is None:
        raise ValueError(f"{where}: {value['code']} {article} is not in legal_bases.yaml")
    return reference


@cache
def load_terms() -> dict[str, Term]:
    data = yaml.safe_load(TERMS_PATH.read_text(encoding="utf-8"))
    return parse_terms(data)


def terms_used(
    clauses: Iterable[tuple[Iterable[tuple[str, str | None]], Iterable[str]]],
) -> list[Term]:
    """The terms that clauses, each given as (legal basis, texts), use: each once, in
    the order of terms.yaml."""
    clauses = [(tuple(basis), tuple(texts)) for basis, texts in clauses]
    return [
        term
        for term in load_terms().values()
        if any(term.is_used(basis, texts) for basis, texts in clauses)
    ]
