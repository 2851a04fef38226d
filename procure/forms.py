"""Form pieces every feature uses: choice lists, checkbox groups and numbers as people
write them (``1 200 000,50`` in French)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

import wtforms
from flask import has_request_context
from flask_babel import gettext
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError

from procure.formatting import (
    MONEY_UNITS,
    PERCENT_UNITS,
    NumberReading,
    format_number,
    format_percent,
    format_round_money,
    read_number,
)
from procure.i18n import current_language, lazy_label
from procure.typography import typeset


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes: one per choice, each with its own label."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def choice_list(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Choices whose labels stay lazy, so each request shows them in its own language."""
    return [SelectChoice(value, text) for value, text in pairs]


def vocabulary_choices(vocabulary: type[StrEnum]) -> list[SelectChoice]:
    return choice_list((member.value, lazy_label(vocabulary, member)) for member in vocabulary)


def normalise_number(text: str, language: str = "fr") -> str:
    """A number as typed, in Python's notation (``1 200 000,50`` → ``1200000.50``), read
    as ``read_number`` reads it in ``language``; text that is no number is left as typed,
    for the field to refuse."""
    try:
        return str(read_number(text, language, units=(*MONEY_UNITS, *PERCENT_UNITS)).value)
    except ValueError:
        return text


def reading_note(label: object, typed: str, reading: NumberReading, language: str) -> str | None:
    """How an ambiguous entry was read (``1,200`` on a French page is 1,2), for the page
    to say; nothing when it is written the way the page writes that number (``1,200`` on
    an English page, as procure shows 1200 there)."""
    shown = format_number(reading.value, language)
    if not reading.ambiguous or typed == shown:
        return None
    return gettext(
        "%(label)s: “%(typed)s” was read as %(value)s.", label=label, typed=typed, value=shown
    )


def _request_language() -> str:
    return current_language() if has_request_context() else "fr"


class DecimalField(wtforms.DecimalField):
    """A decimal typed in a text box, as French public-service forms do (a number input
    refuses ``1 200 000,50`` in most browsers): it reads digit groups, a decimal comma or
    point and the field's ``units`` (``formatting.read_number``), and shows the value
    grouped the page's way (``1 200 000,50``, ``1,200,000.50``), which it reads back.

    ``reading`` says how an ambiguous entry (``1,200``) was read, for the page to tell."""

    widget = widgets.TextInput()
    units: tuple[str, ...] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        super().__init__(*args, **kwargs)
        self.reading: str | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not isinstance(valuelist[0], str):
            super().process_formdata(valuelist)
            return
        typed = valuelist[0].strip()
        self.data = None
        if not valuelist[0]:
            return  # left empty: for Optional or InputRequired to judge
        language = _request_language()
        try:
            reading = read_number(typed, language, units=self.units)
        except ValueError:
            self.data = None
            raise ValueError(self.invalid_message(language)) from None
        self.data = reading.value
        self.reading = reading_note(self.label.text, typed, reading, language)

    def invalid_message(self, language: str) -> str:
        return gettext(
            "Enter a number, for example %(example)s.",
            example=format_number(Decimal("1234.5"), language),
        )

    def _value(self) -> str:
        if not isinstance(self.data, Decimal | int) or isinstance(self.data, bool):
            return self.raw_data[0] if self.raw_data else ""
        whole = self.data == int(self.data)
        places = None if whole or not isinstance(self.places, int) else self.places
        return format_number(self.data, _request_language(), places=places)


class AmountField(DecimalField):
    """An amount of money: ``800 000 €``, ``EUR 800,000.00`` and ``1200000.50`` alike."""

    units = MONEY_UNITS

    def invalid_message(self, language: str) -> str:
        return gettext(
            "Enter an amount in euros, for example %(example)s.",
            example=format_number(Decimal("1200000.50"), language, places=2),
        )


