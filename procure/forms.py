"""Form pieces every feature uses: choice lists, checkbox groups and numbers as people
write them (``1 200 000,50`` in French)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from typing import Any

import wtforms
from flask import has_request_context
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice

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


_DIGIT_GROUPS = re.compile(r"[\s\u00a0\u202f]")


def normalise_number(text: str) -> str:
    """A number as typed, in Python's notation: spaces between digit groups go, and a
    decimal comma becomes a point (``1 200 000,50`` → ``1200000.50``). When both a comma
    and a point appear, the last one is the decimal mark (``1.200,5``, ``1,200.5``)."""
    text = _DIGIT_GROUPS.sub("", text)
    if "," in text and "." in text:
        decimal = max(text.rfind(","), text.rfind("."))
        whole = text[:decimal].replace(",", "").replace(".", "")
        return f"{whole}.{text[decimal + 1 :]}"
    if text.count(",") == 1:
        return text.replace(",", ".")
    return text


class DecimalField(wtforms.DecimalField):
    """A decimal typed in a text box, as French public-service forms do (a number input
    refuses ``1 200 000,50`` in most browsers): it accepts a decimal comma and spaced digit
    groups, and shows a decimal comma on French pages."""

    widget = widgets.TextInput()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs["render_kw"] = {"inputmode": "decimal", **(kwargs.get("render_kw") or {})}
        super().__init__(*args, **kwargs)

    def process_formdata(self, valuelist: list[Any]) -> None:
        if valuelist and isinstance(valuelist[0], str):
            valuelist = [normalise_number(valuelist[0]), *valuelist[1:]]
        super().process_formdata(valuelist)

    def _value(self) -> str:
        text = super()._value()
        if self.raw_data or not has_request_context():
            return text
        return text.replace(".", ",") if current_language() == "fr" else text


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
            return Decimal(normalise_number(str(value)))
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
