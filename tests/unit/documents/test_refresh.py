"""Filling in page numbers from a layout: what changes in the package and what must not.

These tests need no LibreOffice: the layout is given. The tests that let
LibreOffice compute it are in tests/integration/test_documents_refresh.py.
"""

from __future__ import annotations

import pytest
from lxml import etree

from procure.documents import libreoffice, refresh
from procure.documents.builder import build_document
from procure.documents.fields import field_results, set_field_results
from procure.documents.package import read_members
from procure.documents.refresh import Layout, RefreshError, apply_layout, read_layout
from tests.unit.documents.helpers import CREATED, NS, contents_entries, example, part_xml

EXTENDED = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"


@pytest.fixture(scope="module")
def built() -> bytes:
    return build_document(example("restauration-scolaire.yaml"), created=CREATED)


def layout_for(data: bytes, pages: int = 9) -> Layout:
    entries = contents_entries(data)
    return Layout(tuple((entry, str(2 + index // 4)) for index, entry in enumerate(entries)), pages)


def test_each_contents_entry_gets_its_page_after_a_dot_leader_tab(built: bytes) -> None:
    layout = layout_for(built)
    refreshed = apply_layout(built, layout)
    entries = contents_entries(refreshed)
    assert entries == [f"{entry}\t{page}" for entry, page in layout.contents]
    document = part_xml(refreshed, "word/document.xml")
    [toc] = field_results(document, "TOC")
    for paragraph in toc.paragraphs:
        stop = paragraph.find("w:pPr/w:tabs/w:tab", NS)
        assert stop.get(f"{{{NS['w']}}}val") == "right"
        assert stop.get(f"{{{NS['w']}}}leader") == "dot"
    assert toc.end.getparent() is toc.paragraphs[-1], "the field still ends after the last entry"


def test_the_page_count_is_shown_and_word_is_no_longer_asked_to_update(built: bytes) -> None:
    assert part_xml(built, "word/settings.xml").find("w:updateFields", NS) is not None
    refreshed = apply_layout(built, layout_for(built, pages=23))
    footer = part_xml(refreshed, "word/footer1.xml")
    [count] = field_results(footer, "NUMPAGES")
    assert [t.text for t in count.texts] == ["23"]
    assert part_xml(refreshed, "word/settings.xml").find("w:updateFields", NS) is None
    assert part_xml(refreshed, "docProps/app.xml").find(f"{{{EXTENDED}}}Pages").text == "23"


def test_nothing_but_field_results_changes(built: bytes) -> None:
    before = read_members(built)
    after = read_members(apply_layout(built, layout_for(built)))
    assert list(after) == list(before), "same parts, same order"
    changed = {name for name in before if before[name] != after[name]}
    assert changed <= {
        "word/document.xml",
        "word/header1.xml",
        "word/footer1.xml",
        "word/settings.xml",
        "docProps/app.xml",
    }
    for name in ("word/styles.xml", "word/numbering.xml", "docProps/custom.xml"):
        assert after[name] == before[name], name
    bookmarks = "//w:bookmarkStart/@w:name"
    assert etree.fromstring(after["word/document.xml"]).xpath(bookmarks, namespaces=NS) == (
        etree.fromstring(before["word/document.xml"]).xpath(bookmarks, namespaces=NS)
    )


def test_a_refreshed_document_reads_back_as_its_layout(built: bytes) -> None:
    layout = layout_for(built, pages=11)
    assert read_layout(apply_layout(built, layout)) == layout


@pytest.mark.parametrize(
    "change",
    [
        pytest.param(lambda entries: entries[:-1], id="one entry fewer"),
        pytest.param(lambda entries: [("1. Autre chose", "3"), *entries[1:]], id="another heading"),
    ],
)
def test_a_layout_that_does_not_match_the_contents_is_refused(built: bytes, change) -> None:
    layout = layout_for(built)
    with pytest.raises(RefreshError):
        apply_layout(built, Layout(tuple(change(list(layout.contents))), layout.pages))


def test_a_layout_without_page_numbers_is_refused(built: bytes) -> None:
    with pytest.raises(RefreshError, match="page"):
        read_layout(built)


def test_a_file_that_is_not_a_word_document_is_refused() -> None:
    with pytest.raises(RefreshError, match="not a Word document"):
        read_layout(b"PK\x03\x04 not really a zip")


def test_without_libreoffice_the_documents_come_back_unchanged(
    built: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(libreoffice.shutil, "which", lambda name: None)
    assert refresh.refresh_fields([built]) == [built]


def test_when_libreoffice_fails_the_documents_come_back_unchanged(
    built: bytes, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    def crash(documents, output, *, timeout):
        raise libreoffice.ConversionError("LibreOffice failed (exit code 81)")

    monkeypatch.setattr(refresh, "is_libreoffice_available", lambda: True)
    monkeypatch.setattr(refresh, "convert", crash)
    assert refresh.refresh_fields([built, built]) == [built, built]
    assert "exit code 81" in caplog.text


def test_a_document_libreoffice_could_not_open_comes_back_unchanged(
    built: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    layout_file = apply_layout(built, layout_for(built))  # stands for LibreOffice's output
    monkeypatch.setattr(refresh, "is_libreoffice_available", lambda: True)
    monkeypatch.setattr(
        refresh, "convert", lambda documents, output, *, timeout: [None, layout_file]
    )
    first, second = refresh.refresh_fields([built, built])
    assert first == built
    assert contents_entries(second) == contents_entries(layout_file)


def test_field_results_follow_nested_fields_and_simple_fields() -> None:
    w = NS["w"]
    story = etree.fromstring(
        f"""<w:ftr xmlns:w="{w}">
          <w:p>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r>
            <w:r><w:instrText> NUMPAGES </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r>
            <w:r><w:t>1</w:t></w:r><w:r><w:t>0</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r>
            <w:r><w:instrText> IF </w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r>
            <w:r><w:instrText>NUMPAGES</w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r>
            <w:r><w:t>4</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r>
            <w:r><w:t>if result</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r>
          </w:p>
          <w:p><w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple></w:p>
        </w:ftr>"""
    )
    set_field_results(story, "NUMPAGES", "12")
    texts = [t.text for t in story.iter(f"{{{w}}}t")]
    assert texts == ["12", "", "12", "if result", "12"]


def test_word_can_still_be_asked_to_update_when_the_layout_used_other_fonts(built: bytes) -> None:
    refreshed = apply_layout(built, layout_for(built), keep_update_request=True)
    assert part_xml(refreshed, "word/settings.xml").find("w:updateFields", NS) is not None
    assert all("\t" in entry for entry in contents_entries(refreshed)), "pages filled in anyway"
