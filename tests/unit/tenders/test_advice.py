"""The judgement on one tender as ``recommend`` prints it: plain data, stable JSON keys."""

from __future__ import annotations

from procure.documents.tender_file import library_entries
from procure.tenders.advice import advise
from procure.tenders.recommend import recommend
from procure.tenders.selection import default_selection
from procure.vocabulary import ClauseGrouping
from tests.factories import chosen, clause_library, make_snapshot, school_catering


def entries():
    return library_entries(clause_library().values())


def test_advice_marks_the_chosen_clauses_that_meet_each_obligation() -> None:
    snapshot = make_snapshot(**school_catering(clauses=(chosen("vegetarian-menu"),)))
    advice = advise(snapshot, entries())
    menu = next(o for o in advice.obligations if o.rule_id == "school-vegetarian-menu")
    assert menu.satisfied_by == ("vegetarian-menu",)
    social = next(o for o in advice.obligations if o.rule_id == "social-execution-condition")
    assert social.satisfied_by == ()
    assert social.candidates


def test_advice_json_has_stable_keys_and_texts_in_one_language() -> None:
    snapshot = make_snapshot(**school_catering())
    advice = advise(snapshot, entries())
    document = advice.as_json("en")
    assert list(document) == [
        "tender",
        "obligations",
        "recommendations",
        "default_selection",
        "compliance",
    ]
    assert list(document["recommendations"]) == ["mandatory", "recommended", "possible"]
    assert document["tender"]["clauses"] == [c.slug for c in snapshot.clauses]
    assert document["tender"]["clauses_auto"] is False
    first = document["obligations"][0]
    assert list(first) == ["rule", "title", "legal_basis", "blocking", "candidates", "met_by"]
    assert first["title"] == next(
        o.title["en"] for o in advice.obligations if o.rule_id == first["rule"]
    )
    results = {r["rule"]: r for r in document["compliance"]}
    assert list(results["env-execution-condition"]) == ["rule", "severity", "outcome", "why"]


def test_advice_selection_and_groups_are_the_guided_forms() -> None:
    snapshot = make_snapshot(**school_catering())
    library = entries()
    recommendations = recommend(snapshot.purchase, snapshot.context, snapshot.ambition, library)
    advice = advise(snapshot, library)
    assert list(advice.default_selection) == default_selection(snapshot, library, recommendations)
    assert [r.entry.slug for r in advice.group(ClauseGrouping.MANDATORY)] == [
        r.entry.slug for r in recommendations if r.grouping is ClauseGrouping.MANDATORY
    ]


def test_advice_on_a_divided_tender_is_the_guided_form_s_lot_by_lot() -> None:
    """The renovation in five lots: each lot is judged on its own codes and labour share
    (all five at 35 % or more: insertion fits each), and the default selection is the
    one the tender file takes."""
    from procure.documents.tender_file import parse_tender
    from tests.unit.documents.test_tender_file import auto

    snapshot = parse_tender(auto("renovation-ecole.yaml"), clause_library(), source="t.yaml")
    document = advise(snapshot, entries(), auto=True).as_json("fr")

    assert document["tender"]["clauses"] == document["default_selection"]
    offered = {
        item["clause"]: item["lots"]
        for group in document["recommendations"].values()
        for item in group
    }
    assert set(offered["worksite-waste-management-plan"]) == {"1", "2", "3", "4", "5"}
    assert set(offered["insertion-hours"].values()) == {"recommended"}
    assert "new-building-airtightness-commissioning" not in document["default_selection"]
