from __future__ import annotations

from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from procure.documents.tender_file import (
    TenderFileError,
    library_entries,
    parse_tender,
    read_tender_file,
)
from procure.tenders.criteria import default_criteria
from procure.tenders.selection import default_selection_by_lot
from procure.vocabulary import ClauseKind, ClauseStatus, CriterionKind
from tests.unit.documents.helpers import EXAMPLES, library

EXAMPLE_FILES = sorted(EXAMPLES.glob("*.yaml"))


def minimal() -> dict:
    return yaml.safe_load((EXAMPLES / "site-internet.yaml").read_text(encoding="utf-8"))


def problems(data: object) -> list[str]:
    with pytest.raises(TenderFileError) as error:
        parse_tender(data, library(), source="t.yaml")
    return error.value.problems


def test_there_are_at_least_five_examples() -> None:
    assert len(EXAMPLE_FILES) >= 5


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_every_example_reads_with_clauses_from_the_library(path: Path) -> None:
    snapshot = read_tender_file(path, library())
    assert snapshot.clauses
    assert sum(c.weight for c in snapshot.criteria) == 100
    for clause in snapshot.clauses:
        assert clause.slug in library()


def test_the_school_catering_example_keeps_the_buyers_values() -> None:
    snapshot = read_tender_file(EXAMPLES / "restauration-scolaire.yaml", library())
    clause = snapshot.clause("insertion-hours")
    assert clause.value("insertion_hours") == 857
    assert clause.value("hourly_cost") == 28
    assert snapshot.purchase.estimated_value == Decimal(1_200_000)
    assert snapshot.context.labour_share == Decimal(40)


def test_a_clause_criterion_writes_its_weight_into_the_clause() -> None:
    snapshot = read_tender_file(EXAMPLES / "restauration-scolaire.yaml", library())
    assert snapshot.clause("food-direct-supply-award").value("criterion_weight") == 20


def test_problems_name_the_file_and_the_field() -> None:
    data = minimal()
    data["purchase"]["estimated_value"] = "a lot"
    data["purchase"]["cpv_main"] = "72413000"
    data["clauses"][0]["values"]["page_weight_budget"] = "light"
    data["clauses"][1]["values"]["renewable_share"] = 140
    data["clauses"].append({"id": "no-such-clause"})
    data["criteria"][0]["weight"] = 50
    data["colour"] = "blue"
    found = problems(data)
    expected = [
        "t.yaml: purchase.cpv_main: '72413000' is not a CPV code",
        "t.yaml: purchase.estimated_value: ",
        "t.yaml: clauses[0].values.page_weight_budget: ",
        "t.yaml: clauses[1].values.renewable_share: must be at most 100",
        "t.yaml: clauses[5].id: no clause 'no-such-clause' in the library",
        "t.yaml: criteria: the weights add up to 110, not 100",
        "t.yaml: colour: unknown section",
    ]
    for start in expected:
        assert any(problem.startswith(start) for problem in found), (start, found)


def test_an_unknown_variable_lists_the_clauses_variables() -> None:
    data = minimal()
    data["clauses"][0]["values"]["colour"] = "green"
    (problem,) = problems(data)
    assert "has no variable 'colour'; its variables are page_weight_budget" in problem


def test_a_clause_criterion_must_name_a_chosen_award_criterion() -> None:
    data = minimal()
    data["criteria"][2]["clause"] = "green-hosting-data-centre"
    assert any("is not an award criterion" in p for p in problems(data))


def test_clauses_that_exclude_each_other_are_refused() -> None:
    data = minimal()
    data["clauses"] += [{"id": "reserved-insertion"}, {"id": "reserved-disability"}]
    assert any("cannot be chosen together" in p for p in problems(data))


def test_a_file_that_is_not_yaml_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "broken.yaml"
    path.write_text("purchase: [unclosed", encoding="utf-8")
    with pytest.raises(TenderFileError, match="is not valid YAML"):
        read_tender_file(path, library())


def test_a_file_that_is_not_a_mapping_is_reported() -> None:
    assert problems(["a", "list"]) == ["t.yaml: (file): must be a YAML mapping of sections"]


