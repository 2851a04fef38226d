"""French and English typography, applied to text when it is shown (issue 15).

Clause files, buyers' texts and translations are written with ordinary keyboard
characters; ``typeset`` turns them into typeset text once, where a page or a
Word document shows them, so the data stays easy to write and to compare.

French:

- a narrow no-break space (U+202F) before ``; : ! ? %`` and inside ``« »``,
  replacing a plain or no-break space or inserted where there is none
  (``note:`` → ``note :``, ``«mot»`` → ``« mot »``);
- thousands groups joined by a narrow no-break space (``12 500``), and a
  number joined to its unit: narrow before ``%``, ``€`` and ``h``, as
  ``procure.formatting`` writes them, a no-break space (U+00A0) before a word
  or an abbreviation (``30 jours``, ``5 kg``);
- the straight apostrophe ``'`` becomes ``’``;
- a code article is written as French legal texts write it: ``L2113-13`` →
  ``L.\u00a02113-13`` (a no-break space, so the number never starts a line), the way
  ``procure.library.legal`` cites it; ``L. 2113-13`` gets the same no-break space.

English: no space before ``% ; : ! ?`` (``40 %`` → ``40%``), curly quotes
(``"`` → ``“ ”``, ``'`` → ``‘ ’``), a no-break space between a number and its
unit.

Never touched: web and e-mail addresses, ``{{ variable }}`` placeholders,
``::``, times (``10:30``) and codes (``55524000-9``, ``L2113-13`` in English); letters
and digits are never changed, only spaces and punctuation marks; ``...`` stays
three full stops. Typesetting twice gives the same text as typesetting once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from procure.formatting import NBSP, NNBSP, check_language

_SPACE = "[ \u00a0\u202f]"  # the spaces the rules replace; never a line break
_HOLE = "\ue000"  # stands in for a protected span while the rules run
_PROTECTED = re.compile(
    r"https?://[^\s<>\"«»]*[^\s<>\"«».,;:!?)\]]"  # a web address, without the punctuation after it
    r"|www\.[^\s<>\"«»]*[^\s<>\"«».,;:!?)\]]"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # an e-mail address
    r"|\{\{.*?\}\}|\{%.*?%\}"  # a placeholder (a value will go there) or a template tag
    rf"|{_HOLE}"  # the stand-in itself, should a text hold it, is given back as typed
)
_NUMBER = rf"[\d{_HOLE}]"  # a digit, or a placeholder, which holds a number before a unit
_HAS_NUMBER = re.compile(_NUMBER)
_HAS_HIGH_MARK = re.compile("[;:!?]")
_ENDS_A_WORD = re.compile(rf"[\w{_HOLE})\]»”’%.]")  # may stand right before a French ";:!?"

# The rules start on a character they need (a digit, a space, a mark) rather than
# on a lookbehind, and check what comes before in Python: a regex that opens with a
# lookbehind is tried at every position of the text, and documents hold thousands
# of paragraphs.


def _units(words: str) -> str:
    """A regex matching one of ``words`` as a whole word."""
    return "(?:" + "|".join(re.escape(word) for word in words.split()) + r")(?!\w)"


# French: narrow space before the symbols procure.formatting writes that way; a
# no-break space before a unit written as a word or an abbreviation.
_FR_TIGHT_UNIT = re.compile(rf"({_NUMBER}){_SPACE}*(?=[%€]|h(?!\w))")
_FR_WORD_UNIT = re.compile(
    rf"({_NUMBER}){_SPACE}+(?="
    + _units(
        "heures heure jours jour semaines semaine mois ans an années année minutes min "
        "km kg t m² m³ m2 m3 kWh MWh GWh points point pts pt personnes ETP"
    )
    + ")"
)
_FR_THOUSANDS = re.compile(rf"\d+(?:{_SPACE}\d{{3}})+(?!\w)")
_FR_OPENING_GUILLEMET = re.compile(rf"«{_SPACE}*(?=\S)")
_FR_CLOSING_GUILLEMET = re.compile(rf"(?<=\S){_SPACE}*»")
# A code article: L, R or D, then the number with at least one dash (L2113-13, R2111-14,
# D543-278), standing alone (not inside a word, an identifier or a path).
_FR_CODE_ARTICLE = re.compile(r"([LRD])\.?[ \u00a0]?(\d{3,4}(?:-\d+)+)(?![\w-])")
_INSIDE_A_NAME = re.compile(r"[\w./-]")
_SPACE_BEFORE_MARK = re.compile(rf"{_SPACE}+(?=[;!?]|:(?!:))")  # "::" is kept as it is
# A mark with no space before it gets one only when it ends a word and is followed
# by a space or the end: "10:30", "https:", "a::b" and "fr;en" are left alone.
_FR_BARE_MARK = re.compile(r"[;:!?](?=\s|$|[»”)\]\"’.,;!?])")

_EN_UNIT = re.compile(
    rf"({_NUMBER}){_SPACE}+(?="
    + _units(
        "hours hour h days day weeks week months month years year minutes min "
        "km kg t m² m³ m2 m3 kWh MWh GWh points point pts pt people FTE"
    )
    + ")"
)
_EN_SPACE_BEFORE_PERCENT = re.compile(rf"({_NUMBER}){_SPACE}+(?=%)")
_EN_CLOSING_APOSTROPHE = re.compile(r"(?<=[\w.,!?])'")  # it's, the buyers', 'word.'
_EN_OPENING_QUOTE = re.compile(r"(?:^|(?<=[\s(\[{“‘—–-]))'(?=\w)")  # 'word
_EN_OPENING_DOUBLE = re.compile(r"(?:^|(?<=[\s(\[{‘—–-]))\"")


@lru_cache(maxsize=4096)  # the library's sentences come back in every document
def typeset(text: str, language: str) -> str:
    """``text`` with the typography of ``language`` (``"fr"`` or ``"en"``); see the module."""
    check_language(language)
    if not text:
        return text
    protected: list[str] = []

    def hide(match: re.Match[str]) -> str:
        protected.append(match.group(0))
        return _HOLE

    if any(marker in text for marker in ("://", "www.", "@", "{", _HOLE)):
        text = _PROTECTED.sub(hide, text)
    text = _french(text) if language == "fr" else _english(text)
    if protected:
        pieces = iter(protected)
        text = re.sub(_HOLE, lambda _: next(pieces), text)
    return text


def _after_text(replacement: str) -> Callable[[re.Match[str]], str]:
    """Replace the spaces matched by ``replacement`` when they follow text (not a line
    start or more spaces)."""

    def replace(match: re.Match[str]) -> str:
        start = match.start()
        if start and not match.string[start - 1].isspace():
            return replacement
        return match.group(0)

    return replace


def _thousands(match: re.Match[str]) -> str:
    """``12 500`` joined by narrow spaces, unless the first group is not one of 1 to 3
    digits starting a number (``L2113 100``, ``0,123 456``)."""
    start = match.start()
    first = re.match(r"\d+", match.group(0))
    assert first is not None
    if len(first.group(0)) > 3 or (start and re.match(r"[\w.,]", match.string[start - 1])):
        return match.group(0)
    return re.sub(_SPACE, NNBSP, match.group(0))


def _code_article(match: re.Match[str]) -> str:
    start = match.start()
    if start and _INSIDE_A_NAME.match(match.string[start - 1]):
        return match.group(0)
    return f"{match.group(1)}.{NBSP}{match.group(2)}"


def _spaced_mark(match: re.Match[str]) -> str:
    start = match.start()
    if start and _ENDS_A_WORD.match(match.string[start - 1]):
        return NNBSP + match.group(0)
    return match.group(0)


def _french(text: str) -> str:
    text = text.replace("'", "’")
    if _HAS_NUMBER.search(text):
        text = _FR_CODE_ARTICLE.sub(_code_article, text)
        text = _FR_THOUSANDS.sub(_thousands, text)
        text = _FR_TIGHT_UNIT.sub(rf"\1{NNBSP}", text)
        text = _FR_WORD_UNIT.sub(rf"\1{NBSP}", text)
    if "«" in text:
        text = _FR_OPENING_GUILLEMET.sub("«" + NNBSP, text)
    if "»" in text:
        text = _FR_CLOSING_GUILLEMET.sub(NNBSP + "»", text)
    if _HAS_HIGH_MARK.search(text):
        text = _SPACE_BEFORE_MARK.sub(_after_text(NNBSP), text)
        text = _FR_BARE_MARK.sub(_spaced_mark, text)
    return text


def _english(text: str) -> str:
    if "'" in text:
        text = _EN_CLOSING_APOSTROPHE.sub("’", text)
        text = _EN_OPENING_QUOTE.sub("‘", text)
        text = text.replace("'", "’")
    if '"' in text:
        text = _EN_OPENING_DOUBLE.sub("“", text)
        text = text.replace('"', "”")
    if _HAS_NUMBER.search(text):
        text = _EN_SPACE_BEFORE_PERCENT.sub(r"\1", text)
        text = _EN_UNIT.sub(rf"\1{NBSP}", text)
    if _HAS_HIGH_MARK.search(text):
        text = _SPACE_BEFORE_MARK.sub(_after_text(""), text)
    return text
