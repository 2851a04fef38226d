"""Whatever a buyer types, the builder gives a valid Word file or a clear ValueError."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from procure.documents.builder import build_document
from procure.documents.revisions import problems
from procure.documents.sanitise import one_line
from procure.documents.scoring_grid import build_scoring_grid
from procure.library.text import ANY_PLACEHOLDER
from tests.factories import chosen, make_snapshot, school_catering
from tests.unit.documents.helpers import all_parts_parse, open_docx, shown

AWKWARD = [
    "",
    " ",
    "\x00\x01\x02\x0b\x0c\x1f\x7f",
    "\ud800 lone surrogate \udfff",
    "\ufffe\uffff",
    "Cantine 🍎🥕👩🏽‍🍳",
    "مطعم المدرسة البلدي",
    "מסעדת בית הספר",
    "left \u202eright-to-left override\u202c end",
    "x" * 10_000,
    "Anticonstitutionnellement" * 400,
    "ligne 1\nligne 2\r\nligne 3\ttab",
    "{{ insertion_hours }} }} {{",
    "*emphase* - tiret\n1. pas une liste",
    "<w:p>&amp;</w:p>]]>",
]
CHARACTERS = st.one_of(
    st.characters(exclude_categories=()),
    st.sampled_from(["\x00", "\x0b", "\x1b", "\ud800", "\udfff", "\ufffe", "\u2028", "\u202e"]),
)
BUYER_TEXT = st.one_of(
    st.sampled_from(AWKWARD),
    st.text(alphabet=CHARACTERS, max_size=300),
    st.builds(
        lambda piece, times: piece * times,
        st.sampled_from(["é", "🍎", "مطعم ", "a\x00"]),
        st.integers(min_value=1000, max_value=10_000),
    ),
)
PROPERTIES = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def assert_valid_docx(data: bytes) -> None:
    all_parts_parse(data)
    open_docx(data)


@PROPERTIES
@given(title=BUYER_TEXT)
def test_any_tender_title_gives_a_valid_document(title: str) -> None:
    base = make_snapshot(**school_catering(clauses=(chosen("insertion-hours"),)))
    snapshot = dataclasses.replace(
        base, purchase=dataclasses.replace(base.purchase, title=title, organisation_name=title)
    )
    data = build_document(snapshot)
    assert_valid_docx(data)
    assert open_docx(data).paragraphs[1].text == shown(one_line(title))
    build_scoring_grid(snapshot)


@PROPERTIES
@given(value=BUYER_TEXT)
def test_any_text_value_gives_a_valid_document(value: str) -> None:
    snapshot = make_snapshot(
        **school_catering(
            clauses=(chosen("insertion-hours", facilitator=value), chosen("vegetarian-menu")),
            justifications={"rule": value},
        )
    )
    data = build_document(snapshot)
    assert_valid_docx(data)
    cleaned = one_line(value).strip()
    if cleaned:
        texts = "".join(p.text for p in open_docx(data).paragraphs)
        # Typography may add or change spaces and apostrophes around the value (a narrow
        # space before "»" follows the text before it), never the rest of what was typed.
        assert without_typography(cleaned[:50]) in without_typography(texts)


def without_typography(text: str) -> str:
    """``text`` without what typography adds or changes: spaces, apostrophes and the full
    stop of a code article ("L2113-13" is printed "L. 2113-13")."""
    return re.sub(r"\b([LRD])\.(?=\d)", r"\1", "".join(text.replace("’", "'").split()))


@PROPERTIES
@given(value=st.one_of(BUYER_TEXT, st.integers(), st.floats(), st.none(), st.booleans()))
def test_any_value_for_a_number_gives_a_document_or_a_clear_error(value: object) -> None:
    snapshot = make_snapshot(
        **school_catering(clauses=(chosen("insertion-hours", insertion_hours=value),))
    )
    try:
        data = build_document(snapshot)
    except ValueError as error:
        message = str(error)
    else:
        assert_valid_docx(data)
        return
    assert "clause 'insertion-hours', variable 'insertion_hours'" in message


@pytest.mark.parametrize("text", AWKWARD, ids=range(len(AWKWARD)))
def test_awkward_reasons_and_criteria_labels_stay_valid(text: str) -> None:
    base = make_snapshot(**school_catering())
    criteria = tuple(dataclasses.replace(c, label=text) for c in base.criteria)
    clauses = tuple(dataclasses.replace(c, reason={"fr": text}) for c in base.clauses)
    snapshot = dataclasses.replace(base, criteria=criteria, clauses=clauses)
    assert_valid_docx(build_document(snapshot, language="en"))
    build_scoring_grid(snapshot)


@PROPERTIES
@given(wording=BUYER_TEXT)
def test_any_adapted_wording_is_refused_with_a_reason_or_gives_a_valid_document(
    wording: str,
) -> None:
    from procure.library.adaptation import text_problems
    from procure.textcheck import first_bad_character

    clause = chosen("insertion-hours")
    variables = list(clause.content.variable_names)
    if text_problems(wording, variables) or first_bad_character(wording) is not None:
        return  # step 4 and tender files refuse it, naming the field and the fault
    adapted = dataclasses.replace(clause, custom_text={"fr": wording})
    snapshot = make_snapshot(**school_catering(clauses=(adapted,)))
    tracked = build_document(snapshot)  # the wording as revisions against the library text
    assert_valid_docx(tracked)
    with zipfile.ZipFile(io.BytesIO(tracked)) as archive:
        assert problems(etree.fromstring(archive.read("word/document.xml"))) == []
    # python-docx reads a paragraph's own runs, not a revision's: read the clean copy
    data = build_document(snapshot, revisions=False)
    assert_valid_docx(data)
    words = [
        word
        for word in re.findall(r"\w{2,}", ANY_PLACEHOLDER.sub(" ", wording))
        if not word.isdigit()
    ]
    if words:
        texts = "".join(p.text for p in open_docx(data).paragraphs)
        assert max(words, key=len) in texts