def test_a_reason_is_one_text_for_every_language_or_one_per_language() -> None:
    data = minimal()
    data["clauses"][0]["reason"] = "Obligation légale."
    data["clauses"][1]["reason"] = {"fr": "Réemploi du matériel.", "en": "Reuse of equipment."}
    first, second = parse_tender(data, library(), source="t.yaml").clauses[:2]
    assert (first.reason_in("fr"), first.reason_in("en")) == ("Obligation légale.",) * 2
    assert (second.reason_in("fr"), second.reason_in("en")) == (
        "Réemploi du matériel.",
        "Reuse of equipment.",
    )


def test_a_reason_in_an_unknown_language_is_named() -> None:
    data = minimal()
    data["clauses"][0]["reason"] = {"fr": "Motif.", "de": "Grund."}
    assert any("clauses[0].reason: unknown language de" in p for p in problems(data))


def test_a_reason_given_in_one_language_serves_the_others() -> None:
    data = minimal()
    data["clauses"][0]["reason"] = {"fr": "Obligation légale."}
    clause = parse_tender(data, library(), source="t.yaml").clauses[0]
    assert clause.reason == {"fr": "Obligation légale."}
    assert clause.reason_in("en") == "Obligation légale."


def test_a_clause_may_carry_the_buyers_own_wording() -> None:
    data = minimal()
    slug = data["clauses"][0]["id"]
    library_text = library()[slug].content["text"]
    data["clauses"][0]["text"] = {"fr": "Texte adapté par l'acheteur.", "en": library_text["en"]}
    clause = parse_tender(data, library(), source="t.yaml").clauses[0]
    assert clause.custom_text == {"fr": "Texte adapté par l'acheteur."}, "English left as is"
    assert clause.text("fr") == "Texte adapté par l'acheteur."
    assert clause.text("en") == library_text["en"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Texte libre.", "clauses[0].text: must give the wording by language"),
        ({"fr": "Au moins {{ heures }} heures."}, "clauses[0].text.fr: uses {{ heures }}"),
        ({"en": "At least {{ hours."}, "clauses[0].text.en: '{{' stands alone"),
    ],
)
def test_an_unusable_wording_is_named(text, message) -> None:
    data = minimal()
    data["clauses"][0]["text"] = text
    assert any(message in problem for problem in problems(data)), problems(data)


# -- clauses: auto -----------------------------------------------------------------
def auto(name: str = "site-internet.yaml", *, keep_criteria: bool = False) -> dict:
    data = yaml.safe_load((EXAMPLES / name).read_text(encoding="utf-8"))
    data["clauses"] = "auto"
    if not keep_criteria:
        del data["criteria"]
    return data


def guided_form_selection(snapshot) -> dict[str, tuple[int, ...]]:
    """The guided form's default selection: slug -> the lots it is ticked for."""
    entries = library_entries(library().values())
    return default_selection_by_lot(replace(snapshot, clauses=(), criteria=()), entries)


@pytest.mark.parametrize("path", EXAMPLE_FILES, ids=lambda path: path.stem)
def test_clauses_auto_takes_the_default_selection_of_the_guided_form(path: Path) -> None:
    snapshot = parse_tender(auto(path.name), library(), source="t.yaml")
    assert {c.slug: c.lots for c in snapshot.clauses} == guided_form_selection(snapshot)
    assert snapshot.clauses
    for clause in snapshot.clauses:
        assert clause.reason_in("fr")
        assert clause.reason_in("en")
        assert set(clause.values) <= {"criterion_weight"}  # the clause's default values


def test_clauses_auto_without_criteria_weighs_them_as_the_guided_form() -> None:
    snapshot = parse_tender(auto("ordinateurs-portables.yaml"), library(), source="t.yaml")
    award = [c.slug for c in snapshot.clauses if c.kind is ClauseKind.AWARD_CRITERION]
    weights = default_criteria(award)
    assert [(c.kind, c.weight, c.slug) for c in snapshot.criteria] == [
        (CriterionKind.PRICE, weights.price, None),
        (CriterionKind.TECHNICAL, weights.technical, None),
        *((CriterionKind.CLAUSE, weights.clauses[slug], slug) for slug in award),
    ]
    assert sum(c.weight for c in snapshot.criteria) == 100
    for slug in award:
        clause = snapshot.clause(slug)
        if "criterion_weight" in clause.content.variable_names:
            assert clause.value("criterion_weight") == weights.clauses[slug]


