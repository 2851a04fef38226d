"""Compliance messages name clauses by their titles and variables by their labels."""

from __future__ import annotations

from procure.compliance import evaluate, load_rules
from procure.compliance import wording as w
from procure.compliance.conditions import Facts
from procure.compliance.requirements import Selector
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import library_titles

VEGETARIAN = {
    "fr": "Menu végétarien hebdomadaire et option végétarienne quotidienne",
    "en": "Weekly vegetarian menu and daily vegetarian option",
}


def school_catering(*clauses):
    return make_snapshot(
        cpv_main="55524000-9", estimated_value=1_200_000, catering=True, clauses=clauses
    )


def test_a_clause_not_chosen_is_named_by_the_title_the_caller_gives() -> None:
    results = evaluate(school_catering(), load_rules(), titles=library_titles())
    result = next(r for r in results if r.rule_id == "school-vegetarian-menu")

    assert result.why["en"] == f"Clause '{VEGETARIAN['en']}' is not chosen."
    assert ("vegetarian-menu", VEGETARIAN["fr"]) in result.satisfying("fr")


def test_a_clause_no_one_names_falls_back_to_its_id() -> None:
    results = evaluate(school_catering(), load_rules())
    result = next(r for r in results if r.rule_id == "school-vegetarian-menu")

    assert result.why["fr"] == "La clause « vegetarian-menu » n'est pas retenue."
    assert ("vegetarian-menu", "vegetarian-menu") in result.satisfying("fr")


def test_the_chosen_version_title_wins_over_the_library_one() -> None:
    snapshot = make_snapshot(clauses=(chosen("vegetarian-menu"),))
    facts = Facts(
        snapshot, snapshot.purchase.launch_date, titles={"vegetarian-menu": {"fr": "Ancien"}}
    )

    assert facts.clause_title("vegetarian-menu") == VEGETARIAN


def test_a_title_missing_in_one_language_takes_the_other() -> None:
    assert w.title({"fr": "Menu"}, "menu-slug") == {"fr": "Menu", "en": "Menu"}
    assert w.title({"fr": " ", "en": ""}, "menu-slug") == {"fr": "menu-slug", "en": "menu-slug"}


def test_titles_are_quoted_as_each_language_quotes() -> None:
    said = w.quoted([{"fr": "A", "en": "A"}, {"fr": "B", "en": "B"}])

    assert said == {"fr": "« A », « B »", "en": "'A', 'B'"}


def test_a_selector_of_ids_names_the_clauses_by_title() -> None:
    snapshot = make_snapshot()
    facts = Facts(snapshot, snapshot.purchase.launch_date, titles=library_titles())

    said = Selector(ids=("vegetarian-menu",)).describe(facts)

    assert said["fr"] == f"parmi « {VEGETARIAN['fr']} »"
    assert said["en"] == f"among '{VEGETARIAN['en']}'"
