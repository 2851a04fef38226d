"""Search synonyms: a buyer's everyday words ("cantine", "bio", "seconde main") find the
library's words for the same thing ("restauration scolaire", "agriculture biologique",
"réemploi").

A group lists terms of one language. In a two-way group each term finds the others; in
a one-way group only the first term finds the others. The reference groups ship in
``synonyms.yaml`` (``flask load-synonyms``); an organisation's legal staff add their own
on the web. Matching ignores case and accents like the rest of the search
(``normalise_for_search``).

Groups never suggest a geographic preference ("circuit court" ↔ "produits locaux"):
preferring local suppliers is unlawful in public procurement.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any, NamedTuple

import yaml
from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.orm import Session

from procure.errors import ProcureError
from procure.library.text import search_words
from procure.library.yamlsafe import read_yaml_file
from procure.models import SearchSynonym
from procure.vocabulary import LANGUAGES

SYNONYMS_PATH = Path(__file__).with_name("synonyms.yaml")
MAX_TERM_LENGTH = 60
MAX_TERMS = 12
# A synonym's words shorter than this match whole words only: "EA" (entreprise
# adaptée) must not find "eau". The buyer's other words keep matching as prefixes.
MIN_PREFIX = 4
# A span of the buyer's words matched by many groups still makes a bounded query.
MAX_ALTERNATIVES = 24


class Flaw(StrEnum):
    EMPTY = "empty"
    TOO_LONG = "too_long"
    NO_WORD = "no_word"
    SINGLE = "single"
    REPEATED = "repeated"
    TOO_MANY = "too_many"


ENGLISH_FLAWS = {
    Flaw.EMPTY: "is empty",
    Flaw.TOO_LONG: f"'{{term}}' is longer than {MAX_TERM_LENGTH} characters",
    Flaw.NO_WORD: "'{term}' has no letter or digit",
    Flaw.SINGLE: "a group needs at least two different terms",
    Flaw.REPEATED: "'{term}' is given twice",
    Flaw.TOO_MANY: f"a group holds at most {MAX_TERMS} terms",
}


@dataclass(frozen=True)
class TermProblem:
    """What is wrong with a group: ``field`` is ``term`` (the first term) or ``synonyms``
    (the others)."""

    field: str
    flaw: Flaw
    term: str = ""

    def english(self) -> str:
        return ENGLISH_FLAWS[self.flaw].format(term=self.term)


def term_words(term: str) -> tuple[str, ...]:
    """A term's words as the search sees them: lower case, without accents."""
    return tuple(search_words(term))


def split_terms(text: str) -> list[str]:
    """The terms of a form field: one per line or separated by commas; blanks dropped."""
    return [piece.strip() for piece in re.split(r"[\n,;]", text) if piece.strip()]


def check_group(term: str, others: Sequence[str]) -> list[TermProblem]:
    """Every problem of a group whose first term is ``term``."""
    problems: list[TermProblem] = []
    seen: set[tuple[str, ...]] = set()
    for field, typed in [("term", term), *(("synonyms", other) for other in others)]:
        value = typed.strip()
        words = term_words(value)
        if not value:
            problems.append(TermProblem(field, Flaw.EMPTY))
        elif len(value) > MAX_TERM_LENGTH:
            problems.append(TermProblem(field, Flaw.TOO_LONG, value[:MAX_TERM_LENGTH] + "…"))
        elif not words:
            problems.append(TermProblem(field, Flaw.NO_WORD, value))
        elif words in seen:
            problems.append(TermProblem(field, Flaw.REPEATED, value))
        seen.add(words)
    if not any(other.strip() for other in others):
        problems.append(TermProblem("synonyms", Flaw.SINGLE))
    elif len(others) + 1 > MAX_TERMS:
        problems.append(TermProblem("synonyms", Flaw.TOO_MANY))
    return problems


# -- expanding a query ------------------------------------------------------------------


class SearchWord(NamedTuple):
    text: str  # normalised
    prefix: bool  # also finds longer words ("cantine" finds "cantines")


class Alternative(NamedTuple):
    """Words that must all be found: side by side and in order when ``phrase`` (a
    synonym: "clause sociale" is not "clause" here and "sociale" there), anywhere
    otherwise (the words the buyer typed, as in a search without synonyms)."""

    words: tuple[SearchWord, ...]
    phrase: bool = False


Concept = tuple[Alternative, ...]  # one alternative must be found


@dataclass(frozen=True)
class SynonymGroup:
    """A group as the search uses it: each term's normalised words."""

    terms: tuple[tuple[str, ...], ...]
    one_way: bool = False

    @classmethod
    def of(cls, terms: Sequence[str], one_way: bool = False) -> SynonymGroup:
        return cls(tuple(words for words in map(term_words, terms) if words), one_way)

    @property
    def leads(self) -> tuple[tuple[str, ...], ...]:
        """The terms that find the others."""
        return self.terms[:1] if self.one_way else self.terms