def test_clauses_auto_keeps_criteria_the_file_gives() -> None:
    data = auto("site-internet.yaml", keep_criteria=True)
    award = [
        c.slug
        for c in parse_tender(auto(), library(), source="t.yaml").clauses
        if c.kind is ClauseKind.AWARD_CRITERION
    ]
    data["criteria"] = [
        {"kind": "price", "label": "Prix", "weight": 70},
        {"kind": "clause", "clause": award[0], "weight": 30},
    ]
    snapshot = parse_tender(data, library(), source="t.yaml")
    assert [c.weight for c in snapshot.criteria] == [70, 30]


@pytest.mark.parametrize("value", ["automatic", 3, {"id": "rgaa-accessibility-conformance"}])
def test_clauses_is_a_list_or_auto(value) -> None:
    data = minimal()
    data["clauses"] = value
    del data["criteria"]
    assert problems(data) == [
        "t.yaml: clauses: must be a list of chosen clauses, or 'auto' for the default selection"
    ]


def test_clauses_auto_reports_the_purchase_problems_only() -> None:
    data = auto()
    del data["purchase"]["cpv_main"]
    assert problems(data) == ["t.yaml: purchase.cpv_main: is required"]


def test_only_approved_clauses_are_chosen_from() -> None:
    files = list(library().values())
    draft = replace(files[0], status=ClauseStatus.DRAFT)
    assert [e.slug for e in library_entries([draft, *files[1:]])] == [f.id for f in files[1:]]


def test_a_tender_file_with_aliases_is_refused_naming_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bomb.yaml"
    path.write_text(
        "purchase: &p {title: x}\nnotes: [*p, *p, *p]\n",
        encoding="utf-8",
    )
    with pytest.raises(
        TenderFileError, match=r"bomb.yaml: \(file\): is not accepted: uses an anchor"
    ):
        read_tender_file(path, library())


def renovation_file() -> dict:
    return yaml.safe_load((EXAMPLES / "renovation-ecole.yaml").read_text(encoding="utf-8"))


def test_a_lot_may_have_its_own_criteria_and_price_formula() -> None:
    data = renovation_file()
    data["price_formula"] = "proportional"
    data["lot_price_formulas"] = {3: "linear"}
    data["lot_criteria"] = {
        3: [
            {"kind": "price", "label": "Prix", "weight": 70},
            {"kind": "technical", "label": "Valeur technique", "weight": 30},
        ]
    }

    snapshot = parse_tender(data, library(), source="t.yaml")

    assert snapshot.price_formula_for(3) == "linear"
    assert snapshot.price_formula_for(2) == "proportional"
    assert [int(c.weight) for c in snapshot.criteria_for(3)] == [70, 30]
    assert [int(c.weight) for c in snapshot.for_lot(3).criteria] == [70, 30]
    assert snapshot.for_lot(3).price_formula == "linear"


def test_a_price_formula_for_an_unknown_lot_or_of_an_unknown_kind_is_named() -> None:
    data = renovation_file()
    data["price_formula"] = "quadratic"
    data["lot_price_formulas"] = {9: "linear", 2: ["linear"]}

    found = problems(data)

    assert "t.yaml: price_formula: must be one of proportional, linear" in found
    assert any(p.startswith("t.yaml: lot_price_formulas.9: there is no such lot") for p in found)
    assert "t.yaml: lot_price_formulas.2: must be one of proportional, linear" in found


def test_values_for_a_lot_the_clause_does_not_apply_to_name_that_lot() -> None:
    data = renovation_file()
    insertion = next(c for c in data["clauses"] if c["id"] == "insertion-hours")
    insertion["lot_values"][4] = {"insertion_hours": 100}  # the clause is on lots 1 and 2

    found = problems(data)

    field = f"clauses[{data['clauses'].index(insertion)}].lot_values.4"
    assert f"t.yaml: {field}: is not one of the lots the clause applies to (1, 2)" in found
