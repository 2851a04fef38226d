"""The deviation report on tender files edited after procure built them (issue 16)."""

from __future__ import annotations

import dataclasses

import pytest
from lxml import etree

from procure.documents.builder import build_document
from procure.documents.ooxml import w
from procure.documents.parts import DocumentPart
from procure.documents.properties import read_custom_properties, set_custom_properties
from procure.review.deviations import (
    DeviationFileError,
    DeviationReport,
    DeviationStatus,
    compare_file,
)
from tests.deviation_edits import (
    delete_clause,
    delete_paragraph,
    insert_paragraph_after,
    open_file,
    remove_bookmark,
    replace_words,
    saved,
)
from tests.factories import make_snapshot, school_catering
from tests.unit.documents.helpers import CREATED

S = DeviationStatus


@pytest.fixture(scope="module")
def snapshot():
    return make_snapshot(**school_catering())


@pytest.fixture(scope="module")
def built(snapshot):
    return build_document(snapshot, created=CREATED)


def by_slug(report, slug):
    [item] = [item for item in report.items if item.slug == slug]
    return item


def statuses(report):
    return {item.slug: item.status for item in report.items if item.slug}


def test_an_untouched_file_has_every_clause_unchanged(snapshot, built):
    report = compare_file(built, snapshot)
    assert set(statuses(report).values()) == {S.UNCHANGED}
    assert len(report.items) == len(snapshot.clauses)
    assert not report.has_deviations


def test_a_file_tells_whether_the_tender_changed_since_it_was_built(snapshot, built):
    assert compare_file(built, snapshot).tender_changed is False
    [first, *others] = snapshot.clauses
    changed = dataclasses.replace(
        snapshot, clauses=(dataclasses.replace(first, values={**first.values, "note": 1}), *others)
    )
    report = compare_file(built, changed)
    assert report.tender_changed is True
    assert DeviationReport.from_summary(report.summary()).tender_changed is True


def test_an_edited_header_is_text_changed_outside_clauses(snapshot, built):
    document = open_file(built)
    [header] = [p for p in document.sections[-1].header.paragraphs if p.text]
    header.runs[0].text = header.runs[0].text.replace("Restauration scolaire", "Cantines")
    report = compare_file(saved(document), snapshot)
    [added] = [item for item in report.items if item.status is S.ADDED]
    assert added.found == "Réf. 2026-RS-01 — Cantines"
    assert added.expected == "Réf. 2026-RS-01 — Restauration scolaire"
    assert set(statuses(report).values()) == {S.UNCHANGED}


def test_page_numbers_worked_out_by_word_are_no_change(snapshot, built):
    document = open_file(built)
    footer = document.sections[-1].footer._element
    for begin in footer.iter(w("fldChar")):
        if begin.get(w("fldCharType")) == "separate":
            result = begin.getparent().makeelement(w("r"), {})
            etree.SubElement(result, w("t")).text = "12"
            begin.getparent().addnext(result)  # the result Word writes after updating fields
    report = compare_file(saved(document), snapshot)
    assert not report.has_deviations


def test_typography_typed_plainly_is_no_change(snapshot, built):
    document = open_file(built)
    replace_words(document, "l’emploi", "l'emploi")  # a straight apostrophe typed in Word
    assert statuses(compare_file(saved(document), snapshot))["insertion-hours"] is S.UNCHANGED


def test_a_changed_word_is_wording_changed_with_the_word_diff(snapshot, built):
    document = open_file(built)
    replace_words(document, "principalement par des légumineuses", "surtout par des légumineuses")
    item = by_slug(compare_file(saved(document), snapshot), "vegetarian-menu")
    assert item.status is S.WORDING
    assert item.diff.deleted_words == ["principalement"]
    assert item.diff.inserted_words == ["surtout"]


def test_a_changed_value_is_variables_changed_naming_the_variable(snapshot, built):
    document = open_file(built)
    replace_words(document, "au moins 857", "au moins 600")
    item = by_slug(compare_file(saved(document), snapshot), "insertion-hours")
    assert item.status is S.VARIABLES
    assert item.variables == ("insertion_hours",)
    assert item.diff.inserted_words == ["600"]


def test_a_changed_value_and_word_is_wording_changed(snapshot, built):
    document = open_file(built)
    replace_words(document, "au moins 857", "au plus 600")
    item = by_slug(compare_file(saved(document), snapshot), "insertion-hours")
    assert item.status is S.WORDING


def test_a_deleted_clause_is_removed(snapshot, built):
    document = open_file(built)
    delete_clause(document, "egalim-shares-reporting")
    report = compare_file(saved(document), snapshot)
    item = by_slug(report, "egalim-shares-reporting")
    assert item.status is S.REMOVED
    assert "Suivi périodique des parts de produits EGalim" in item.expected
    assert [i for i in report.items if i.status in (S.ADDED, S.DELETED)] == []


def test_a_deleted_paragraph_outside_clauses_is_reported_with_its_text(snapshot, built):
    document = open_file(built)
    delete_paragraph(document, "Dans l’avis publié au format eForms")
    report = compare_file(saved(document), snapshot)
    [deleted] = [item for item in report.items if item.status is S.DELETED]
    assert deleted.expected.startswith("Dans l’avis publié au format eForms")
    assert deleted.found == ""
    assert [i for i in report.items if i.status is S.ADDED] == []
    assert set(statuses(report).values()) == {S.UNCHANGED}


