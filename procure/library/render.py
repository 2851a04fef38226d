"""Filling a clause's variables with values formatted for a language."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

from procure.library.text import VARIABLE_PATTERN, is_bilingual
from procure.vocabulary import VariableType

LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def format_value(variable: Mapping[str, Any], value: Any, language: str) -> str:
    """A value as it reads in a tender: "1 234 567,00 €", "12 %", "27 novembre 2026"."""
    locale = LOCALES[language]
    kind = VariableType(variable["type"])
    if kind is VariableType.MONEY:
        return format_currency(Decimal(str(value)), "EUR", locale=locale)
    if kind is VariableType.PERCENT:
        number = format_decimal(Decimal(str(value)), locale=locale)
        return f"{number}\u202f%" if language == "fr" else f"{number}%"
    if kind in (VariableType.INTEGER, VariableType.DECIMAL):
        return format_decimal(Decimal(str(value)), locale=locale)
    if kind is VariableType.DATE:
        date = value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))
        return format_date(date, format="long", locale=locale)
    if kind is VariableType.CHOICE:
        for choice in variable["choices"]:
            if choice["value"] == value:
                return choice["label"][language]
        return str(value)
    if is_bilingual(value):
        return value[language]
    return str(value)


def variable_texts(
    content: Mapping[str, Any], values: Mapping[str, Any], language: str
) -> dict[str, str]:
    """Each declared variable's text: the buyer's value, else the clause default."""
    texts = {}
    for variable in content.get("variables") or []:
        value = values.get(variable["name"], variable["default"])
        texts[variable["name"]] = format_value(variable, value, language)
    return texts


def fill(text: str, texts: Mapping[str, str]) -> str:
    """``text`` with each ``{{ name }}`` replaced; an undeclared variable is an error."""

    def replace(match: Any) -> str:
        name = match.group(1)
        if name not in texts:
            raise KeyError(f"the variable '{name}' has no value")
        return texts[name]

    return VARIABLE_PATTERN.sub(replace, text)
