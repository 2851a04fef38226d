"""The wizard's six steps, in order, with the names the progress bar shows."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Step:
    number: int
    slug: str
    title: LazyString


STEPS = (
    Step(1, "purchase", _l("The purchase")),
    Step(2, "context", _l("Context")),
    Step(3, "clauses", _l("Recommended clauses")),
    Step(4, "variables", _l("Variables")),
    Step(5, "criteria", _l("Award criteria")),
    Step(6, "review", _l("Review")),
)
STEP_BY_SLUG = {step.slug: step for step in STEPS}
LAST_STEP = len(STEPS)

# Saving a step marks the later steps that depend on it as to be checked again.
DEPENDENT_STEPS = {1: (3, 4, 5), 2: (3,), 3: (4, 5), 4: (), 5: ()}
