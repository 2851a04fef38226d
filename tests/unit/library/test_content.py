"""A clause's content read from its checked mapping into typed, frozen data."""

from __future__ import annotations

import dataclasses
from decimal import Decimal
from pathlib import Path

import pytest

from procure.library.content import DEFAULT_TEXT_MAX_LENGTH, ClauseContent, LegalBasis
from procure.library.files import read_library
from procure.vocabulary import (
    Ambition,
    ClauseKind,
    ContractType,
    KpiFrequency,
    Objective,
    Pillar,
    VariableType,
)

CLAUSES = Path(__file__).parents[3] / "clauses"


def library() -> dict[str, ClauseContent]:
    return {c.id: ClauseContent.from_mapping(c.content) for c in read_library(CLAUSES)}


def test_every_clause_of_the_library_reads_as_typed_content() -> None:
    contents = library()
    assert len(contents) == len(read_library(CLAUSES))
    for content in contents.values():
        assert content.title["fr"]
        assert content.text["en"]
        assert content.legal_basis


def test_the_insertion_clause_reads_with_its_enumerations_and_variables() -> None:
    content = library()["insertion-hours"]

    assert content.kind is ClauseKind.EXECUTION_CONDITION
    assert content.ambition is Ambition.CORE
    assert content.pillars == (Pillar.SOCIAL,)
    assert content.objectives == (Objective.INSERTION,)
    assert content.contract_types == (ContractType.WORKS, ContractType.SERVICES)
    assert content.legal_basis[0] == LegalBasis("CCP", "L2112-2")
    assert content.penalty is not None
    assert "{{ penalty_per_hour }}" in content.penalty["fr"]
    assert content.variable_names[:3] == ("insertion_hours", "insertion_rate", "facilitator")

    rate = content.variable("insertion_rate")
    assert rate is not None
    assert rate.type is VariableType.PERCENT
    assert rate.bounds == {"min": 1, "max": 20}
    assert rate.default == 5
    assert rate.unit == "%"
    facilitator = content.variable("facilitator")
    assert facilitator is not None
    assert facilitator.max_length == 200
    assert facilitator.default["en"].startswith("the social-clause facilitator")
    assert content.variable("no_such_variable") is None


def test_a_choice_variable_keeps_its_choices_in_order() -> None:
    variable = library()["energy-efficient-equipment"].variable("minimum_energy_class")

    assert variable is not None
    assert [choice.value for choice in variable.choices][:3] == ["A", "B", "C"]
    assert variable.choices[1].label == {"fr": "B", "en": "B"}


def test_texts_are_found_by_their_field_name() -> None:
    content = library()["insertion-hours"]

    assert content.texts("verification") == content.verification
    assert content.texts("penalty") == content.penalty
    assert content.texts("kind") is None


def test_what_a_hand_made_clause_leaves_out_reads_as_empty() -> None:
    content = ClauseContent.from_mapping(
        {"kind": "award_criterion", "ambition": "core", "text": {"fr": "Texte.", "en": "Text."}}
    )

    assert content.title == {}
    assert content.verification == {}
    assert content.penalty is None
    assert content.kpi is None
    assert content.eforms is None
    assert content.min_value is None
    assert content.variables == ()
    assert content.related_with == ()
    assert content.excludes == ()


def test_optional_fields_read_as_typed_values() -> None:
    content = ClauseContent.from_mapping(
        {
            "kind": "monitoring",
            "ambition": "comprehensive",
            "min_value": 216000,
            "kpi": {"metric": {"fr": "Heures", "en": "Hours"}, "unit": "h", "frequency": "monthly"},
            "eforms": {"social": ["et-eq"]},
            "related": {"with": ["insertion-hours"], "excludes": ["reserved-insertion"]},
            "legal_basis": [{"code": "LOI-2021-1104", "article": None}],
            "variables": [{"name": "note", "type": "text", "default": "x"}],
        }
    )

    assert content.min_value == Decimal(216000)
    assert content.kpi is not None
    assert content.kpi.frequency is KpiFrequency.MONTHLY
    assert content.eforms == {"social": ("et-eq",)}
    assert content.related_with == ("insertion-hours",)
    assert content.excludes == ("reserved-insertion",)
    assert content.legal_basis == (LegalBasis("LOI-2021-1104", None),)
    assert content.variables[0].max_length == DEFAULT_TEXT_MAX_LENGTH


def test_content_is_frozen() -> None:
    content = library()["insertion-hours"]

    with pytest.raises(dataclasses.FrozenInstanceError):
        content.kind = ClauseKind.MONITORING  # type: ignore[misc]


def test_a_content_without_kind_is_refused() -> None:
    with pytest.raises(KeyError):
        ClauseContent.from_mapping({"ambition": "core"})
