"""Library search with synonyms, on SQLite and PostgreSQL: a buyer's everyday words find
the library's words for the same thing."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from procure.library.loader import load_library
from procure.library.search import LibraryQuery, search_library
from procure.library.synonyms import load_synonyms
from procure.library.versions import add_version
from procure.models import Clause, SearchSynonym
from procure.vocabulary import ClauseStatus
from tests.factories import make_organisation
from tests.integration.test_catalog import CLAUSES, slugs
from tests.integration.test_review_workflow import clause_content


@pytest.fixture
def library(session):
    """The reference library and its shipped synonyms."""
    load_library(session, CLAUSES)
    load_synonyms(session)
    session.commit()
    return session


def found(session, text: str, **query) -> set[str]:
    return set(slugs(search_library(session, LibraryQuery(text=text, page_size=500, **query))))


def without_synonyms(session) -> None:
    for synonym in session.scalars(select(SearchSynonym)):
        session.delete(synonym)
    session.commit()


def test_cantine_finds_the_school_catering_clauses(library):
    results = found(library, "Cantine")

    assert {
        "school-catering-menu-quality-award",
        "school-catering-food-education",
        "vegetarian-menu",
    } <= results
    assert found(library, "cantines") == results  # a plural typed finds the same
    without_synonyms(library)
    assert found(library, "cantine") == set()


def test_bio_finds_organic_clauses_and_no_longer_biodiversity(library):
    results = found(library, "bio")

    assert {"food-organic-products-share", "egalim-quality-share"} <= results
    for version in search_library(library, LibraryQuery(text="bio", page_size=500)).items:
        assert "biologique" in version.search_body_fr + version.search_title_fr
    assert found(library, "cantines bio") == {
        "egalim-quality-share",
        "food-organic-products-share",
        "food-supplies-environmental-award",
    }


def test_seconde_main_finds_reemploi_clauses(library):
    results = found(library, "seconde main")

    assert {"refurbished-furniture-supply", "it-refurbished-equipment-share"} <= results
    without_synonyms(library)
    assert found(library, "réemploi") <= results  # every clause the word itself finds
    assert "refurbished-furniture-supply" not in found(library, "seconde main")


def own_clause(session, organisation, slug: str, text_fr: str):
    """An organisation's clause (from vegetarian-menu's file) whose French text is
    ``text_fr``."""
    content = clause_content("vegetarian-menu", "sustainable-food")
    content["title"] = {"fr": f"Clause {slug}", "en": f"Clause {slug}"}
    content["text"] = {"fr": text_fr, "en": "Text."}
    clause = Clause(slug=slug, folder="sustainable-food", organisation=organisation)
    session.add(clause)
    session.flush()
    return add_version(session, clause, content, status=ClauseStatus.APPROVED, author_id=None)


def test_reemploi_finds_a_clause_that_only_says_seconde_main(library):
    town = make_organisation(library, "Ville de Réemploi")
    own_clause(
        library, town, "mobilier-occasion", "Le titulaire livre du mobilier de seconde main."
    )
    own_clause(
        library, town, "main-oeuvre", "La seconde phase mobilise une main-d'œuvre qualifiée."
    )
    library.commit()

    results = found(library, "réemploi", organisation_id=town.id)

    assert "mobilier-occasion" in results
    assert "main-oeuvre" not in results  # a synonym's words are found side by side


def test_clause_sociale_finds_the_insertion_clauses(library):
    results = found(library, "clause sociale")

    assert {"reserved-insertion", "insertion-hours", "social-clause-monitoring"} <= results
    without_synonyms(library)
    assert "reserved-insertion" not in found(library, "clause sociale")


def test_synonyms_are_searched_in_the_query_language_only(library):
    assert "vegetarian-menu" in found(library, "canteen", language="en")
    assert found(library, "cantine", language="en") == set()


def test_an_organisations_own_synonyms_serve_its_searches_only(library):
    town, other = make_organisation(library, "Ville A"), make_organisation(library, "Ville B")
    library.add(
        SearchSynonym(
            organisation_id=town.id,
            language="fr",
            terms=["demi-pension", "restauration scolaire"],
            one_way=True,
        )
    )
    library.commit()

    assert "school-catering-food-education" in found(
        library, "demi pension", organisation_id=town.id
    )
    assert found(library, "demi pension", organisation_id=other.id) == set()
    assert found(library, "demi pension") == set()


def test_a_title_match_through_a_synonym_ranks_first(library):
    page = search_library(library, LibraryQuery(text="cantine", page_size=500))

    first = page.items[0].search_title_fr
    assert "restauration scolaire" in first or "restauration collective" in first


def test_loading_the_synonyms_again_replaces_the_reference_set_only(library):
    town = make_organisation(library, "Ville A")
    library.add(SearchSynonym(organisation_id=town.id, language="fr", terms=["a1", "b1"]))
    library.commit()
    reference = library.scalar(
        select(SearchSynonym.id).where(SearchSynonym.organisation_id.is_(None)).limit(1)
    )

    count = load_synonyms(library)
    library.commit()

    rows = library.scalars(select(SearchSynonym)).all()
    assert len(rows) == count + 1
    assert [row.terms for row in rows if row.organisation_id == town.id] == [["a1", "b1"]]
    assert library.get(SearchSynonym, reference) is None


def test_load_synonyms_command_loads_and_reports_a_bad_file(runner, session, tmp_path):
    result = runner.invoke(args=["load-synonyms"])
    assert result.exit_code == 0, result.output
    assert "synonym group(s)" in result.output
    assert session.scalar(select(SearchSynonym).limit(1)) is not None

    bad = tmp_path / "synonyms.yaml"
    bad.write_text("fr:\n  - [cantine]\n", encoding="utf-8")
    result = runner.invoke(args=["load-synonyms", str(bad)])
    assert result.exit_code == 1
    assert "fr[0]: synonyms: a group needs at least two different terms" in result.output
    assert "nothing was loaded" in result.output
