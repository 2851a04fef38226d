"""An award criterion's sub-criteria are shares of its own mark, never fixed points.

The buyer sets the criterion's weight in the overall score; a fixed scale in the
clause text ("noté sur 20 points") would contradict it in the RC and the grid.
"""

from __future__ import annotations

import re
from pathlib import Path

from procure.library.content import ClauseContent
from procure.library.files import read_library
from procure.vocabulary import ClauseKind

CLAUSES = Path(__file__).parents[3] / "clauses"
FIXED_POINTS = re.compile(r"sur \d+ points|out of \d+ points|\(\d+ points\)")
SHARE = re.compile(r"\((\d+) %")


def award_criteria() -> dict[str, ClauseContent]:
    contents = {c.id: ClauseContent.from_mapping(c.content) for c in read_library(CLAUSES)}
    return {i: c for i, c in contents.items() if c.kind is ClauseKind.AWARD_CRITERION}


def test_no_award_criterion_mentions_a_fixed_number_of_points() -> None:
    found = [
        (clause_id, lang, match)
        for clause_id, content in award_criteria().items()
        for lang in ("fr", "en")
        for match in FIXED_POINTS.findall(content.text[lang])
    ]
    assert found == []


def test_the_sub_criterion_shares_of_an_award_criterion_total_100() -> None:
    totals = {
        (clause_id, lang): sum(int(n) for n in SHARE.findall(content.text[lang]))
        for clause_id, content in award_criteria().items()
        for lang in ("fr", "en")
        if SHARE.search(content.text[lang])
    }
    assert ("environmental-performance-criterion", "fr") in totals
    assert ("low-carbon-building-products-award", "en") in totals
    assert {key: total for key, total in totals.items() if total != 100} == {}
