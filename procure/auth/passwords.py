"""What a password must be: long enough, and not one that attackers try first.

The rules follow NIST SP 800-63B: a minimum length, no composition rules, and a
check against a list of the most common passwords (``common_passwords.txt``,
which includes French favourites such as « azerty » and « soleil »). A common
password stays refused when digits or symbols are added at its end
(« Motdepasse2024! »), because that is the first variant attackers try.
"""

from __future__ import annotations

import re
from enum import StrEnum
from functools import cache
from pathlib import Path

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
MIN_DISTINCT_CHARACTERS = 4
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
_TRAILING_DIGITS_AND_SYMBOLS = re.compile(r"[\d\W_]+$")


class PasswordProblem(StrEnum):
    TOO_SHORT = "too_short"
    TOO_LONG = "too_long"
    COMMON = "common"
    TOO_SIMPLE = "too_simple"
    LIKE_EMAIL = "like_email"


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def is_common(password: str) -> bool:
    """Whether ``password`` is a common password, perhaps followed by digits or symbols."""
    lowered = password.strip().lower()
    known = common_passwords()
    if lowered in known:
        return True
    stem = _TRAILING_DIGITS_AND_SYMBOLS.sub("", lowered)
    return bool(stem) and stem != lowered and stem in known


def password_problem(password: str, email: str | None = None) -> PasswordProblem | None:
    """Why ``password`` cannot be used (for the account ``email``), or None when it can."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return PasswordProblem.TOO_SHORT
    if len(password) > MAX_PASSWORD_LENGTH:
        return PasswordProblem.TOO_LONG
    if len(set(password.lower())) < MIN_DISTINCT_CHARACTERS:
        return PasswordProblem.TOO_SIMPLE
    if email:
        lowered = password.strip().lower()
        address = email.strip().lower()
        if lowered in (address, address.partition("@")[0]):
            return PasswordProblem.LIKE_EMAIL
    if is_common(password):
        return PasswordProblem.COMMON
    return None
