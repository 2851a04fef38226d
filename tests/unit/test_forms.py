"""Numbers as French and English buyers type them."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal

import pytest
import wtforms
from flask import Flask
from flask_babel import Babel
from hypothesis import example, given
from hypothesis import strategies as st
from werkzeug.datastructures import MultiDict
from wtforms.validators import InputRequired, Optional

from procure.forms import (
    AmountField,
    Bounds,
    FieldError,
    IntegerField,
    PercentField,
    normalise_number,
    number_readings,
)
from procure.wizard.forms import MAX_VALUE


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("1200000", "1200000"),
        ("1 200 000,50", "1200000.50"),
        ("1\u202f200\u202f000,50", "1200000.50"),
        ("1\u00a0200", "1200"),
        ("5,5", "5.5"),
        ("5.5", "5.5"),
        ("1.200.000,50", "1200000.50"),
        ("1,200,000.50", "1200000.50"),
        ("1,2,3", "1,2,3"),  # left as typed: the field then says it is not a number
        ("", ""),
    ],
)
def test_numbers_are_read_as_typed_in_french_or_english(typed, read):
    assert normalise_number(typed) == read


def test_a_summary_line_sets_the_colon_as_each_language_does():
    error = FieldError("title", "Intitulé du marché", ("Ce champ est obligatoire.",))

    assert error.line("fr") == "Intitulé du marché\u202f: Ce champ est obligatoire."
    assert FieldError("title", "Title", ("Required.",)).line("en") == "Title: Required."


def test_a_lot_label_written_with_a_plain_space_gets_the_narrow_one():
    error = FieldError("lots-0-title", "Lot 1 : Intitulé", ("Trop long.",))

    assert error.line("fr") == "Lot 1\u202f: Intitulé\u202f: Trop long."


# -- number fields: what people type, what the page shows back -------------------------


class AmountsForm(wtforms.Form):
    amount = AmountField(
        "Estimated value",
        places=2,
        validators=[Optional(), Bounds(min=0, below=MAX_VALUE, kind="amount")],
    )
    share = PercentField(
        "Labour share", places=0, validators=[Optional(), Bounds(min=0, max=100, kind="percent")]
    )
    months = IntegerField("Duration in months", validators=[Optional(), Bounds(min=1, max=600)])
    cost = AmountField(
        "Hourly cost", places=2, validators=[Optional(), Bounds(min=1, max=1000, kind="amount")]
    )


@contextmanager
def page_in(language: str) -> Iterator[None]:
    """A request whose page speaks ``language``, with procure's translations."""
    app = Flask("procure")
    app.config.update(BABEL_DEFAULT_LOCALE="fr")
    Babel(app, locale_selector=lambda: language)
    with app.test_request_context():
        yield


def posted(**fields: str) -> AmountsForm:
    form = AmountsForm(formdata=MultiDict(fields))
    form.validate()
    return form


@pytest.mark.parametrize("language", ["fr", "en"])
@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("800 000 €", Decimal("800000")),
        ("1 200 000,50", Decimal("1200000.50")),
        ("1200000.50", Decimal("1200000.50")),
        ("1 200 000,50 €", Decimal("1200000.50")),
        ("EUR 800,000.00", Decimal("800000.00")),
    ],
)
def test_an_amount_field_takes_amounts_as_people_type_them(typed, value, language):
    with page_in(language):
        form = posted(amount=typed)
        assert form.amount.errors == []
        assert form.amount.data == value
        assert number_readings(form) == []


def test_an_ambiguous_amount_follows_the_page_language_and_the_page_says_how_it_read_it():
    with page_in("fr"):
        form = posted(amount="1,200")
        assert form.amount.data == Decimal("1.2")
        assert number_readings(form) == ["Estimated value : « 1,200 » a été lu comme 1,2."]
    with page_in("en"):
        form = posted(amount="1.200")
        assert form.amount.data == Decimal("1.2")
        assert number_readings(form) == ["Estimated value: “1.200” was read as 1.2."]
        form = posted(amount="1,200")  # how an English page writes 1200: nothing to say
        assert form.amount.data == Decimal("1200")
        assert number_readings(form) == []


