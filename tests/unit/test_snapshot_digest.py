"""A tender's digest names the data its documents are built from, and nothing else."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from procure.snapshot import snapshot_digest
from tests.factories import make_snapshot, school_catering


def test_the_same_tender_read_twice_has_the_same_digest() -> None:
    first = snapshot_digest(make_snapshot(**school_catering()))
    assert first == snapshot_digest(make_snapshot(**school_catering()))
    assert len(first) == 64
    assert int(first, 16) >= 0


def test_a_value_a_weight_or_a_justification_changes_the_digest() -> None:
    snapshot = make_snapshot(**school_catering())
    [first, *others] = snapshot.clauses
    criterion = snapshot.criteria[0]
    changed = [
        dataclasses.replace(
            snapshot,
            clauses=(dataclasses.replace(first, values={**first.values, "x": 1}), *others),
        ),
        dataclasses.replace(
            snapshot,
            criteria=(
                dataclasses.replace(criterion, weight=criterion.weight + Decimal(1)),
                *snapshot.criteria[1:],
            ),
        ),
        dataclasses.replace(snapshot, justifications={"egalim": "Marché de denrées"}),
    ]
    digests = {snapshot_digest(snapshot), *(snapshot_digest(other) for other in changed)}
    assert len(digests) == 1 + len(changed)


def test_text_that_is_not_valid_unicode_still_has_a_digest() -> None:
    snapshot = make_snapshot(**school_catering(title="\ud800 lone surrogate"))
    assert len(snapshot_digest(snapshot)) == 64
