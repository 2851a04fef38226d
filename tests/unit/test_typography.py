"""French and English typography applied when text is shown (procure.typography)."""

from __future__ import annotations

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from procure.typography import typeset

NNBSP = "\u202f"
NBSP = "\u00a0"

# Text made of what clause files and buyers type, with the characters the rules
# look at over-represented so that the rules meet each other often.
typed_text = st.lists(
    st.one_of(
        st.sampled_from(list(" \u00a0\u202f\n;:!?%«»'\"’“”.,()-/{}€@0123456789ahtkmgjours")),
        st.sampled_from(["https://", "{{ x }}", "::", "www.", "\ue000", "jours", "kWh", "km"]),
        st.characters(blacklist_categories=("Cs",)),
    ),
    max_size=60,
).map("".join)
languages = st.sampled_from(["fr", "en"])


def letters_and_digits(text: str) -> str:
    return "".join(character for character in text if character.isalnum())


@given(typed_text, languages)
@example("«\u202f»", "fr")
@example("a «  » b", "fr")
@example("10 000 000 000", "fr")
@example('"a" \'b\' ""', "en")
def test_typesetting_twice_changes_nothing_more(text: str, language: str) -> None:
    once = typeset(text, language)
    assert typeset(once, language) == once


@given(typed_text, languages)
def test_typesetting_never_changes_letters_digits_or_lines(text: str, language: str) -> None:
    result = typeset(text, language)
    assert letters_and_digits(result) == letters_and_digits(text)
    assert result.count("\n") == text.count("\n")


@pytest.mark.parametrize(
    ("typed", "typeset_text"),
    [
        ("Pénalités : 100 € par jour", f"Pénalités{NNBSP}: 100{NNBSP}€ par jour"),
        ("Note:", f"Note{NNBSP}:"),
        ("Pourquoi? Parce que!", f"Pourquoi{NNBSP}? Parce que{NNBSP}!"),
        ("a ; b", f"a{NNBSP}; b"),
        (f"a{NBSP}; b", f"a{NNBSP}; b"),
        ("«mot»", f"«{NNBSP}mot{NNBSP}»"),
        ("« mot »", f"«{NNBSP}mot{NNBSP}»"),
        ("40%", f"40{NNBSP}%"),
        ("40 %", f"40{NNBSP}%"),
        ("l'offre d'aujourd'hui", "l’offre d’aujourd’hui"),
        ("1 250 000 €", f"1{NNBSP}250{NNBSP}000{NNBSP}€"),
        (
            "30 jours, 5 kg, 12 mois, 3 ans, 40 kWh, 20 points",
            f"30{NBSP}jours, 5{NBSP}kg, 12{NBSP}mois, 3{NBSP}ans, 40{NBSP}kWh, 20{NBSP}points",
        ),
        ("35 h", f"35{NNBSP}h"),
        ("{{ rate }} %", f"{{{{ rate }}}}{NNBSP}%"),
        ("Et puis...", "Et puis..."),
        ("l'article L2113-13 du code", f"l’article L.{NBSP}2113-13 du code"),
        ("articles L. 2113-12 et R2111-14", f"articles L.{NBSP}2113-12 et R.{NBSP}2111-14"),
        ("D543-278, L2113-13-1.", f"D.{NBSP}543-278, L.{NBSP}2113-13-1."),
    ],
)
def test_french_typography(typed: str, typeset_text: str) -> None:
    assert typeset(typed, "fr") == typeset_text


@pytest.mark.parametrize(
    "kept",
    [
        "https://www.example.fr/a?b=c;d=e",
        "contact@ville.fr",
        "à 10:30",
        "CPV 55524000-9",
        "reserved-L2113-13",
        "R410A",
        "{{ delay_days }}",
        "a::b",
        "8h30",
        "fr;en",
        "tél. 01 23 45 67 89",
    ],
)
def test_french_typography_leaves_addresses_times_codes_and_placeholders(kept: str) -> None:
    assert typeset(kept, "fr") == kept


def test_a_web_address_keeps_its_letters_but_the_sentence_gets_its_space() -> None:
    assert typeset("Voir https://x.fr/?a=1: ici", "fr") == f"Voir https://x.fr/?a=1{NNBSP}: ici"


@pytest.mark.parametrize(
    ("typed", "typeset_text"),
    [
        ("40 %", "40%"),
        (f"40{NNBSP}%", "40%"),
        ("Note : see below ; then ?", "Note: see below; then?"),
        ('the "best" offer', "the “best” offer"),
        ('"Quoted" at the start', "“Quoted” at the start"),
        ("the buyer's and the buyers' lists", "the buyer’s and the buyers’ lists"),
        ("'single'", "‘single’"),
        ("30 days", f"30{NBSP}days"),
        ("{{ rate }} %", "{{ rate }}%"),
        ("a::b at 10:30", "a::b at 10:30"),
    ],
)
def test_english_typography(typed: str, typeset_text: str) -> None:
    assert typeset(typed, "en") == typeset_text


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        typeset("text", "de")


def test_the_page_filter_typesets_text_and_refuses_html() -> None:
    from markupsafe import Markup

    from procure.templating import typeset_filter

    assert (
        typeset_filter("Clause d'insertion : heures", "fr") == f"Clause d’insertion{NNBSP}: heures"
    )
    with pytest.raises(TypeError, match="plain text"):
        typeset_filter(Markup("<a href='x'>lien</a>"), "fr")
