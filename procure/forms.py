"""Form pieces every feature uses: choice lists and checkbox groups."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum

from wtforms import SelectMultipleField, widgets
from wtforms.fields.choices import SelectChoice

from procure.labels import label


class MultiCheckboxField(SelectMultipleField):
    """A group of checkboxes: one per choice, each with its own label."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


def choice_list(pairs: Iterable[tuple[str, object]]) -> list[SelectChoice]:
    return [SelectChoice(value, str(text)) for value, text in pairs]


def vocabulary_choices(vocabulary: type[StrEnum]) -> list[SelectChoice]:
    return choice_list((member.value, label(vocabulary, member.value)) for member in vocabulary)
