"""Every article a clause cites, in its legal basis or in its words, is in the catalogue.

The loader rejects an unknown legal basis (test_clause_schema); these tests read the
real library file by file, so that an article quoted in a clause's text or guidance
but missing from ``procure/library/legal_bases.yaml`` (an invented or superseded
number) fails too.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from procure.library.legal import catalogue

CLAUSES = Path(__file__).parents[3] / "clauses"
# Code articles as French texts write them: L2113-13-1, R2111-17, D2111-3, L. 224-7.
ARTICLE = re.compile(r"\b([LRD])\.? ?(\d{3,4}(?:-\d+)+)\b")
WORDED_FIELDS = ("text", "guidance", "verification", "penalty")


def clause_files() -> list[Path]:
    return sorted(CLAUSES.rglob("*.yaml"))


def read(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return data


def articles_quoted(data: dict[str, Any]) -> set[str]:
    found = set()
    for field in WORDED_FIELDS:
        for words in (data.get(field) or {}).values():
            found.update(letter + number for letter, number in ARTICLE.findall(words))
    return found


@pytest.mark.parametrize("path", clause_files(), ids=lambda path: path.stem)
def test_every_legal_basis_of_a_clause_is_in_the_catalogue(path: Path) -> None:
    cited = [
        (basis["code"], None if basis["article"] is None else str(basis["article"]))
        for basis in read(path)["legal_basis"]
    ]

    assert [reference for reference in cited if reference not in catalogue()] == []


@pytest.mark.parametrize("path", clause_files(), ids=lambda path: path.stem)
def test_every_article_a_clause_quotes_is_in_the_catalogue(path: Path) -> None:
    known = {article for _, article in catalogue() if article}

    assert sorted(articles_quoted(read(path)) - known) == []


def test_the_article_pattern_reads_the_ways_french_texts_write_articles() -> None:
    data = {"text": {"fr": "articles L2113-13-1, R2111-17 et L. 224-7 ; 50 % ; 2024-134"}}

    assert articles_quoted(data) == {"L2113-13-1", "R2111-17", "L224-7"}
