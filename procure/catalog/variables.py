"""Clause variables as the clause form shows them: one row of text fields per variable.

``rows_from_variables`` turns a clause's ``variables`` list into the rows the form
shows; ``variable_from_row`` turns a row the form checked back into a definition of
the same shape (``clauses/README.md``), so that a clause saved unchanged keeps its
content and its hashes. Numbers are written and read in the page's language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from procure.formatting import read_number
from procure.library.schema import NUMERIC_TYPES
from procure.vocabulary import VariableType

CHOICE_SEPARATOR = "|"


def number_text(value: Any, language: str) -> str:
    """A stored bound or default as the form shows it: ``0,2`` in French."""
    if value is None or value == "":
        return ""
    text = str(value)
    return text.replace(".", ",") if language == "fr" else text


def read_form_number(text: str, language: str, *, whole: bool) -> int | float:
    """A number typed in the form, as the clause file stores it: an ``int`` when written
    without decimals (or when ``whole``), a ``float`` otherwise. Raises ``ValueError``."""
    value: Decimal = read_number(text, language).value
    exponent = value.as_tuple().exponent
    if whole or (isinstance(exponent, int) and exponent >= 0):
        if value != value.to_integral_value():
            raise ValueError(f"{text!r:.60} is not a whole number")
        return int(value)
    return float(value)


def choice_lines(choices: Any) -> str:
    """A choice variable's choices, one ``value | French label | English label`` a line."""
    lines = []
    for choice in choices or ():
        if isinstance(choice, Mapping):
            label = choice.get("label") or {}
            lines.append(
                f" {CHOICE_SEPARATOR} ".join(
                    (str(choice.get("value", "")), label.get("fr", ""), label.get("en", ""))
                )
            )
    return "\n".join(lines)


def read_choice_lines(text: str) -> list[dict[str, Any]]:
    """Choices typed as lines; a line without three parts raises ``ValueError`` naming it."""
    choices = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        parts = [part.strip() for part in line.split(CHOICE_SEPARATOR)]
        if len(parts) != 3 or not all(parts):
            raise ValueError(number)
        value: Any = parts[0]
        if value.isdigit() and str(int(value)) == value:
            value = int(value)  # a number in the clause file stays a number
        choices.append({"value": value, "label": {"fr": parts[1], "en": parts[2]}})
    return choices


def rows_from_variables(variables: Any, language: str) -> list[dict[str, str]]:
    """The form's rows for a clause's stored ``variables``."""
    rows = []
    for variable in variables or ():
        label = variable.get("label") or {}
        help_ = variable.get("help") or {}
        default = variable.get("default")
        kind = variable.get("type")
        if isinstance(default, Mapping):
            default_fr, default_en = default.get("fr", ""), default.get("en", "")
        elif kind in NUMERIC_TYPES:
            default_fr, default_en = number_text(default, language), ""
        elif isinstance(default, dt.date):
            default_fr, default_en = default.isoformat(), ""
        else:
            default_fr, default_en = ("" if default is None else str(default)), ""
        rows.append(
            {
                "name": str(variable.get("name", "")),
                "type": str(kind or ""),
                "label_fr": label.get("fr", ""),
                "label_en": label.get("en", ""),
                "help_fr": help_.get("fr", ""),
                "help_en": help_.get("en", ""),
                "unit": str(variable.get("unit") or ""),
                "minimum": number_text(variable.get("min"), language),
                "maximum": number_text(variable.get("max"), language),
                "max_length": str(variable.get("max_length") or ""),
                "choices": choice_lines(variable.get("choices")),
                "default": default_fr,
                "default_en": default_en,
            }
        )
    return rows


def variable_from_row(row: Mapping[str, Any], language: str) -> dict[str, Any]:
    """The stored definition of a row the form validated (``VariableForm``)."""

    def text(name: str) -> str:
        return str(row.get(name) or "").strip()

    kind = VariableType(text("type"))
    variable: dict[str, Any] = {
        "name": text("name"),
        "type": kind.value,
        "label": {"fr": text("label_fr"), "en": text("label_en")},
        "help": {"fr": text("help_fr"), "en": text("help_en")},
    }
    if text("unit"):
        variable["unit"] = text("unit")
    whole = kind is VariableType.INTEGER
    if kind in NUMERIC_TYPES:
        for bound, field in (("min", "minimum"), ("max", "maximum")):
            if text(field):
                variable[bound] = read_form_number(text(field), language, whole=whole)
    if text("max_length"):
        variable["max_length"] = int(text("max_length"))
    if kind is VariableType.CHOICE:
        variable["choices"] = read_choice_lines(text("choices"))
    if kind in NUMERIC_TYPES:
        variable["default"] = read_form_number(text("default"), language, whole=whole)
    elif kind is VariableType.TEXT and text("default_en"):
        variable["default"] = {"fr": text("default"), "en": text("default_en")}
    elif kind is VariableType.CHOICE:
        values = {str(choice["value"]): choice["value"] for choice in variable["choices"]}
        variable["default"] = values.get(text("default"), text("default"))
    else:
        variable["default"] = text("default")
    return variable