def expand(tokens: Sequence[str], groups: Sequence[SynonymGroup]) -> list[Concept]:
    """The buyer's words as concepts to find, all of them (AND): a word or a run of words
    that a group's term names may be found as typed or as any other term of the group
    (OR). At each position the longest term wins ("seconde main" before "main")."""
    concepts: list[Concept] = []
    position = 0
    while position < len(tokens):
        length, found = _longest_lead(tokens[position:], groups)
        if not length:
            concepts.append((Alternative((SearchWord(tokens[position], True),)),))
            position += 1
            continue
        typed = tuple(tokens[position : position + length])
        alternatives = [Alternative(tuple(SearchWord(t, len(t) >= MIN_PREFIX) for t in typed))]
        seen = {typed}
        for group in found:
            for words in group.terms:
                if words not in seen and len(alternatives) < MAX_ALTERNATIVES:
                    seen.add(words)
                    alternatives.append(
                        Alternative(
                            tuple(SearchWord(word, len(word) >= MIN_PREFIX) for word in words),
                            phrase=len(words) > 1,
                        )
                    )
        concepts.append(tuple(alternatives))
        position += length
    return concepts


def _longest_lead(
    tokens: Sequence[str], groups: Sequence[SynonymGroup]
) -> tuple[int, list[SynonymGroup]]:
    length = 0
    found: list[SynonymGroup] = []
    for group in groups:
        for lead in group.leads:
            if len(lead) < length or not _names(lead, tokens[: len(lead)]):
                continue
            if len(lead) > length:
                length, found = len(lead), []
            if group not in found:
                found.append(group)
    return length, found


def _names(lead: tuple[str, ...], tokens: Sequence[str]) -> bool:
    """Whether the buyer's ``tokens`` are the term ``lead``, a plural in -s or -x allowed."""
    return len(tokens) == len(lead) and all(
        token in (word, f"{word}s", f"{word}x") for word, token in zip(lead, tokens, strict=True)
    )


# -- the groups in the database -----------------------------------------------------------


def visible_synonyms(organisation_id: int | None) -> ColumnElement[bool]:
    """The groups an organisation's searches use: the reference set and its own."""
    reference: ColumnElement[bool] = SearchSynonym.organisation_id.is_(None)
    if organisation_id is None:
        return reference
    return reference | (SearchSynonym.organisation_id == organisation_id)


def synonym_groups(
    session: Session, organisation_id: int | None, language: str
) -> list[SynonymGroup]:
    rows = session.scalars(
        select(SearchSynonym)
        .where(SearchSynonym.language == language, visible_synonyms(organisation_id))
        .order_by(SearchSynonym.id)
    )
    return [SynonymGroup.of(row.terms, row.one_way) for row in rows]


# -- the reference file -------------------------------------------------------------------


class SynonymFileError(ProcureError):
    """The synonyms file is invalid; ``problems`` says where, each naming its entry."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True)
class SynonymEntry:
    language: str
    terms: tuple[str, ...]
    one_way: bool


def read_synonyms(path: Path = SYNONYMS_PATH) -> list[SynonymEntry]:
    """The groups of a synonyms file, every problem reported at once.

    The file maps a language to a list of groups: a list of terms is a two-way group;
    ``{term: cantine, expands_to: [restauration scolaire]}`` a one-way one."""
    try:
        data = read_yaml_file(path)
    except (OSError, yaml.YAMLError) as error:
        message = " ".join(str(error).split())
        raise SynonymFileError([f"{path.name}: cannot be read: {message}"]) from error
    if not isinstance(data, dict) or not data:
        raise SynonymFileError([f"{path.name}: must map a language (fr, en) to groups"])
    entries: list[SynonymEntry] = []
    problems: list[str] = []
    for language, groups in data.items():
        where = f"{path.name}: {language}"
        if language not in LANGUAGES:
            problems.append(f"{where}: unknown language; use {', '.join(LANGUAGES)}")
            continue
        if not isinstance(groups, list):
            problems.append(f"{where}: must be a list of groups")
            continue
        for index, group in enumerate(groups):
            entry, found = _entry(language, group)
            problems.extend(f"{where}[{index}]: {problem}" for problem in found)
            if entry is not None:
                entries.append(entry)
    if problems:
        raise SynonymFileError(problems)
    return entries


def _entry(language: str, group: Any) -> tuple[SynonymEntry | None, list[str]]:
    if isinstance(group, list):
        one_way, terms = False, group
    elif isinstance(group, dict) and set(group) == {"term", "expands_to"}:
        expansions = group["expands_to"]
        if not isinstance(expansions, list):
            expansions = [expansions]
        one_way, terms = True, [group["term"], *expansions]
    else:
        return None, ["a group is a list of terms or {term: …, expands_to: [...]}"]
    if not all(isinstance(term, str) for term in terms):
        return None, ["every term must be a text"]
    problems = [
        f"{problem.field}: {problem.english()}" for problem in check_group(terms[0], terms[1:])
    ]
    if problems:
        return None, problems
    return SynonymEntry(language, tuple(term.strip() for term in terms), one_way), []


def load_synonyms(session: Session, path: Path = SYNONYMS_PATH) -> int:
    """Replace the reference groups with the file's; organisations' groups stay."""
    entries = read_synonyms(path)
    session.execute(delete(SearchSynonym).where(SearchSynonym.organisation_id.is_(None)))
    session.add_all(
        SearchSynonym(
            organisation_id=None,
            language=entry.language,
            terms=list(entry.terms),
            one_way=entry.one_way,
        )
        for entry in entries
    )
    session.flush()
    return len(entries)
