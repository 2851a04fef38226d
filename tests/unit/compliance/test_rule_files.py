from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from procure.compliance import RULES_FOLDER, RuleFileError, Severity, load_rules, read_rules
from procure.compliance.coherence import COHERENCE_CHECKS
from procure.compliance.conditions import CONDITIONS
from procure.compliance.requirements import REQUIREMENTS
from tests.unit.compliance.tenders import CLAUSES

VALID: dict[str, Any] = {
    "id": "sample-rule",
    "title": {"fr": "Règle d'essai", "en": "Sample rule"},
    "legal_basis": [{"code": "CCP", "article": "L2112-2"}],
    "in_force_from": "2026-08-21",
    "verified": True,
    "severity": "blocking",
    "applies_when": {"defence_or_security": False},
    "requires": [{"clauses": {"kinds": ["execution_condition"], "pillars": ["environmental"]}}],
    "message": {"fr": "Faites ceci.", "en": "Do this."},
    "satisfied_by": ["environmental-execution-condition"],
    "exceptions_allowed": False,
}


def write_rule(folder: Path, data: Any, name: str = "sample-rule") -> Path:
    path = folder / f"{name}.yaml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def rule_with(**changes: Any) -> dict[str, Any]:
    data = copy.deepcopy(VALID)
    for key, value in changes.items():
        if value is None:
            data.pop(key, None)
        else:
            data[key] = value
    return data


def problems(folder: Path, library: Path | None = CLAUSES) -> list[tuple[str, str]]:
    with pytest.raises(RuleFileError) as caught:
        read_rules(folder, library)
    return [(problem.field, problem.message) for problem in caught.value.problems]


def test_the_shipped_rules_load_against_the_real_clause_library() -> None:
    rules = load_rules(RULES_FOLDER, CLAUSES)

    assert len(rules) >= 20
    assert len({rule.id for rule in rules}) == len(rules)


def test_load_rules_reads_the_folder_once() -> None:
    assert load_rules() is load_rules()


def test_a_valid_rule_file_loads_with_its_fields(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID)

    (rule,) = read_rules(tmp_path, CLAUSES)

    assert rule.id == "sample-rule"
    assert rule.in_force_from == dt.date(2026, 8, 21)
    assert rule.in_force_until is None
    assert rule.severity is Severity.BLOCKING
    assert rule.legal_basis == (("CCP", "L2112-2"),)
    assert rule.satisfied_by == ("environmental-execution-condition",)


def test_unknown_field_is_named(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(notes="free text"))

    assert problems(tmp_path) == [("notes", "unknown field")]


def test_missing_field_is_required(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(exceptions_allowed=None))

    assert problems(tmp_path) == [("exceptions_allowed", "is required")]


def test_unknown_legal_reference_is_rejected(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(legal_basis=[{"code": "CCP", "article": "L9999-9"}]))

    assert problems(tmp_path) == [
        (
            "legal_basis[0]",
            "unknown legal reference CCP L9999-9; "
            "cite only references listed in procure/library/legal_bases.yaml",
        )
    ]


def test_an_unverified_reference_needs_verified_false(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(legal_basis=[{"code": "CCP", "article": "R2111-16"}]))

    assert problems(tmp_path) == [
        (
            "verified",
            "cites CCP R2111-16, which legal_bases.yaml marks unverified; set verified: false",
        )
    ]


def test_a_blocking_rule_must_cite_a_reference(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(legal_basis=[]))

    assert problems(tmp_path) == [
        ("legal_basis", "a blocking rule must cite at least one legal reference")
    ]


def test_advice_may_rest_on_no_article(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(legal_basis=[], severity="advice"))

    (rule,) = read_rules(tmp_path, CLAUSES)

    assert rule.legal_basis == ()


@pytest.mark.parametrize("bad", ["2026-13-01", "21/08/2026", "soon"])
def test_bad_date_is_reported_on_its_field(tmp_path: Path, bad: str) -> None:
    write_rule(tmp_path, f"in_force_from: {bad}\n" + _without("in_force_from"))

    assert problems(tmp_path) == [("in_force_from", f"'{bad}' is not a date YYYY-MM-DD")]


def test_end_date_before_start_date_is_rejected(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(in_force_until="2026-01-01"))

    assert problems(tmp_path) == [
        ("in_force_until", "2026-01-01 is before in_force_from 2026-08-21")
    ]


def test_unknown_clause_in_satisfied_by_is_rejected_when_a_library_is_given(
    tmp_path: Path,
) -> None:
    write_rule(tmp_path, rule_with(satisfied_by=["no-such-clause"]))

    assert problems(tmp_path) == [
        ("satisfied_by[0]", "unknown clause 'no-such-clause'; no such file in the clause library")
    ]
    assert read_rules(tmp_path)[0].satisfied_by == ("no-such-clause",)


def test_unknown_clause_named_in_a_condition_is_rejected(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(applies_when={"has_any_clause": ["ghost-clause"]}))

    assert problems(tmp_path) == [
        (
            "applies_when.has_any_clause[0]",
            "unknown clause 'ghost-clause'; no such file in the clause library",
        )
    ]


def test_unknown_severity_lists_the_choices(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(severity="fatal"))

    assert problems(tmp_path) == [
        ("severity", "unknown value 'fatal'; expected one of blocking, warning, advice")
    ]


def test_missing_translation_is_reported(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(message={"fr": "Faites ceci."}))

    assert problems(tmp_path) == [("message.en", "missing English translation")]


def test_id_must_equal_the_file_name(tmp_path: Path) -> None:
    write_rule(tmp_path, VALID, name="other-name")

    assert problems(tmp_path) == [("id", "'sample-rule' must equal the file name 'other-name'")]