def test_an_inserted_paragraph_is_added_outside_clauses(snapshot, built):
    document = open_file(built)
    insert_paragraph_after(
        document,
        "Le manquement aux engagements",
        "Le titulaire paie aussi une pénalité forfaitaire.",
    )
    report = compare_file(saved(document), snapshot)
    [added] = [item for item in report.items if item.status is S.ADDED]
    assert added.found == "Le titulaire paie aussi une pénalité forfaitaire."
    assert set(statuses(report).values()) == {S.UNCHANGED}


def test_a_paragraph_inserted_inside_a_clause_is_wording_changed(snapshot, built):
    document = open_file(built)
    insert_paragraph_after(document, "Les protéines des menus", "Le poisson compte aussi.")
    item = by_slug(compare_file(saved(document), snapshot), "vegetarian-menu")
    assert item.status is S.WORDING
    assert item.diff.inserted_words == ["Le", "poisson", "compte", "aussi"]


def test_a_clause_whose_bookmark_was_removed_is_untraced(snapshot, built):
    document = open_file(built)
    remove_bookmark(document, "egalim-quality-share")
    report = compare_file(saved(document), snapshot)
    assert by_slug(report, "egalim-quality-share").status is S.UNTRACED
    assert [i for i in report.items if i.status is S.ADDED] == []


def test_a_clause_pasted_without_trace_is_untraced(snapshot, built):
    document = open_file(built)
    remove_bookmark(document, "vegetarian-menu")
    properties = read_custom_properties(document)
    set_custom_properties(
        document,
        [(name, value) for name, value in properties.items() if "vegetarian" not in name],
    )
    report = compare_file(saved(document), snapshot)
    assert by_slug(report, "vegetarian-menu").status is S.UNTRACED


def test_each_edit_is_named_in_one_report(snapshot, built):
    document = open_file(built)
    replace_words(document, "principalement par des légumineuses", "surtout par des légumineuses")
    delete_clause(document, "egalim-shares-reporting")
    insert_paragraph_after(document, "Le manquement aux engagements", "Un paragraphe ajouté.")
    delete_paragraph(document, "Dans l’avis publié au format eForms")
    replace_words(document, "au moins 857", "au moins 600")
    remove_bookmark(document, "egalim-quality-share")
    report = compare_file(saved(document), snapshot)
    assert statuses(report) == {
        "reserved-insertion": S.UNCHANGED,
        "food-direct-supply-award": S.UNCHANGED,
        "circularity-award-criterion": S.UNCHANGED,
        "insertion-hours": S.VARIABLES,
        "egalim-quality-share": S.UNTRACED,
        "egalim-shares-reporting": S.REMOVED,
        "vegetarian-menu": S.WORDING,
    }
    assert report.counts() == {
        "unchanged": 3,
        "variables": 1,
        "wording": 1,
        "removed": 1,
        "untraced": 1,
        "added": 1,
        "deleted": 1,
        "not_in_tender": 0,
    }


def test_a_clause_the_tender_dropped_is_not_in_tender(snapshot, built):
    fewer = dataclasses.replace(
        snapshot, clauses=tuple(c for c in snapshot.clauses if c.slug != "vegetarian-menu")
    )
    report = compare_file(built, fewer)
    assert by_slug(report, "vegetarian-menu").status is S.NOT_IN_TENDER


def test_an_english_single_part_file_is_compared_in_english(snapshot):
    data = build_document(snapshot, language="en", parts=(DocumentPart.CCTP,), created=CREATED)
    document = open_file(data)
    replace_words(document, "come mainly from pulses", "come chiefly from pulses")
    report = compare_file(saved(document), snapshot)
    assert report.language == "en"
    assert report.parts == (DocumentPart.CCTP,)
    assert statuses(report) == {"vegetarian-menu": S.WORDING}


def test_a_file_of_another_tender_is_refused(snapshot, built):
    other = make_snapshot(**school_catering(reference="2026-XX-99"))
    with pytest.raises(DeviationFileError) as raised:
        compare_file(built, other)
    assert raised.value.reason == "other_tender"


def test_a_file_without_traces_is_refused(snapshot, built):
    document = open_file(built)
    set_custom_properties(document, [])
    with pytest.raises(DeviationFileError) as raised:
        compare_file(saved(document), snapshot)
    assert raised.value.reason == "not_procure"


def test_a_report_kept_in_the_audit_log_reads_back_the_same(snapshot, built):
    document = open_file(built)
    replace_words(document, "principalement par des légumineuses", "surtout par des légumineuses")
    replace_words(document, "au moins 857", "au moins 600")
    report = compare_file(saved(document), snapshot)
    again = DeviationReport.from_summary(report.summary())
    assert again.counts() == report.counts()
    assert by_slug(again, "vegetarian-menu").diff.inserted_words == ["surtout"]
    assert by_slug(again, "insertion-hours").variables == ("insertion_hours",)
