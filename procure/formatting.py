"""Numbers, amounts, percentages and dates written the French or the English way, for
documents and pages alike.

French typography groups thousands with a narrow no-break space (U+202F), uses a
decimal comma, and puts a narrow no-break space before ``€`` and ``%``:
``1 234 567 €``, ``12 %``, ``27 novembre 2026``. English uses
``€1,234,567``, ``12%``, ``27 November 2026``. An amount of money shows its cents
only when it has some (``1 234,50 €``, ``€1,234.50``).

Every function takes the language (``"fr"`` or ``"en"``) explicitly; nothing
depends on the process locale.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

NNBSP = "\u202f"  # narrow no-break space
NBSP = "\u00a0"  # no-break space
LANGUAGES = ("fr", "en")
LARGEST = Decimal(10) ** 15  # more than any public contract; keeps formatting exact

MONTHS = {
    "fr": (
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ),
    "en": (
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ),
}


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise ValueError(f"language: expected 'fr' or 'en', got {language!r}")
    return language


def to_decimal(value: Any, field: str) -> Decimal:
    """``value`` as a finite ``Decimal``, or ``ValueError`` naming ``field``."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
        raise ValueError(f"{field}: expected a number, got {value!r:.60}")
    try:
        number = Decimal(value.strip() if isinstance(value, str) else str(value))
    except (InvalidOperation, ValueError):
        raise ValueError(f"{field}: {value!r:.60} is not a number") from None
    if not number.is_finite():
        raise ValueError(f"{field}: {value!r:.60} is not a finite number")
    if abs(number) >= LARGEST:
        raise ValueError(f"{field}: {value!r:.60} is too large")
    return number


def _localise(grouped: str, language: str) -> str:
    """Turn Python's ``1,234.5`` into the language's separators."""
    if language == "en":
        return grouped
    return grouped.replace(",", NNBSP).replace(".", ",")


def format_number(
    value: Any, language: str, *, places: int | None = None, field: str = "value"
) -> str:
    """A number with grouped thousands; ``places`` fixes the decimals, else trailing zeros go."""
    number = to_decimal(value, field)
    if places is not None:
        text = format(number.quantize(Decimal(1).scaleb(-places)), f",.{places}f")
    else:
        text = format(number, ",f")
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    if text in {"-0", "-0.00"}:
        text = text[1:]
    return _localise(text, language)


def format_amount(value: Any, language: str, *, field: str = "value") -> str:
    """An amount of money without its currency sign, to the cent: ``1 234 567`` or
    ``1 234,50`` (``1,234,567``, ``1,234.50``); cents show only when there are some."""
    cents = to_decimal(value, field).quantize(Decimal("0.01"))
    places = 0 if cents == cents.to_integral_value() else 2
    return format_number(cents, language, places=places, field=field)


def format_money(value: Any, language: str, *, field: str = "value") -> str:
    """An amount in euros: ``800 000 €`` or ``€800,000``; ``1 234,50 €`` or ``€1,234.50``.

    The only way procure writes an amount of money, on pages and in documents."""
    amount = format_amount(value, check_language(language), field=field)
    if language == "fr":
        return f"{amount}{NNBSP}€"
    return f"-€{amount[1:]}" if amount.startswith("-") else f"€{amount}"


def format_round_money(value: Any, language: str, *, field: str = "value") -> str:
    """A round bound said in words when it is a whole number of millions or billions
    (``100 milliards d'euros``, ``100 billion euros``), else as ``format_money``."""
    amount = to_decimal(value, field)
    check_language(language)
    for scale, (french, english) in ((10**9, ("milliard", "billion")), (10**6, ("million",) * 2)):
        count, rest = divmod(amount, scale)
        if count and not rest:
            number = format_number(count, language)
            if language == "en":
                return f"{number} {english} euros"
            return f"{number} {french}{'s' if count > 1 else ''} d'euros"
    return format_money(amount, language, field=field)


def format_percent(value: Any, language: str, *, field: str = "value") -> str:
    """``12 %`` or ``12%``; ``12,5 %`` keeps its decimals."""
    number = format_number(value, language, field=field)
    return f"{number}{NNBSP}%" if language == "fr" else f"{number}%"


def format_hours(value: Any, language: str, *, field: str = "value") -> str:
    number = format_number(value, language, field=field)
    return f"{number}{NNBSP}h" if language == "fr" else f"{number} h"


def to_date(value: Any, field: str) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{field}: expected a date YYYY-MM-DD, got {value!r:.60}")


def format_date(value: Any, language: str, *, field: str = "value") -> str:
    """``27 novembre 2026`` (``1er`` for the first of the month) or ``27 November 2026``."""
    day = to_date(value, field)
    month = MONTHS[language][day.month - 1]
    if language == "fr":
        return f"{'1er' if day.day == 1 else day.day} {month} {day.year}"
    return f"{day.day} {month} {day.year}"