def test_unknown_condition_test_lists_the_vocabulary(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(applies_when={"value_above": 10}))

    ((field, message),) = problems(tmp_path)

    assert field == "applies_when.value_above"
    assert message.startswith("unknown test 'value_above'; expected one of annual_purchases")


def test_a_condition_is_not_an_expression(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(applies_when="purchase.estimated_value > 216000"))

    assert problems(tmp_path) == [
        ("applies_when", "must be a mapping of tests ({} applies always)")
    ]


@pytest.mark.parametrize(
    ("applies_when", "expected"),
    [
        (
            {"contract_types": ["concession"]},
            (
                "applies_when.contract_types[0]",
                "unknown value 'concession'; expected one of works, supplies, services",
            ),
        ),
        (
            {"cpv_prefixes": [555]},
            ("applies_when.cpv_prefixes[0]", "'555' is not 2 to 8 digits in quotes"),
        ),
        (
            {"eu_threshold": "above"},
            (
                "applies_when.eu_threshold",
                "unknown value 'above'; expected at_or_above or below",
            ),
        ),
        (
            {"defence_or_security": "no"},
            ("applies_when.defence_or_security", "must be true or false, not 'no'"),
        ),
        (
            {"any_of": [{"catering": True}]},
            ("applies_when.any_of", "must list at least two mappings of tests"),
        ),
        (
            {"value_at_least": -5},
            ("applies_when.value_at_least", "must be a number from 0"),
        ),
    ],
)
def test_bad_condition_argument_is_reported_precisely(
    tmp_path: Path, applies_when: dict[str, Any], expected: tuple[str, str]
) -> None:
    write_rule(tmp_path, rule_with(applies_when=applies_when))

    assert problems(tmp_path) == [expected]


@pytest.mark.parametrize(
    ("requires", "expected"),
    [
        ([], ("requires", "must be a non-empty list of one-key mappings")),
        (
            [{"clauses": {"min": 1}, "has_spaser": True}],
            ("requires[0]", "must be a mapping with exactly one requirement"),
        ),
        (
            [{"coherence": "everything_fine"}],
            (
                "requires[0].coherence",
                "unknown coherence check 'everything_fine'; expected one of "
                "award_criteria_verifiable, execution_conditions_followed_up, "
                "no_double_counting, no_excluded_pairs",
            ),
        ),
        (
            [{"clauses": {"min": 2}}],
            ("requires[0].clauses", "must say which clauses: ids, kinds, pillars and/or themes"),
        ),
        (
            [{"clause_values": {"clause": "egalim-quality-share"}}],
            ("requires[0].clause_values", "must give at_least and/or at_most"),
        ),
        (
            [{"has_spaser": False}],
            ("requires[0].has_spaser", "must be true (leave the test out otherwise)"),
        ),
        (
            [
                {
                    "insertion_hours": {
                        "clause": "insertion-hours",
                        "hours_variable": "insertion_hours",
                        "hourly_cost": 30,
                        "tolerance_percent": 25,
                    }
                }
            ],
            ("requires[0].insertion_hours", "must give either rate_variable or rate"),
        ),
        (
            [{"any_of": [{"has_spaser": True}]}],
            ("requires[0].any_of", "must list at least two requirements"),
        ),
        (
            [{"criteria_weights_total": 120}],
            (
                "requires[0].criteria_weights_total",
                "must be a percentage above 0 and at most 100",
            ),
        ),
    ],
)
def test_bad_requirement_is_reported_precisely(
    tmp_path: Path, requires: list[Any], expected: tuple[str, str]
) -> None:
    write_rule(tmp_path, rule_with(requires=requires))

    assert problems(tmp_path) == [expected]


def test_file_that_is_not_yaml_is_reported(tmp_path: Path) -> None:
    write_rule(tmp_path, "id: [unclosed\n")

    ((field, message),) = problems(tmp_path)

    assert field == "(file)"
    assert message.startswith("is not valid YAML")


def test_file_that_is_not_a_mapping_is_reported(tmp_path: Path) -> None:
    write_rule(tmp_path, "- just\n- a list\n")

    assert problems(tmp_path) == [("(file)", "must be a YAML mapping of fields")]


def test_empty_folder_is_an_error(tmp_path: Path) -> None:
    assert problems(tmp_path) == [("(folder)", "contains no .yaml rule file")]


def test_every_problem_of_every_file_is_reported_at_once(tmp_path: Path) -> None:
    write_rule(tmp_path, rule_with(severity="fatal", message={"fr": "x"}))
    write_rule(tmp_path, rule_with(id="second", satisfied_by=["ghost"]), name="second")

    with pytest.raises(RuleFileError) as caught:
        read_rules(tmp_path, CLAUSES)

    report = [line.removeprefix(f"{tmp_path}/") for line in str(caught.value).splitlines()]
    assert sorted(report) == [
        "sample-rule.yaml: message.en: missing English translation",
        "sample-rule.yaml: severity: unknown value 'fatal'; "
        "expected one of blocking, warning, advice",
        "second.yaml: satisfied_by[0]: unknown clause 'ghost'; no such file in the clause library",
    ]


def _without(field: str) -> str:
    data = rule_with(**{field: None})
    return yaml.safe_dump(data, allow_unicode=True)


def test_the_rules_readme_documents_every_test_and_requirement() -> None:
    readme = (RULES_FOLDER / "README.md").read_text(encoding="utf-8")

    for name in [*CONDITIONS, *REQUIREMENTS, *COHERENCE_CHECKS]:
        assert f"`{name}`" in readme, name
