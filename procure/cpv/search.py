"""Finding CPV codes by code prefix or by words of their label.

Digits search by code prefix (``4545`` finds ``45450000-6`` and what lies below).
Words search the label in the chosen language, ignoring case and accents: every
word typed must start a word of the label, in any order (``nett bur`` finds
« Services de nettoyage de bureaux », ``ecole`` finds « écoles »). Codes higher in
the tree come first, then by code.

Accents cannot be ignored in SQL the same way on SQLite and PostgreSQL, so the
database only narrows the candidates with letters that never carry an accent
(``nettoyage`` → ``LIKE '%tt%g%'``) and Python decides on the folded labels. The
table holds at most the ten thousand or so codes of the full vocabulary. With
10 000 rows the worst queries (``eau``, ``services``: nothing to narrow on, or
every label matching) took 12–16 ms on SQLite and on PostgreSQL, narrowed ones
about 3 ms and code prefixes under 1 ms; the first search of a process also
folds each label once (about 5 ms more), after which folded labels are cached.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import lru_cache

from sqlalchemy import ColumnElement, and_, func, select
from sqlalchemy.orm import Session

from procure.cpv.codes import DIGITS, known_check_digits, level
from procure.models import CpvCode

LANGUAGES = ("fr", "en")
_WORD = re.compile(r"[^\W_]+")
_CODE_QUERY = re.compile(r"^[\d\s\-\u2010-\u2014]+$")
# Letters and digits that no French or English label writes with an accent or
# inside a ligature: a label containing the folded word contains them as they are.
_PLAIN_CHARACTERS = frozenset("bdfghjklmpqrstvwxz0123456789")
# Ligatures spelt out, typographic punctuation read as a space, before accents go.
_BEFORE_FOLDING = str.maketrans(
    {"œ": "oe", "æ": "ae", "Œ": "oe", "Æ": "ae"}
    | dict.fromkeys("\u2018\u2019\u201c\u201d\u00ab\u00bb\u2013\u2014\u00a0\u202f", " ")
)


def search_cpv(session: Session, query: str, language: str, limit: int = 20) -> list[CpvCode]:
    """Codes matching ``query``: digits by code prefix, otherwise label words in ``language``."""
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r}; use one of {', '.join(LANGUAGES)}")
    if limit < 1:
        return []
    query = query.strip()
    if not query:
        return []
    if _CODE_QUERY.match(query):
        codes = _codes_by_prefix(session, query)
    else:
        codes = _codes_by_words(session, query, language)
    chosen = sorted(codes, key=_tree_order)[:limit]
    if not chosen:
        return []
    found = {
        cpv.code: cpv for cpv in session.scalars(select(CpvCode).where(CpvCode.code.in_(chosen)))
    }
    return [found[code] for code in chosen if code in found]


@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower case without accents or ligatures: ``fold('Œufs ÉCOLE') == 'oeufs ecole'``.

    Letters outside Latin script are dropped. Cached: the same labels are folded
    for every search, and a label's folded form never changes.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_BEFORE_FOLDING).casefold())
    return decomposed.encode("ascii", "ignore").decode("ascii")


def label_words(text: str) -> list[str]:
    """The folded words of a label or query; apostrophes and hyphens separate words."""
    return _WORD.findall(fold(text))


def label_matches(label: str, words: list[str]) -> bool:
    """True when every folded query word starts some word of ``label``."""
    return _matcher(words)(label)


def _matcher(words: list[str]) -> Callable[[str], bool]:
    starts = [re.compile(rf"(?<![^\W_]){re.escape(word)}") for word in words]

    def matches(label: str) -> bool:
        folded = fold(label)
        # The substring test is cheap and rules most labels out.
        return all(word in folded for word in words) and all(
            start.search(folded) for start in starts
        )

    return matches


def _codes_by_prefix(session: Session, query: str) -> list[str]:
    digits = "".join(char for char in query if char.isdigit())[:DIGITS]
    if not digits:
        return []
    return list(session.scalars(select(CpvCode.code).where(CpvCode.code.like(f"{digits}%"))))


def _codes_by_words(session: Session, query: str, language: str) -> list[str]:
    words = label_words(query)
    if not words:
        return []
    label = CpvCode.label_fr if language == "fr" else CpvCode.label_en
    statement = select(CpvCode.code, label)
    narrowing = [_narrowing(label, word) for word in words]
    narrowing = [condition for condition in narrowing if condition is not None]
    if narrowing:
        statement = statement.where(and_(*narrowing))
    matches = _matcher(words)
    return [code for code, text in session.connection().execute(statement) if matches(text)]


def _narrowing(label: ColumnElement[str], word: str) -> ColumnElement[bool] | None:
    """A LIKE that every label containing ``word`` (accents and case aside) satisfies.

    Letters that may carry an accent become ``%``, so ``nettoyage`` gives
    ``%tt%g%``. Returns ``None`` when no such letter is left to narrow on.
    """
    pattern = "".join(char if char in _PLAIN_CHARACTERS else "%" for char in word)
    pattern = re.sub("%+", "%", f"%{pattern}%")
    if pattern == "%":
        return None
    return func.lower(label).like(pattern)


def _tree_order(code: str) -> tuple[int, str]:
    return level(code), code


def check_digits_of(session: Session, codes: list[str]) -> dict[str, str]:
    """The check digit of each of ``codes`` (eight digits) that procure knows: as loaded
    in the database (the official vocabulary once ``load-cpv`` imported it), else from
    the list shipped with procure."""
    shipped = known_check_digits()
    found = {code: shipped[code] for code in codes if code in shipped}
    for code, digit in session.execute(
        select(CpvCode.code, CpvCode.check_digit).where(CpvCode.code.in_(codes))
    ):
        found[code] = digit
    return found