@pytest.mark.parametrize(
    ("language", "shown"),
    [("fr", "1\u202f200\u202f000,50"), ("en", "1,200,000.50")],
)
def test_an_amount_comes_back_grouped_the_page_way(language, shown):
    with page_in(language):
        form = AmountsForm(data={"amount": Decimal("1200000.5"), "months": 1200})
        assert form.amount._value() == shown
        assert form.months._value() == ("1\u202f200" if language == "fr" else "1,200")
        assert posted(amount="1 200 000,50 €").amount._value() == shown  # after an error too


def test_what_failed_to_read_is_shown_as_typed_with_a_message_naming_what_is_expected():
    with page_in("fr"):
        form = posted(amount="douze", share="beaucoup", months="2,5")
        assert form.amount._value() == "douze"
        assert form.amount.errors == [
            "Saisissez un montant en euros, par exemple 1\u202f200\u202f000,50."
        ]
        assert form.share.errors == ["Saisissez un pourcentage, par exemple 12,5."]
        assert form.months.errors == ["Saisissez un nombre entier, par exemple 12."]
    with page_in("en"):
        assert posted(amount="twelve").amount.errors == [
            "Enter an amount in euros, for example 1,200,000.50."
        ]


@pytest.mark.parametrize(
    ("language", "fields", "messages"),
    [
        (
            "fr",
            {"amount": "100 000 000 000", "share": "120 %", "months": "0", "cost": "2 000"},
            {
                "amount": "Le montant doit être inférieur à 100 milliards d'euros.",
                "share": "Saisissez un pourcentage compris entre 0\u202f% et 100\u202f%.",
                "months": "Saisissez un nombre compris entre 1 et 600.",
                "cost": "Le montant ne doit pas dépasser 1\u202f000\u202f€.",
            },
        ),
        (
            "en",
            {"amount": "-5", "share": "-1", "months": "601", "cost": "0.50"},
            {
                "amount": "The amount cannot be negative.",
                "share": "Enter a percentage between 0% and 100%.",
                "months": "Enter a number between 1 and 600.",
                "cost": "The amount must be at least €1.",
            },
        ),
        (
            "en",
            {"amount": "EUR 100,000,000,000.00"},
            {"amount": "The amount must be less than 100 billion euros."},
        ),
    ],
)
def test_out_of_range_messages_speak_the_buyer_s_language(language, fields, messages):
    with page_in(language):
        form = posted(**fields)
        assert {name: form[name].errors for name in messages} == {
            name: [message] for name, message in messages.items()
        }
        assert not any("Number must be" in str(error) for error in form.errors.values())


languages = st.sampled_from(["fr", "en"])


@given(
    st.decimals(min_value=0, max_value=MAX_VALUE - 1, places=2, allow_nan=False),
    st.integers(min_value=1, max_value=600),
    languages,
)
@example(Decimal("1200"), 1, "en")
@example(Decimal("1.2"), 1, "fr")
@example(Decimal("999999.99"), 600, "fr")
def test_a_value_shown_in_a_field_is_read_back_as_itself(value, months, language):
    """The round trip of a saved step: what the page shows, posted again, is the same."""
    with page_in(language):
        shown = AmountsForm(data={"amount": value, "months": months})
        form = posted(amount=shown.amount._value(), months=shown.months._value())
        assert form.errors == {}
        assert (form.amount.data, form.months.data) == (value, months)
        assert number_readings(form) == []


def test_spaces_alone_are_no_number_even_where_one_is_required():
    """What a browser never sends but a client may: the field says what it expects."""
    with page_in("fr"):
        form = posted(amount=" ", months="\u00a0")
        assert form.amount.data is None
        assert form.amount.errors == []  # optional: spaces are as good as empty

        class Required(wtforms.Form):  # a required field refuses them with its own message
            months = IntegerField("Durée", validators=[InputRequired()])

        form = Required(formdata=MultiDict({"months": "  "}))
        assert not form.validate()
        assert form.months.errors == ["Saisissez un nombre entier, par exemple 12."]
