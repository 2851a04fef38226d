"""Reserved contracts: L2113-12/13 (disability, work integration), L2113-13-1 (prison
work) and L2113-15 (social economy)."""

from __future__ import annotations

import pytest

from procure.compliance import Outcome
from procure.snapshot import ChosenClause
from procure.vocabulary import ClauseKind, ContractType, Pillar
from tests.factories import chosen, make_snapshot
from tests.unit.compliance.tenders import inline_clause, outcome, results_by_id


def reserved(slug: str, text: str) -> ChosenClause:
    return inline_clause(
        slug,
        ClauseKind.RESERVED_CONTRACT,
        pillars=(Pillar.SOCIAL,),
        title={"fr": "Marché réservé", "en": "Reserved contract"},
        text={"fr": text, "en": "Reserved."},
    )


# -- reserved-sheltered-insertion-notice -----------------------------------------------


@pytest.mark.parametrize(
    "slug",
    [
        "reserved-disability",
        "reserved-insertion",
        "reserved-disability-and-insertion",
        "food-lot-reserved-esat-siae",
        "it-refurbishment-reserved-lot",
    ],
)
def test_library_reservation_clauses_state_the_article_and_the_50_percent(slug: str) -> None:
    snapshot = make_snapshot(clauses=(chosen(slug),))

    assert outcome("reserved-sheltered-insertion-notice", snapshot) is Outcome.PASSED


def test_reservation_without_the_50_percent_fails() -> None:
    clause = reserved(
        "reserved-insertion",
        "Le présent marché est réservé aux structures d'insertion (article L2113-13).",
    )

    result = results_by_id(make_snapshot(clauses=(clause,)))["reserved-sheltered-insertion-notice"]

    assert result.outcome is Outcome.FAILED
    assert result.why["fr"] == "La clause « Marché réservé » ne mentionne pas « 50 % »."


def test_reservation_without_an_article_fails() -> None:
    clause = reserved("reserved-disability", "Réservé aux ESAT employant 50 % de travailleurs.")

    result = results_by_id(make_snapshot(clauses=(clause,)))["reserved-sheltered-insertion-notice"]

    assert result.outcome is Outcome.FAILED
    assert result.why["en"] == (
        "Clause 'Reserved contract' does not mention \"L2113-12 / L2113-13 / L2113-14\"."
    )


def test_reservation_wording_tolerates_spacing_and_article_dots() -> None:
    clause = reserved(
        "reserved-insertion",
        "Marché réservé en application de l'article L.\u00a02113-13, "
        "proportion minimale de 50\u202f% de travailleurs défavorisés.",
    )

    snapshot = make_snapshot(clauses=(clause,))

    assert outcome("reserved-sheltered-insertion-notice", snapshot) is Outcome.PASSED


def test_reservation_rule_does_not_apply_without_a_reservation() -> None:
    snapshot = make_snapshot(clauses=(chosen("insertion-hours"),))

    assert outcome("reserved-sheltered-insertion-notice", snapshot) is Outcome.NOT_APPLICABLE


# -- reserved-prison-work-notice -------------------------------------------------------


def test_library_prison_work_clause_states_the_article_and_the_50_percent() -> None:
    snapshot = make_snapshot(clauses=(chosen("reserved-prison-work"),))

    result = results_by_id(snapshot)["reserved-prison-work-notice"]

    assert result.outcome is Outcome.PASSED
    assert result.blocks_download is False
    assert result.legal_basis == (("CCP", "L2113-13-1"), ("CCP", "R2113-7"))


def test_prison_work_reservation_citing_another_article_fails() -> None:
    clause = reserved(
        "reserved-prison-work",
        "Le présent marché est réservé (article L2113-13) aux opérateurs employant au moins "
        "50 % de personnes détenues.",
    )

    result = results_by_id(make_snapshot(clauses=(clause,)))["reserved-prison-work-notice"]

    assert result.outcome is Outcome.FAILED
    assert result.why["fr"] == "La clause « Marché réservé » ne mentionne pas « L2113-13-1 »."


def test_prison_work_reservation_without_the_50_percent_fails() -> None:
    clause = reserved(
        "reserved-prison-work",
        "En application de l'article L. 2113-13-1, le présent marché est réservé aux "
        "opérateurs qui l'exécutent en détention.",
    )

    result = results_by_id(make_snapshot(clauses=(clause,)))["reserved-prison-work-notice"]

    assert result.outcome is Outcome.FAILED
    assert result.why["en"] == "Clause 'Reserved contract' does not mention \"50 %\"."
    assert result.blocks_download
    assert "avis d'appel à la concurrence" in result.action["fr"]


def test_prison_work_rule_does_not_apply_to_other_reservations() -> None:
    snapshot = make_snapshot(clauses=(chosen("reserved-insertion"),))

    assert outcome("reserved-prison-work-notice", snapshot) is Outcome.NOT_APPLICABLE


# -- reserved-ess-services-cpv ----------------------------------------------------------


def ess_services(cpv_main: str, *additional: str, duration: int = 36) -> dict[str, object]:
    return {
        "contract_type": ContractType.SERVICES,
        "cpv_main": cpv_main,
        "cpv_additional": additional,
        "duration_months": duration,
        "clauses": (chosen("reserved-ess-services"),),
    }


@pytest.mark.parametrize(
    "codes",
    [("85311000-2",), ("85311000-2", "85320000-8"), ("92500000-6",), ("80110000-8",)],
)
def test_social_economy_reservation_passes_on_listed_services(codes: tuple[str, ...]) -> None:
    snapshot = make_snapshot(**ess_services(*codes))

    assert outcome("reserved-ess-services-cpv", snapshot) is Outcome.PASSED


def test_social_economy_reservation_fails_when_a_code_is_off_the_list() -> None:
    snapshot = make_snapshot(**ess_services("85311000-2", "55524000-9"))

    result = results_by_id(snapshot)["reserved-ess-services-cpv"]

    assert result.outcome is Outcome.FAILED
    assert result.why["fr"] == "Ces codes CPV ne figurent pas sur la liste : 55524000."


def test_listed_codes_outside_division_85_are_exact_codes() -> None:
    library_services = make_snapshot(**ess_services("92510000-9"))

    assert outcome("reserved-ess-services-cpv", library_services) is Outcome.FAILED


def test_social_economy_rules_do_not_apply_without_the_reservation() -> None:
    snapshot = make_snapshot(contract_type=ContractType.SERVICES, cpv_main="55524000-9")

    assert outcome("reserved-ess-services-cpv", snapshot) is Outcome.NOT_APPLICABLE
    assert outcome("reserved-ess-services-duration", snapshot) is Outcome.NOT_APPLICABLE


# -- reserved-ess-services-duration ------------------------------------------------------


@pytest.mark.parametrize(
    ("months", "expected"), [(24, Outcome.PASSED), (36, Outcome.PASSED), (37, Outcome.FAILED)]
)
def test_social_economy_reservation_lasts_three_years_at_most(
    months: int, expected: Outcome
) -> None:
    snapshot = make_snapshot(**ess_services("85311000-2", duration=months))

    result = results_by_id(snapshot)["reserved-ess-services-duration"]

    assert result.outcome is expected
    assert result.verified is False
