"""A buyer's own wording of a clause: normalised, checked, stored only when it differs."""

from __future__ import annotations

from procure.library.adaptation import (
    MAX_TEXT,
    TextProblem,
    adapted_text,
    custom_clause_text,
    normalise_text,
    text_problems,
)

LIBRARY = {"fr": "Le titulaire emploie {{ hours }} heures.\n", "en": "The contractor hires.\n"}


def test_normalising_unifies_line_endings_and_drops_trailing_spaces() -> None:
    assert normalise_text("\r\nUn  \r\n\r\n- deux\t\rtrois\n\n") == "Un\n\n- deux\ntrois"


def test_a_text_equal_to_the_library_text_once_normalised_is_not_stored() -> None:
    posted = {"fr": "Le titulaire emploie {{ hours }} heures.   \r\n\r\n", "en": None}
    assert adapted_text(LIBRARY, posted) is None


def test_only_the_languages_the_buyer_changed_are_stored() -> None:
    posted = {"fr": "Le titulaire réserve {{ hours }} heures. \r\n", "en": LIBRARY["en"]}
    assert adapted_text(LIBRARY, posted) == {
        "fr": "Le titulaire réserve {{ hours }} heures.",
        "en": None,
    }


def test_a_language_left_out_means_the_library_text() -> None:
    assert adapted_text(LIBRARY, {"en": "The contractor shall hire."}) == {
        "fr": None,
        "en": "The contractor shall hire.",
    }


def test_the_stored_shapes_are_read_as_texts_by_language() -> None:
    assert custom_clause_text(None) == {}
    assert custom_clause_text({"fr": "Texte", "en": None}) == {"fr": "Texte"}
    assert custom_clause_text({"text": {"fr": "", "en": "Text"}}) == {"en": "Text"}
    assert custom_clause_text({"penalty": {"fr": "Pénalité", "en": "Penalty"}}) == {}


def test_a_clause_text_using_its_variables_has_no_problem() -> None:
    text = "Le titulaire emploie {{ hours }} heures.\n\n- *au moins* une personne"
    assert text_problems(text, ["hours"]) == []


def test_an_empty_text_is_refused() -> None:
    assert text_problems(" \n\t", ["hours"]) == [TextProblem("empty")]


def test_a_text_over_the_limit_is_refused_with_its_length() -> None:
    assert text_problems("x" * (MAX_TEXT + 1), []) == [TextProblem("too_long", str(MAX_TEXT + 1))]


def test_an_undeclared_variable_is_named() -> None:
    assert text_problems("{{ hours }} et {{ rate }}", ["hours"]) == [
        TextProblem("unknown_variable", "rate")
    ]


def test_a_malformed_placeholder_and_a_lone_brace_are_refused() -> None:
    assert text_problems("{{ Heures }} pour {{ hours }}", ["hours"]) == [
        TextProblem("malformed_placeholder", "{{ Heures }}")
    ]
    assert text_problems("{{ hours }} heures {{ et", ["hours"]) == [
        TextProblem("stray_brace", "{{")
    ]
    assert text_problems("heures }}", []) == [TextProblem("stray_brace", "}}")]
