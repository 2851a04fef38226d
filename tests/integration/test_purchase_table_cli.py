"""The purchases of ``tests/data/purchases.yaml`` on the command line, as a buyer without
the web app would take them: ``flask recommend --json`` on the tender file of each, with
``clauses: auto``, then ``build-tender`` on the same file.

The pure functions are tested on the same table in ``tests/unit/compliance`` and
``tests/unit/tenders``; here the command line must say the same and build the dossier.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from procure.documents.tender_file import library_entries, parse_tender
from procure.tenders.advice import advise
from tests.factories import clause_library
from tests.integration.test_documents_cli import flask_cli  # noqa: F401 (a fixture)
from tests.unit.compliance.test_purchase_table import PURCHASES
from tests.unit.tenders.test_default_dossiers import tender_file_of

PARAMS = [pytest.param(entry, id=entry["id"]) for entry in PURCHASES]


def tender_file(tmp_path: Path, entry: dict[str, Any]) -> Path:
    path = tmp_path / f"{entry['id']}.yaml"
    path.write_text(yaml.safe_dump(tender_file_of(entry), allow_unicode=True), encoding="utf-8")
    return path


@pytest.mark.parametrize("entry", PARAMS)
def test_recommend_json_and_build_tender_agree_on_the_default_dossier(
    entry: dict[str, Any],
    tmp_path: Path,
    flask_cli,  # noqa: F811
) -> None:
    path = tender_file(tmp_path, entry)
    result = flask_cli("recommend", str(path), "--json", "--language", "en")
    assert result.exit_code == 0, result.output
    advice = json.loads(result.output)

    # The same judgement as the pure functions.
    expected = advise(
        parse_tender(tender_file_of(entry), clause_library(), source=entry["id"]),
        library_entries(clause_library().values()),
        auto=True,
    ).as_json("en")
    assert advice == json.loads(json.dumps(expected, default=str))

    # The default selection meets every obligation the purchase carries.
    assert advice["tender"]["clauses"] == advice["default_selection"]
    assert {o["rule"] for o in advice["obligations"]} <= set(entry["expected_obligations"])
    for obligation in advice["obligations"]:
        if obligation["candidates"]:
            assert obligation["met_by"], (entry["id"], obligation["rule"])
    failed = {(r["rule"], r["severity"]) for r in advice["compliance"] if r["outcome"] == "failed"}
    assert {rule for rule, severity in failed if severity == "blocking"} == set(), entry["why"]
    accepted = set(entry.get("accepted_warnings") or ())
    assert {rule for rule, severity in failed if severity == "warning"} <= accepted

    built = flask_cli(
        "build-tender", str(path), "--out", str(tmp_path / "out"), "--no-refresh-fields"
    )
    assert built.exit_code == 0, built.output
    parts = {p.name.split("_")[-2] for p in (tmp_path / "out").iterdir()}
    assert {"RC", "CCAP", "CCTP", "note"} <= parts
