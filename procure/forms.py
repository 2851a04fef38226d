"""Form pieces every feature uses: choice lists, checkbox groups and numbers as people
write them (``1 200 000,50`` in French)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Any

import wtforms
from flask import has_request_context
from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice

from procure.i18n import current_language, lazy_label


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
