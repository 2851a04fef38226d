"""A definition several clauses rely on is worded once (procure/library/terms.yaml): the
CCAP defines the terms the chosen clauses use, and every clause serving a term's
objective carries it word for word, with its legal source."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from procure.library.content import ClauseContent
from procure.library.legal import find_reference
from procure.library.terms import load_terms, parse_terms
from tests.unit.library.test_content import library

TERMS = Path(__file__).parents[3] / "procure" / "library" / "terms.yaml"


def terms() -> dict[str, dict[str, Any]]:
    data: dict[str, dict[str, Any]] = yaml.safe_load(TERMS.read_text(encoding="utf-8"))
    return data


def bound_terms() -> list[str]:
    """The terms the clauses serving their objective must word identically."""
    return sorted(name for name, term in terms().items() if "objective" in term)


def clauses_bound_by(term: dict[str, Any]) -> dict[str, ClauseContent]:
    """The clauses of the term's kinds that serve its objective, except those it lists as
    not bound (they inform about the products without requiring or scoring them)."""
    return {
        clause_id: content
        for clause_id, content in library().items()
        if term["objective"] in content.objectives
        and content.kind.value in term["kinds"]
        and clause_id not in term.get("not_bound", ())
    }


@pytest.mark.parametrize("name", sorted(terms()))
def test_a_term_rests_on_a_reference_of_the_catalogue(name: str) -> None:
    source = terms()[name]["source"]

    assert find_reference(source["code"], source["article"]) is not None


@pytest.mark.parametrize("name", bound_terms())
def test_every_clause_serving_the_objective_words_the_definition_identically(name: str) -> None:
    term = terms()[name]
    clauses = clauses_bound_by(term)

    assert clauses, f"no clause serves {term['objective']}"
    for language in ("fr", "en"):
        missing = [i for i, c in clauses.items() if term[language] not in c.text[language]]
        assert missing == [], (name, language)


@pytest.mark.parametrize("name", bound_terms())
def test_every_clause_serving_the_objective_cites_the_definition_s_source(name: str) -> None:
    term = terms()[name]
    source = (term["source"]["code"], term["source"]["article"])

    missing = [
        clause_id
        for clause_id, content in clauses_bound_by(term).items()
        if source not in {(basis.code, basis.article) for basis in content.legal_basis}
    ]
    assert missing == []


def test_a_clause_listed_as_not_bound_exists_and_serves_the_objective() -> None:
    contents = library()
    for term in terms().values():
        for clause_id in term.get("not_bound", ()):
            assert term["objective"] in contents[clause_id].objectives, clause_id


def test_the_fair_trade_definition_holds_the_three_statutory_conditions() -> None:
    definition = terms()["fair_trade"]["fr"]

    assert "article 60 de la loi n° 2005-882" in definition
    assert "au moins trois ans" in definition
    assert "prix rémunérateur" in definition
    assert "montant supplémentaire obligatoire" in definition
    assert "gouvernance démocratique" in definition
    assert "traçabilité" in definition


# -- the terms the CCAP defines --------------------------------------------------------
def test_there_is_a_term_bound_word_for_word() -> None:
    assert "fair_trade" in bound_terms()


@pytest.mark.parametrize("name", sorted(terms()))
def test_every_term_is_used_by_at_least_one_library_clause(name: str) -> None:
    term = load_terms()[name]

    assert [i for i, content in library().items() if term.is_used_by(content)] != []


@pytest.mark.parametrize("name", sorted(terms()))
def test_every_term_has_a_name_and_a_definition_in_both_languages(name: str) -> None:
    term = load_terms()[name]

    for language in ("fr", "en"):
        assert term.name[language].strip()
        assert term.definition[language].strip()


def test_a_reserved_insertion_clause_uses_siae_through_its_legal_basis_and_its_words() -> None:
    siae = load_terms()["siae"]

    assert siae.is_used([("CCP", "L2113-13")], [])
    assert siae.is_used([], ["sous-traiter à une SIAE"])
    assert siae.is_used([], ["les structures d’insertion par l’activité économique"])
    assert not siae.is_used([("CCP", "L2112-2")], ["une condition environnementale"])


def test_an_acronym_matches_in_capitals_only_and_never_inside_a_word() -> None:
    ea = load_terms()["ea"]

    assert ea.is_used([], ["confier le lot à une EA ou un ESAT"])
    assert not ea.is_used([], ["a reasonable area, each year"])
    assert not ea.is_used([], ["ea"])


def test_a_term_citing_an_unknown_reference_is_refused_with_its_field() -> None:
    entry = {
        "name": {"fr": "X", "en": "X"},
        "fr": "x",
        "en": "x",
        "source": {"code": "CCP", "article": "L9999-1"},
        "revealed_by": {"words": ["x"]},
    }

    with pytest.raises(ValueError, match=r"terms.yaml, x\.source: CCP L9999-1 is not in"):
        parse_terms({"x": entry})


def test_a_term_without_an_english_name_is_refused_with_its_field() -> None:
    entry = {
        "name": {"fr": "X"},
        "fr": "x",
        "en": "x",
        "source": {"code": "CCP", "article": "L2113-13"},
        "revealed_by": {"words": ["x"]},
    }

    with pytest.raises(ValueError, match=r"terms.yaml, x\.name: needs a French and an English"):
        parse_terms({"x": entry})
