from __future__ import annotations

from procure.exports.eforms import collect_codes, suggested_description
from tests.factories import chosen


def test_codes_are_the_union_of_the_clauses_in_code_list_order() -> None:
    codes = collect_codes(
        [chosen("insertion-hours"), chosen("egalim-quality-share"), chosen("vegetarian-menu")]
    )
    assert codes.strategic == ("env-imp", "soc-obj")
    assert codes.social == ("opp",)
    assert codes.environmental[0] == "biodiv-eco"
    assert codes.reserved == ()
    assert codes.needs_description


def test_reserved_contracts_give_bt71_codes_from_their_legal_basis() -> None:
    assert collect_codes([chosen("reserved-insertion")]).reserved == ("res-ws",)
    assert collect_codes([chosen("reserved-ess-services")]).reserved == ("res-pub-ser",)


def test_no_clause_means_no_strategic_code_and_no_bt777() -> None:
    codes = collect_codes([])
    assert codes.strategic == ()
    assert not codes.needs_description
    assert codes.declared() == {
        "BT-06": ("none",),
        "BT-774": (),
        "BT-775": (),
        "BT-805": ("none",),
        "BT-71": ("none",),
    }


def test_the_bt777_draft_fits_the_field() -> None:
    text = suggested_description("Clauses : {titles}.", " ; ", ["x" * 100] * 100)
    assert len(text) == 6000
    assert text.endswith("…")