class PercentField(DecimalField):
    """A percentage: ``12,5``, ``12,5 %`` or ``12.5%``."""

    units = PERCENT_UNITS

    def invalid_message(self, language: str) -> str:
        return gettext(
            "Enter a percentage, for example %(example)s.",
            example=format_number(Decimal("12.5"), language),
        )


class IntegerField(wtforms.IntegerField):
    """A whole number typed with or without digit groups (``1 200``, ``1,200``)."""

    widget = widgets.TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["render_kw"] = {"inputmode": "numeric", **(kwargs.get("render_kw") or {})}
        super().__init__(*args, **kwargs)
        self.reading: str | None = None

    def process_formdata(self, valuelist: list[Any]) -> None:
        if not valuelist or not isinstance(valuelist[0], str):
            super().process_formdata(valuelist)
            return
        typed = valuelist[0].strip()
        self.data = None
        if not valuelist[0]:
            return  # left empty: for Optional or InputRequired to judge
        language = _request_language()
        try:
            reading = read_number(typed, language)
        except ValueError:
            reading = None
        if reading is None or reading.value != reading.value.to_integral_value():
            self.data = None
            raise ValueError(gettext("Enter a whole number, for example 12."))
        self.data = int(reading.value)
        self.reading = reading_note(self.label.text, typed, reading, language)

    def _value(self) -> str:
        if isinstance(self.data, int) and not isinstance(self.data, bool):
            return format_number(self.data, _request_language())
        return self.raw_data[0] if self.raw_data else ""


def number_readings(form: wtforms.Form) -> list[str]:
    """How each ambiguous number of ``form`` (sub-forms included) was read, to tell."""
    found: list[str] = []
    for field in form:
        if isinstance(field, wtforms.FieldList):
            for entry in field.entries:
                if isinstance(entry, wtforms.FormField):
                    found += number_readings(entry.form)
        elif isinstance(field, wtforms.FormField):
            found += number_readings(field.form)
        elif reading := getattr(field, "reading", None):
            found.append(reading)
    return found


class Bounds:
    """A number's range, said the way the page reads the number: an amount ("The
    amount must be less than 100 billion euros"), a percentage or a plain number.

    ``min`` and ``max`` are included; ``below`` is an upper bound not included."""

    def __init__(
        self,
        min: Decimal | int | None = None,
        max: Decimal | int | None = None,
        *,
        below: Decimal | int | None = None,
        kind: str = "number",
    ) -> None:
        if kind not in ("amount", "percent", "number"):
            raise ValueError(f"kind: expected amount, percent or number, got {kind!r}")
        self.min, self.max, self.below, self.kind = min, max, below, kind

    def __call__(self, form: wtforms.Form, field: wtforms.Field) -> None:
        value = field.data
        if value is None or isinstance(value, bool):
            return
        too_small = self.min is not None and value < self.min
        too_large = (self.max is not None and value > self.max) or (
            self.below is not None and value >= self.below
        )
        if too_small or too_large:
            raise ValidationError(self.message(too_small, _request_language()))

    def message(self, too_small: bool, language: str) -> str:
        if self.kind == "amount":
            return self._amount_message(too_small, language)
        shown = format_percent if self.kind == "percent" else format_number
        low = None if self.min is None else shown(self.min, language)
        high = None if self.max is None else shown(self.max, language)
        if self.kind == "percent":
            return gettext(
                "Enter a percentage between %(min)s and %(max)s.",
                min=low or shown(0, language),
                max=high or shown(100, language),
            )
        if low is not None and high is not None:
            return gettext("Enter a number between %(min)s and %(max)s.", min=low, max=high)
        if low is not None:
            return gettext("Enter a number of at least %(min)s.", min=low)
        return gettext("Enter a number of at most %(max)s.", max=high)

    def _amount_message(self, too_small: bool, language: str) -> str:
        if too_small and self.min == 0:
            return gettext("The amount cannot be negative.")
        if too_small:
            return gettext(
                "The amount must be at least %(min)s.",
                min=format_round_money(self.min, language),
            )
        if self.below is not None and (self.max is None or self.below <= self.max):
            return gettext(
                "The amount must be less than %(max)s.",
                max=format_round_money(self.below, language),
            )
        return gettext(
            "The amount must not exceed %(max)s.", max=format_round_money(self.max, language)
        )


