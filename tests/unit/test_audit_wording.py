"""The audit log's sentences: every action procure records has one, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from procure.auditlog.wording import ACTIONS

PACKAGE = Path(__file__).parents[2] / "procure"
ACTION_CODE = re.compile(r"\"([a-z_]+\.[a-z_]+)\"")
# ``action="tender.created"``, and ``action = ("a" if … else "b")`` over a few lines
ACTION_ARGUMENT = re.compile(r"\baction\s*=\s*\(?\s*(\"[^\n]*(?:\n[^\n]*\"[^\n]*){0,2})")
REVIEWED = ("clause", "clause_set")  # review services write f"{kind.action}.<step>"
REVIEW_STEPS = ("submitted", "approved", "changes_requested", "retired")


def recorded_actions() -> set[str]:
    found = set()
    for path in PACKAGE.rglob("*.py"):
        if path.parts[-2] == "auditlog":
            continue
        text = path.read_text(encoding="utf-8")
        if "record_event(" in text:
            for argument in ACTION_ARGUMENT.findall(text):
                found.update(ACTION_CODE.findall(argument))
    return found | {f"{kind}.{step}" for kind in REVIEWED for step in REVIEW_STEPS}


def test_every_recorded_action_has_a_sentence():
    actions = recorded_actions()

    assert "tender.variables_saved" in actions  # the scan finds them
    assert actions - set(ACTIONS) == set()
