"""Adding, moving and removing the lots of step 1 without JavaScript: each button posts
the form, and the lots come back rearranged, everything typed kept.

Pure functions over the posted fields (``lots-<index>-<field>``); the page shows the
result as a draft until the buyer saves it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from werkzeug.datastructures import MultiDict

LOT_ACTION = "lot_action"  # the name of the lot buttons
LOT_FIELD = re.compile(r"^lots-(\d+)-(\w+)$")
ACTION = re.compile(r"^(add|remove|up|down)(?::(\d+))?$")
# What the first lot takes from the contract when the buyer divides it.
CARRIED = ("cpv_main", "cpv_additional", "estimated_value")

Row = dict[str, list[str]]


class UnknownLotAction(ValueError):
    """A lot button's value that is not one of ours."""


def rearranged(posted: Mapping[str, list[str]], action: str) -> MultiDict[str, str]:
    """The posted form with the lots changed as ``action`` says: ``add``, or ``remove``,
    ``up`` or ``down`` followed by ``:`` and the lot's index (from 0).

    Adding to a contract not divided makes two lots, the first with the contract's CPV
    codes and value. Removing the last but one lot leaves the contract undivided, the
    remaining lot's value becoming the contract's when it has none."""
    match = ACTION.match(action)
    if match is None:
        raise UnknownLotAction(action)
    verb, index = match.group(1), int(match.group(2) or 0)
    others, lots = _split(posted)
    if verb == "add":
        if not lots:
            lots.append({name: list(others.get(name, [""])) for name in CARRIED})
        lots.append({})
    elif not 0 <= index < len(lots):
        raise UnknownLotAction(action)
    elif verb == "remove":
        lots.pop(index)
        if len(lots) == 1:
            _undivide(others, lots.pop())
    else:
        other = index - 1 if verb == "up" else index + 1
        if 0 <= other < len(lots):
            lots[index], lots[other] = lots[other], lots[index]
    return _joined(others, lots)


def _split(posted: Mapping[str, list[str]]) -> tuple[dict[str, list[str]], list[Row]]:
    """The contract's fields, and the lots' fields row by row in their order."""
    others: dict[str, list[str]] = {}
    rows: dict[int, Row] = {}
    for name, values in posted.items():
        found = LOT_FIELD.match(name)
        if found is None:
            others[name] = list(values)
        else:
            rows.setdefault(int(found.group(1)), {})[found.group(2)] = list(values)
    return others, [rows[i] for i in sorted(rows)]


def _undivide(others: dict[str, list[str]], remaining: Row) -> None:
    if not "".join(others.get("estimated_value", [])).strip():
        others["estimated_value"] = remaining.get("estimated_value", [""])


def _joined(others: dict[str, list[str]], lots: list[Row]) -> MultiDict[str, str]:
    result: MultiDict[str, str] = MultiDict()
    for name, values in others.items():
        for value in values:
            result.add(name, value)
    for position, row in enumerate(lots):
        for name, values in {"title": [""], **row}.items():
            for value in values:
                result.add(f"lots-{position}-{name}", value)
    return result
