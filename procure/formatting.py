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
