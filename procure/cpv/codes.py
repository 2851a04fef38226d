"""CPV codes as text: parsing, normalising, hierarchy.

A CPV 2008 code is written ``XXXXXXXX-Y``: eight digits then a check digit. The
first two digits are the division, the third the group, the fourth the class and
the fifth the category; trailing zeros mark a higher level (``45000000-7`` is a
division, ``45453000-7`` a category).

The check digit is *not* computed here. The Publications Office has confirmed
that the published check digits do not follow the documented algorithm (the
2008 revision introduced errors; OP-TED/ePO discussion #589), and the official
list itself has codes such as ``71351921-2`` whose digit no checksum explains. So
a check digit is only checked against a list of known codes: the shipped
``procure/data/cpv.csv`` by default, or whatever mapping the caller passes.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from types import MappingProxyType

DEFAULT_CPV_FILE = Path(__file__).resolve().parent.parent / "data" / "cpv.csv"

CPV_PATTERN = re.compile(r"^\d{8}-\d$")
DIGITS = 8
# Dashes people paste from word processors, all read as the ASCII hyphen.
_DASHES = str.maketrans(dict.fromkeys("\u2010\u2011\u2012\u2013\u2014\u2212", "-"))
_SPACES = re.compile(r"\s+")


def parse_cpv(text: str, check_digits: Mapping[str, str] | None = None) -> str:
    """Return ``text`` as a CPV code written ``XXXXXXXX-Y``, or raise ``ValueError``.

    Spaces are ignored and any dash is accepted, so ``' 55524000 - 9 '`` gives
    ``'55524000-9'``. Eight digits without a check digit are completed from
    ``check_digits`` (code → digit; the shipped list when ``None``). A check digit
    that contradicts ``check_digits`` is an error; for a code the mapping does not
    know, only the format is checked. Pass ``{}`` to check the format only.
    """
    if not isinstance(text, str):
        raise TypeError(f"a CPV code must be text, not {type(text).__name__}")
    known = known_check_digits() if check_digits is None else check_digits
    compact = _SPACES.sub("", text.translate(_DASHES))
    if not compact:
        raise ValueError("the CPV code is empty")
    code, dash, digit = compact.partition("-")
    if not code.isdigit() or not code.isascii():
        raise ValueError(f"CPV code {text.strip()!r}: the code must be eight digits")
    if len(code) != DIGITS:
        raise ValueError(
            f"CPV code {text.strip()!r}: the code has {len(code)} digit(s); it must have 8"
        )
    if not dash:
        if code in known:
            return f"{code}-{known[code]}"
        raise ValueError(
            f"CPV code {code}: the check digit is missing and the code is not in the known "
            f"list; write it as {code}-Y"
        )
    if len(digit) != 1 or not digit.isdigit() or not digit.isascii():
        raise ValueError(f"CPV code {text.strip()!r}: after the dash there must be one check digit")
    expected = known.get(code)
    if expected is not None and expected != digit:
        raise ValueError(
            f"CPV code {code}-{digit}: the check digit {digit} is wrong; {code} has check digit "
            f"{expected}"
        )
    return f"{code}-{digit}"


def is_cpv_format(text: str) -> bool:
    """True when ``text`` is exactly ``XXXXXXXX-Y`` (no normalisation, no lookup)."""
    return bool(CPV_PATTERN.match(text))


def division(code: str) -> str:
    """The two-digit division of a code: ``division('45453000-7') == '45'``."""
    return _eight_digits(code)[:2]


def stem(code: str) -> str:
    """The significant digits of a code: its eight digits less trailing zeros, at least two.

    ``stem('45453000-7') == '45453'``; ``stem('03000000-1') == '03'``.
    """
    digits = _eight_digits(code).rstrip("0")
    return digits if len(digits) >= 2 else _eight_digits(code)[:2]


def level(code: str) -> int:
    """The depth in the tree: 1 for a division, 2 for a group, … up to 7."""
    return len(stem(code)) - 1


def matches_prefix(code: str, prefix: str) -> bool:
    """True when ``code`` falls under ``prefix``.

    ``prefix`` is either digits typed by a user (``'4545'`` matches ``45453000-7``)
    or a full code, which stands for its whole branch: ``'45000000-7'`` matches
    every code of division 45 and ``'45453000'`` every code below category 45453.
    """
    compact = _SPACES.sub("", prefix.translate(_DASHES))
    digits, _, _ = compact.partition("-")
    if not digits.isdigit() or not digits.isascii() or len(digits) > DIGITS:
        raise ValueError(f"CPV prefix {prefix.strip()!r}: it must be one to eight digits")
    if len(digits) == DIGITS:
        digits = stem(digits)
    return _eight_digits(code).startswith(digits)


def _eight_digits(code: str) -> str:
    digits = code.strip().partition("-")[0].strip()
    if len(digits) != DIGITS or not digits.isdigit() or not digits.isascii():
        raise ValueError(f"CPV code {code.strip()!r}: the code must be eight digits")
    return digits


@cache
def known_check_digits() -> Mapping[str, str]:
    """Code → check digit for every code in the shipped list (read once, never changes)."""
    with DEFAULT_CPV_FILE.open(encoding="utf-8", newline="") as handle:
        return MappingProxyType(
            {row["code"][:DIGITS]: row["code"][DIGITS + 1 :] for row in csv.DictReader(handle)}
        )
