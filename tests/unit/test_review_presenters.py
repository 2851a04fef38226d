"""What the legal reviewer sees flagged as changed among the buyer's values."""

from __future__ import annotations

import pytest

from procure.library.content import Variable
from procure.review.presenters import differs_from_default

RATE = Variable.from_mapping({"name": "insertion_rate", "type": "percent", "default": 5})
FACILITATOR = Variable.from_mapping(
    {
        "name": "facilitator",
        "type": "text",
        "default": {"fr": "le PLIE du territoire", "en": "the local PLIE"},
    }
)
LEVEL = Variable.from_mapping({"name": "level", "type": "choice", "default": "silver"})


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        (RATE, "5.00"),
        (RATE, 5),
        (RATE, " 5 "),
        (FACILITATOR, "le PLIE du territoire"),
        (FACILITATOR, "the local PLIE "),
        (LEVEL, "silver"),
    ],
)
def test_the_default_as_the_form_gives_it_back_is_no_change(variable, value):
    assert not differs_from_default(variable, value)


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        (RATE, "5.5"),
        (RATE, "cinq"),
        (FACILITATOR, "la maison de l'emploi"),
        (LEVEL, "gold"),
    ],
)
def test_another_value_is_a_change(variable, value):
    assert differs_from_default(variable, value)
