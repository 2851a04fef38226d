"""The example tenders, built in French and in English, read with each language's typography."""

from __future__ import annotations

import io
import re
import zipfile
from functools import cache

import pytest
from lxml import etree

from procure.documents.builder import build_separate
from procure.documents.ooxml import w
from procure.documents.parts import ALL_PARTS
from tests.unit.documents.helpers import CREATED, EXAMPLES, example

EXAMPLE_FILES = sorted(path.name for path in EXAMPLES.glob("*.yaml"))
STORIES = re.compile(r"word/(document|header\d*|footer\d*)\.xml")


def paragraphs(data: bytes) -> list[str]:
    """The text of every paragraph of the body, headers and footers, its runs joined."""
    texts = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if STORIES.fullmatch(name):
                root = etree.fromstring(archive.read(name))
                texts += ["".join(t.text or "" for t in p.iter(w("t"))) for p in root.iter(w("p"))]
    return [text for text in texts if text]


@cache
def dossier(name: str, language: str) -> tuple[str, ...]:
    """Every paragraph of the RC, CCAP, CCTP and note built from an example tender file."""
    files = build_separate(example(name), language=language, parts=ALL_PARTS, created=CREATED)
    return tuple(text for built in files for text in paragraphs(built.content))


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_french_documents_have_no_breaking_space_before_a_high_mark(name: str) -> None:
    texts = dossier(name, "fr")
    assert [text for text in texts if re.search(r" [:;!?]", text)] == []
    assert any("\u202f:" in text for text in texts)  # the colons are there, after a narrow space


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_french_documents_have_no_straight_apostrophe(name: str) -> None:
    texts = dossier(name, "fr")
    assert [text for text in texts if "'" in text] == []
    assert any("’" in text for text in texts)


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_french_documents_keep_amounts_and_percentages_on_one_line(name: str) -> None:
    texts = dossier(name, "fr")
    assert [text for text in texts if re.search(r"\d[ \u00a0]?[%€]", text)] == []
    assert any(re.search("\\d\u202f%", text) for text in texts)


@pytest.mark.parametrize("name", EXAMPLE_FILES)
def test_english_documents_write_percentages_tight_and_no_space_before_a_colon(name: str) -> None:
    texts = dossier(name, "en")
    assert [text for text in texts if re.search("\\d[ \u00a0\u202f]%", text)] == []
    assert any(re.search(r"\d%", text) for text in texts)
    assert [text for text in texts if re.search("[ \u00a0\u202f][:;!?]", text)] == []
    assert [text for text in texts if "'" in text or '"' in text] == []
