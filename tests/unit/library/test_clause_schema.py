"""Each kind of bad clause file gets a precise error naming its file and field."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from procure.errors import ClauseFileError
from procure.library.files import read_library
from procure.library.schema import check_clause

EXAMPLE = Path(__file__).parents[3] / "clauses" / "social" / "insertion-hours.yaml"
PATH = "clauses/social/insertion-hours.yaml"


def example() -> dict:
    return copy.deepcopy(yaml.safe_load(EXAMPLE.read_text(encoding="utf-8")))


def problems_of(data: dict) -> list[str]:
    _, problems = check_clause(PATH, "social", data)
    return [f"{p.field}: {p.message}" for p in problems]


def test_the_example_clause_is_valid():
    clause, problems = check_clause(PATH, "social", example())
    assert problems == []
    assert clause.id == "insertion-hours"
    assert "id" not in clause.content


def test_unknown_theme_is_named():
    data = example()
    data["themes"] = ["cross_cutting", "space_travel"]
    assert problems_of(data) == [
        "themes: unknown value 'space_travel'; expected one of circular_economy, "
        "sustainable_food, sustainable_housing, responsible_tech, cross_cutting"
    ]


def test_variable_used_but_not_declared():
    data = example()
    data["text"]["fr"] += "\n\nDélai : {{ delai_jours }} jours."
    data["text"]["en"] += "\n\nTime limit: {{ delai_jours }} days."
    assert "text.fr: uses the variable 'delai_jours', which is not declared" in problems_of(data)


def test_variable_declared_but_unused():
    data = example()
    data["variables"].append(
        {
            "name": "unused_rate",
            "type": "percent",
            "label": {"fr": "Taux", "en": "Rate"},
            "help": {"fr": "Aide", "en": "Help"},
            "default": 5,
        }
    )
    assert problems_of(data) == [
        "variables[unused_rate]: is declared but never used in text or penalty"
    ]


def test_bad_legal_reference():
    data = example()
    data["legal_basis"].append({"code": "CCP", "article": "L9999-1"})
    assert problems_of(data) == [
        "legal_basis[2]: unknown legal reference CCP L9999-1; cite only references listed in "
        "procure/library/legal_bases.yaml"
    ]


def test_missing_translation():
    data = example()
    del data["guidance"]["en"]
    assert problems_of(data) == ["guidance.en: missing English translation"]


def test_translation_with_other_variables():
    data = example()
    data["text"]["en"] = data["text"]["en"].replace("{{ insertion_rate }}", "five")
    assert "text.en: the translation does not use the same variables (insertion_rate)" in (
        problems_of(data)
    )


def test_default_outside_bounds_and_wrong_type():
    data = example()
    data["variables"][1]["default"] = 45
    data["variables"][0]["default"] = "many"
    problems = problems_of(data)
    assert "variables[insertion_rate].default: 45 is outside the bounds" in problems
    assert "variables[insertion_hours].default: 'many' is not a integer value" in problems


def test_malformed_placeholder_is_reported():
    data = example()
    data["text"]["fr"] += " {{ Heures }}"
    assert "text.fr: '{{ Heures }}' is not a variable; write {{ name }}" in problems_of(data)


def test_unknown_kind_field_and_id_mismatch_all_reported_at_once():
    data = example()
    data["kind"] = "wish"
    data["colour"] = "blue"
    data["id"] = "other-id"
    problems = problems_of(data)
    assert "colour: unknown field (see clauses/README.md)" in problems
    assert "id: 'other-id' differs from the file name 'insertion-hours'" in problems
    assert any(problem.startswith("kind: unknown value 'wish'") for problem in problems)


def write(folder: Path, relative: str, data: object) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_duplicate_ids_across_folders(tmp_path):
    write(tmp_path, "social/insertion-hours.yaml", example())
    other = example()
    other["related"] = {}
    write(tmp_path, "environmental/insertion-hours.yaml", other)
    with pytest.raises(ClauseFileError) as raised:
        read_library(
            tmp_path,
            known_ids={
                "insertion-award-criterion",
                "social-clause-monitoring",
                "insertion-hours-cleaning-green-spaces",
            },
        )
    messages = [str(problem) for problem in raised.value.problems]
    assert any("id: duplicate id 'insertion-hours', also in" in m for m in messages)


def test_invalid_yaml_names_its_file(tmp_path):
    path = write(tmp_path, "social/broken.yaml", "id: broken\ntitle: [unclosed\n")
    with pytest.raises(ClauseFileError) as raised:
        read_library(tmp_path)
    (problem,) = raised.value.problems
    assert problem.file == str(path)
    assert problem.message.startswith("is not valid YAML")


def test_unknown_related_clause_and_wrong_folder(tmp_path):
    data = example()
    data["related"] = {"with": ["no-such-clause"]}
    write(tmp_path, "social/insertion-hours.yaml", data)
    write(tmp_path, "misc/insertion-hours.yaml", example())
    with pytest.raises(ClauseFileError) as raised:
        read_library(tmp_path)
    messages = [str(problem) for problem in raised.value.problems]
    assert any(m.endswith("related: refers to unknown clause 'no-such-clause'") for m in messages)
    assert any(
        "misc/insertion-hours.yaml: (file): must sit in one of the folders" in m for m in messages
    )


def test_families_a_clause_fits_are_kept_in_its_content():
    data = example()
    data["families"] = ["cleaning", "green_spaces"]
    clause, problems = check_clause(PATH, "social", data)
    assert problems == []
    assert clause.content["families"] == ["cleaning", "green_spaces"]


def test_unknown_family_names_its_file_and_field(tmp_path):
    data = example()
    data["families"] = ["cleaning", "space_travel"]
    path = write(tmp_path, "social/insertion-hours.yaml", data)
    with pytest.raises(ClauseFileError) as raised:
        read_library(
            tmp_path,
            known_ids={
                "insertion-award-criterion",
                "social-clause-monitoring",
                "insertion-hours-cleaning-green-spaces",
            },
        )
    (problem,) = raised.value.problems
    assert problem.file == str(path)
    assert problem.field == "families"
    assert problem.message.startswith("unknown value 'space_travel'; expected one of")
    assert "school_catering" in problem.message


def test_families_must_be_a_list():
    data = example()
    data["families"] = "cleaning"
    assert problems_of(data) == ["families: must be a list"]


def test_a_clause_file_with_anchors_and_aliases_is_refused_naming_it(tmp_path):
    data = example()
    data.pop("kpi", None)
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
    text += "kpi:\n  metric:\n    fr: &m Heures\n    en: *m\n  unit: h\n  frequency: yearly\n"
    path = tmp_path / "social" / "insertion-hours.yaml"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ClauseFileError) as raised:
        read_library(tmp_path)
    (problem,) = raised.value.problems
    assert problem.file == str(path)
    assert problem.field == "(file)"
    assert problem.message.startswith("is not accepted: uses an anchor (&m)")


def test_an_unknown_field_in_the_kpi_is_refused():
    data = example()
    data["kpi"] = {
        "metric": {"fr": "Heures", "en": "Hours"},
        "unit": "h",
        "frequency": "yearly",
        "payload": ["x"] * 1000,
    }
    assert problems_of(data) == [
        "kpi.payload: unknown indicator field; use metric, unit, frequency"
    ]


def test_a_clause_may_name_the_gpp_criteria_it_follows_from_the_bt805_list():
    data = example()
    data["eforms"] = {"gpp": ["national"]}
    assert problems_of(data) == []
    data["eforms"] = {"gpp": ["eu-core"]}
    assert problems_of(data) == [
        "eforms.gpp: unknown code 'eu-core'; expected one of eu, national, other, none"
    ]