@dataclass(frozen=True)
class FieldError:
    """One field's messages for an error summary, with the id its link points to."""

    target: str
    label: str
    messages: tuple[str, ...]

    def line(self, language: str | None = None) -> str:
        """ "Libellé : message" in French (a narrow no-break space before the colon),
        "Label: message" in English, the colon set by ``procure.typography``; by default
        in the reader's language."""
        said = typeset(f"{self.label}:", language or current_language())
        return f"{said} {' '.join(self.messages)}"


def has_required(form: wtforms.Form) -> bool:
    """Whether a field of ``form``, nested sub-forms included, is required: the form's
    labels then carry the star that ``required_note`` in ``_forms.html`` explains."""
    for field in form:
        if isinstance(field, wtforms.FormField) and has_required(field.form):
            return True
        if isinstance(field, wtforms.FieldList) and any(
            has_required(entry.form)
            if isinstance(entry, wtforms.FormField)
            else entry.flags.required
            for entry in field.entries
        ):
            return True
        if field.flags.required:
            return True
    return False


def field_errors(form: wtforms.Form) -> list[FieldError]:
    """Every field in error, nested fields (a list of sub-forms) included, in page order.

    Messages may be lazy translations: each is turned into text in the reader's language.
    """
    found: list[FieldError] = []
    for field in form:
        if field.name == "csrf_token" or not field.errors:
            continue
        if isinstance(field, wtforms.FieldList | wtforms.FormField):
            entries = field.entries if isinstance(field, wtforms.FieldList) else [field]
            for entry in entries:
                found += field_errors(entry.form) if isinstance(entry, wtforms.FormField) else []
            own = [str(message) for message in field.errors if not isinstance(message, dict)]
            if isinstance(field, wtforms.FieldList) and own:  # about the list as a whole
                found.append(FieldError(field.id, str(field.label.text), tuple(own)))
            continue
        multiple = isinstance(field, wtforms.RadioField | SelectMultipleField)
        found.append(
            FieldError(
                target=f"{field.id}-0" if multiple else field.id,
                label=str(field.label.text),
                messages=tuple(str(message) for message in field.errors),
            )
        )
    return found


def typed_data(form_class: type[wtforms.Form], saved: Mapping[str, Any]) -> dict[str, Any]:
    """Answers as stored (JSON: decimals and dates as text) in the types the form's fields
    expect, sub-forms included, so that a saved step always opens again."""
    fields = {field.name: field for field in form_class(formdata=None, meta={"csrf": False})}
    return {name: _typed(fields.get(name), value) for name, value in saved.items()}


def _typed(field: wtforms.Field | None, value: Any) -> Any:
    if value in (None, "") or field is None:
        return value
    if isinstance(field, wtforms.DecimalField):
        try:
            return Decimal(str(value))  # stored in Python's notation, whatever the language
        except ArithmeticError:
            raise ValueError(f"stored answer {field.name!r} is not a number: {value!r}") from None
    if isinstance(field, wtforms.DateField) and isinstance(value, str):
        return dt.date.fromisoformat(value)
    if isinstance(field, wtforms.IntegerField) and isinstance(value, str):
        return int(value)
    if isinstance(field, wtforms.FieldList) and isinstance(value, list):
        entry = field.unbound_field
        if entry.field_class is wtforms.FormField:
            sub_form = entry.args[0] if entry.args else entry.kwargs["form_class"]
            return [
                typed_data(sub_form, item) if isinstance(item, dict) else item for item in value
            ]
    return value
