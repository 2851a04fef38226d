"""Form pieces every feature uses: choice lists and checkbox groups."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice

from procure.labels import LABELS


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes: one per choice, each with its own label."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def choice_list(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    """Choices whose labels stay lazy, so each request shows them in its own language."""
    return [SelectChoice(value, text) for value, text in pairs]


def vocabulary_choices(vocabulary: type[StrEnum]) -> list[SelectChoice]:
    return choice_list((member.value, LABELS[vocabulary][member]) for member in vocabulary)
