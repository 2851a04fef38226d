"""Checking the fields of one rule file, collecting every problem instead of stopping.

The same habits as the clause schema (``procure.library.schema``): each problem
names the file and the field, and a checker keeps going after a bad field so an
author fixes a file in one go.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any, TypeVar

from procure.library.schema import Problem

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CPV_PREFIX = re.compile(r"^\d{2,8}$")
NAME = re.compile(r"^[a-z][a-z0-9_]*$")

E = TypeVar("E", bound=StrEnum)


class FieldChecker:
    """Reads values out of one rule file and records what is wrong with them.

    Each reader returns the checked value, or ``None`` after recording a problem.
    ``clause_slugs``, when given, are the clause slugs (file ids) a rule may name.
    """

    def __init__(self, path: str, clause_slugs: frozenset[str] | None = None) -> None:
        self.path = path
        self.clause_slugs = clause_slugs
        self.problems: list[Problem] = []

    def problem(self, field: str, message: str) -> None:
        self.problems.append(Problem(self.path, field, message))

    def bilingual(self, field: str, value: Any) -> dict[str, str] | None:
        if not isinstance(value, dict):
            self.problem(field, "must be a mapping with 'fr' and 'en' texts")
            return None
        ok = True
        for language in ("fr", "en"):
            text = value.get(language)
            if not isinstance(text, str) or not text.strip():
                what = "French text" if language == "fr" else "English translation"
                self.problem(f"{field}.{language}", f"missing {what}")
                ok = False
        for extra in sorted(set(value) - {"fr", "en"}):
            self.problem(f"{field}.{extra}", "unknown language; use 'fr' and 'en'")
            ok = False
        return {"fr": value["fr"].strip(), "en": value["en"].strip()} if ok else None

    def boolean(self, field: str, value: Any) -> bool | None:
        if not isinstance(value, bool):
            self.problem(field, f"must be true or false, not '{value}'")
            return None
        return value

    def date(self, field: str, value: Any) -> dt.date | None:
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(field, f"'{value}' is not a date YYYY-MM-DD")
            return None

    def amount(self, field: str, value: Any) -> Decimal | None:
        """A non-negative number (euros, percent, hours)."""
        if isinstance(value, bool) or not isinstance(value, int | float | str):
            self.problem(field, f"'{value}' is not a number")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.problem(field, f"'{value}' is not a number")
            return None
        if not number.is_finite() or number < 0:
            self.problem(field, "must be a number from 0")
            return None
        return number

    def whole_number(self, field: str, value: Any, *, minimum: int = 0) -> int | None:
        if isinstance(value, int) and not isinstance(value, bool) and value >= minimum:
            return value
        self.problem(field, f"must be a whole number from {minimum}")
        return None

    def members(self, field: str, value: Any, allowed: type[E]) -> tuple[E, ...] | None:
        """A non-empty list of values of the enumeration ``allowed``."""
        choices = [member.value for member in allowed]
        return tuple(allowed(item) for item in self.strings(field, value, choices) or ()) or None

    def strings(self, field: str, value: Any, choices: list[str]) -> tuple[str, ...] | None:
        """A non-empty list of distinct strings, each one of ``choices``."""
        items = self._list(field, value)
        if items is None:
            return None
        ok = True
        for index, item in enumerate(items):
            if item not in choices:
                self.problem(
                    f"{field}[{index}]",
                    f"unknown value '{item}'; expected one of {', '.join(choices)}",
                )
                ok = False
        return tuple(items) if ok else None

    def cpv_prefixes(self, field: str, value: Any) -> tuple[str, ...] | None:
        items = self._list(field, value)
        if items is None:
            return None
        ok = True
        for index, item in enumerate(items):
            if not isinstance(item, str) or not CPV_PREFIX.match(item):
                self.problem(f"{field}[{index}]", f"'{item}' is not 2 to 8 digits in quotes")
                ok = False
        return tuple(items) if ok else None

    def clause_slug(self, field: str, value: Any) -> str | None:
        if not isinstance(value, str) or not SLUG.match(value):
            self.problem(field, f"'{value}' is not a clause id")
            return None
        if self.clause_slugs is not None and value not in self.clause_slugs:
            self.problem(field, f"unknown clause '{value}'; no such file in the clause library")
            return None
        return value

    def clause_slug_list(
        self, field: str, value: Any, *, allow_empty: bool = False
    ) -> tuple[str, ...] | None:
        items = self._list(field, value, allow_empty=allow_empty)
        if items is None:
            return None
        checked = [self.clause_slug(f"{field}[{index}]", item) for index, item in enumerate(items)]
        return None if None in checked else tuple(items)

    def variable_name(self, field: str, value: Any) -> str | None:
        if not isinstance(value, str) or not NAME.match(value):
            self.problem(field, f"'{value}' is not a snake_case variable name")
            return None
        return value

    def mapping(self, field: str, value: Any, allowed: set[str]) -> dict[str, Any] | None:
        """A mapping whose keys are all in ``allowed``; unknown keys are reported."""
        if not isinstance(value, dict):
            self.problem(field, "must be a mapping")
            return None
        unknown = sorted(str(key) for key in set(value) - allowed)
        for key in unknown:
            self.problem(
                f"{field}.{key}", f"unknown field; expected one of {', '.join(sorted(allowed))}"
            )
        return None if unknown else value

    def _list(self, field: str, value: Any, *, allow_empty: bool = False) -> list[Any] | None:
        if not isinstance(value, list) or (not value and not allow_empty):
            self.problem(field, "must be a list" if allow_empty else "must be a non-empty list")
            return None
        if len({repr(item) for item in value}) != len(value):
            self.problem(field, "lists a value twice")
            return None
        return value
