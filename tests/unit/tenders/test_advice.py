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
    assert list(first) == [
        "rule",
        "title",
        "legal_basis",
        "blocking",
        "candidates",
        "met_by",
        "lots",
        "unmet_lots",
    ]
    assert (first["lots"], first["unmet_lots"]) == ([], [])  # not divided
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


def catering_and_cleaning(*clauses):
    """School catering above the EU threshold in two lots: meals, and cleaning."""
    from decimal import Decimal

    from procure.snapshot import Lot

    lots = (
        Lot(1, "Repas", "55524000-9", Decimal(800_000), key="lot-1"),
        Lot(2, "Nettoyage des offices", "90919200-4", Decimal(400_000), key="lot-2"),
    )
    return make_snapshot(**{**school_catering(clauses=clauses), "lots": lots})


def test_on_a_divided_tender_each_obligation_names_its_lots_and_those_left_unmet() -> None:
    import dataclasses

    menu = dataclasses.replace(chosen("vegetarian-menu"), lots=(1,))
    insertion = chosen("insertion-hours", insertion_hours=400)
    snapshot = catering_and_cleaning(menu, insertion)

    duties = {o.rule_id: o for o in advise(snapshot, entries()).obligations}

    # EGalim and the vegetarian menu concern the meals only, not the cleaning lot
    assert duties["school-vegetarian-menu"].lots == (1,)
    assert duties["school-vegetarian-menu"].unmet_lots == ()
    assert duties["egalim-quality-organic-shares"].lots == (1,)
    # the social condition applies to both lots, and the insertion clause is on both
    social = duties["social-execution-condition"]
    assert (social.lots, social.unmet_lots) == ((1, 2), ())
    # a clause on lot 1 only leaves lot 2's technical specifications unmet
    specifications = duties["sustainable-technical-specifications"]
    assert (specifications.lots, specifications.unmet_lots) == ((1, 2), (2,))
    assert "vegetarian-menu" in specifications.satisfied_by


def test_recommend_prints_the_lots_of_an_obligation_and_those_left_unmet() -> None:
    import dataclasses

    from procure.documents.cli import advice_lines

    menu = dataclasses.replace(chosen("vegetarian-menu"), lots=(1,))
    lines = advice_lines(advise(catering_and_cleaning(menu), entries()), "fr")

    start = next(i for i, line in enumerate(lines) if "Spécifications techniques" in line)
    assert lines[start + 1].strip() == "lots concernés : 1 et 2"
    assert lines[start + 3].strip() == "non satisfaite pour les lots : 2"
    document = advise(catering_and_cleaning(menu), entries()).as_json("en")
    menu_duty = next(o for o in document["obligations"] if o["rule"] == "school-vegetarian-menu")
    assert (menu_duty["lots"], menu_duty["unmet_lots"]) == ([1], [])
