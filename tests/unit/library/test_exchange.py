"""Reading a clause exchange file: every refusal names the entry and the field."""

from __future__ import annotations

import copy
from typing import Any

import pytest
import yaml

from procure.library.canonical import approved_hash
from procure.library.exchange import (
    FORMAT,
    MAX_EXCHANGE_BYTES,
    ExchangeFileError,
    decode_upload,
    read_exchange,
)
from tests.integration.test_review_workflow import clause_content


def exchange_document(*slugs: tuple[str, str]) -> dict[str, Any]:
    """An exchange file of the real clause files ``(folder, slug)``, approved; without
    their related clauses, which a test's library does not hold."""
    clauses = []
    for folder, slug in slugs:
        content = clause_content(slug, folder)
        content.pop("related", None)
        clauses.append(
            {
                "id": slug,
                "folder": folder,
                "versions": [
                    {
                        "number": 1,
                        "status": "approved",
                        "approved_hash": approved_hash(content),
                        "content": content,
                    }
                ],
            }
        )
    return {
        "format": FORMAT,
        "format_version": 1,
        "organisation": "Ville A",
        "exported_at": "2026-12-03T10:00:00+00:00",
        "clauses": clauses,
    }


TWO = (("social", "insertion-hours"), ("environmental", "ecolabel-or-equivalent"))


def problems_of(text: str) -> list[str]:
    with pytest.raises(ExchangeFileError) as caught:
        read_exchange(text)
    return [str(problem) for problem in caught.value.problems]


def test_a_sound_file_gives_each_clause_with_its_content():
    document = exchange_document(*TWO)
    header, clause_files = read_exchange(yaml.safe_dump(document, allow_unicode=True))
    assert header["organisation"] == "Ville A"
    assert [clause.id for clause in clause_files] == ["insertion-hours", "ecolabel-or-equivalent"]
    expected = clause_content("insertion-hours", "social")
    expected.pop("related")
    assert clause_files[0].content == expected


def test_a_missing_french_title_names_the_entry_and_the_field():
    document = exchange_document(*TWO)
    del document["clauses"][1]["versions"][0]["content"]["title"]["fr"]
    assert problems_of(yaml.safe_dump(document)) == [
        "clauses[2] (ecolabel-or-equivalent) versions[1]: content.title.fr: missing French text"
    ]


def test_content_changed_after_approval_is_refused_by_its_hash():
    document = exchange_document(*TWO)
    document["clauses"][0]["versions"][0]["content"]["text"]["fr"] += " Modifié."
    [problem] = problems_of(yaml.safe_dump(document, allow_unicode=True))
    assert problem.startswith("clauses[1] (insertion-hours) versions[1]: approved_hash: does not")


def test_unknown_fields_and_a_duplicate_identifier_are_named():
    document = exchange_document(*TWO)
    document["clauses"].append(copy.deepcopy(document["clauses"][0]))
    document["clauses"][0]["versions"][0]["content"]["script"] = "rm -rf /"
    document["signature"] = "x"
    assert problems_of(yaml.safe_dump(document, allow_unicode=True)) == [
        "(file): signature: unknown field",
        "clauses[1] (insertion-hours) versions[1]: content.script: unknown field",
        "clauses[3] (insertion-hours): id: appears twice in the file",
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: &x [1]\nb: *x\n", "(file): (yaml): is not accepted: uses an anchor (&x)"),
        ("format: [unclosed\n", "(file): (yaml): is not valid YAML"),
        ("- just\n- a list\n", "(file): (yaml): must be a mapping of fields"),
        ("!!python/object:os.system {}\n", "(file): (yaml): is not valid YAML"),
        (
            f"format: {FORMAT}\nformat_version: 9\norganisation: A\nexported_at: x\nclauses: []\n",
            "(file): format_version: must be 1; this file says 9",
        ),
        (
            "format: other\nformat_version: 1\norganisation: A\nexported_at: x\nclauses: [1]\n",
            "(file): format: must be 'procure-clause-exchange'",
        ),
    ],
)
def test_hostile_or_foreign_files_are_refused_with_the_field_named(text, expected):
    assert problems_of(text)[0].startswith(expected)


def test_an_unknown_status_is_named():
    document = exchange_document(*TWO)
    document["clauses"][0]["versions"][0]["status"] = "published"
    [problem] = problems_of(yaml.safe_dump(document, allow_unicode=True))
    assert problem.startswith(
        "clauses[1] (insertion-hours) versions[1]: status: unknown value 'published'"
    )


def test_an_entry_that_is_not_a_mapping_is_named_by_its_position():
    document = exchange_document(*TWO)
    document["clauses"][1] = "insertion-hours"
    assert problems_of(yaml.safe_dump(document, allow_unicode=True)) == [
        "clauses[2]: (entry): must be a mapping of fields"
    ]


def test_an_upload_over_the_size_limit_or_not_utf8_is_refused_before_parsing():
    with pytest.raises(ExchangeFileError, match=r"\(size\)"):
        decode_upload(b"#" * (MAX_EXCHANGE_BYTES + 1))
    with pytest.raises(ExchangeFileError, match=r"\(encoding\)"):
        decode_upload("format: é".encode("latin-1"))