# -- Reading numbers as people type them -------------------------------------------------

MONEY_UNITS = ("€", "eur", "euro", "euros")
PERCENT_UNITS = ("%",)
_SPACES = "[ \u00a0\u202f\u2009]"
_SPACED = re.compile(rf"[1-9]\d{{0,2}}(?:{_SPACES}\d{{3}})+(?:[.,]\d+)?|0[.,]\d+")
_GROUPED = {
    mark: re.compile(rf"[1-9]\d{{0,2}}(?:{re.escape(mark)}\d{{3}})+") for mark in (",", ".")
}
_ONE_GROUP = {mark: re.compile(rf"[1-9]\d{{0,2}}{re.escape(mark)}\d{{3}}") for mark in (",", ".")}
_DECIMAL_MARK = {"fr": ",", "en": "."}


@dataclass(frozen=True)
class NumberReading:
    """A number read from what was typed. ``ambiguous``: the other language would have
    read the same text as another number (``1,200`` is 1.2 in French, 1200 in English)."""

    value: Decimal
    ambiguous: bool = False


def read_number(text: str, language: str, *, units: Iterable[str] = ()) -> NumberReading:
    """``text`` as a French or English reader would read it: digit groups separated by
    spaces, points or commas, a decimal comma or point, a sign, and one of ``units``
    before or after the digits (``800 000 €``, ``EUR 800,000.00``, ``12,5 %``).

    Where only one comma or point separates groups of three (``1,200``, ``1.200``), the
    language's decimal mark decides, and the reading says it was ambiguous. Anything
    else raises ``ValueError``."""
    check_language(language)
    body = _strip_units(text.strip(), units)
    sign = ""
    if body[:1] in ("-", "+", "\u2212"):
        sign = "-" if body[0] != "+" else ""
        body = _strip_units(body[1:].strip(), units)
    whole, fraction, ambiguous = _split(body, language)
    try:
        value = Decimal(f"{sign}{whole or '0'}.{fraction or '0'}")
    except InvalidOperation:
        raise ValueError(f"{text!r:.60} is not a number") from None
    if abs(value) >= LARGEST:
        raise ValueError(f"{text!r:.60} is too large")
    if not fraction:
        value = value.quantize(Decimal(1))
    else:
        value = value.quantize(Decimal(1).scaleb(-len(fraction)))
    return NumberReading(value, ambiguous)


def _strip_units(text: str, units: Iterable[str]) -> str:
    lowered = text.lower()
    for unit in sorted(units, key=len, reverse=True):
        if lowered.startswith(unit) and not lowered[len(unit) : len(unit) + 1].isalpha():
            return _strip_units(text[len(unit) :].strip(), ())
    for unit in sorted(units, key=len, reverse=True):
        if lowered.endswith(unit) and not lowered[: -len(unit)][-1:].isalpha():
            return text[: -len(unit)].strip()
    return text


def _split(body: str, language: str) -> tuple[str, str, bool]:
    """The whole part's digits, the fraction's digits, and whether it was ambiguous."""
    if body.isdigit() and body.isascii():
        return body, "", False
    if re.search(_SPACES, body):
        if not _SPACED.fullmatch(body):
            raise ValueError(f"{body!r:.60} is not a number")
        digits = re.sub(_SPACES, "", body)
        whole, _mark, fraction = digits.replace(",", ".").partition(".")
        return whole, fraction, False
    commas, points = body.count(","), body.count(".")
    if commas and points:
        decimal_mark = "," if body.rfind(",") > body.rfind(".") else "."
        group_mark = "." if decimal_mark == "," else ","
        whole, _mark, fraction = body.rpartition(decimal_mark)
        if not (_GROUPED[group_mark].fullmatch(whole) and fraction.isdigit()):
            raise ValueError(f"{body!r:.60} is not a number")
        return whole.replace(group_mark, ""), fraction, False
    mark = "," if commas else "."
    if body.count(mark) == 1 and _ONE_GROUP[mark].fullmatch(body):
        whole, _mark, fraction = body.partition(mark)
        if _DECIMAL_MARK[language] == mark:
            return whole, fraction, True
        return whole + fraction, "", True
    if body.count(mark) > 1:
        if not _GROUPED[mark].fullmatch(body):
            raise ValueError(f"{body!r:.60} is not a number")
        return body.replace(mark, ""), "", False
    whole, _mark, fraction = body.partition(mark)
    if not (fraction.isdigit() and fraction.isascii() and (not whole or whole.isdigit())):
        raise ValueError(f"{body!r:.60} is not a number")
    return whole, fraction, False
