"""Word-level differences between clause versions, on real clause edits."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

from procure.review.diff import (
    DiffLabels,
    LegalReferenceKey,
    Segment,
    diff_contents,
    diff_texts,
    diff_variables,
    render_inline,
    render_side_by_side,
)

CLAUSE_FILE = Path(__file__).parents[2] / "clauses" / "social" / "insertion-hours.yaml"


@pytest.fixture
def clause() -> dict:
    return yaml.safe_load(CLAUSE_FILE.read_text(encoding="utf-8"))


def edited(content: dict) -> dict:
    return copy.deepcopy(content)


def test_word_changes_in_french_keep_accents_and_elisions():
    diff = diff_texts(
        "Le titulaire réserve à des personnes éloignées de l'emploi au moins 5 % des heures.",
        "Le titulaire réservera à des personnes très éloignées de l'emploi au moins 7 %"
        " des heures.",
    )
    assert diff.deleted_words == ["réserve", "5"]
    assert diff.inserted_words == ["réservera", "très", "7"]
    assert Segment("equal", " éloignées de l'emploi au moins ") in diff.segments


def test_an_accent_added_to_a_word_changes_that_word_only():
    diff = diff_texts(
        "La qualité est evaluee chaque année.", "La qualité est évaluée chaque année."
    )
    assert diff.deleted_words == ["evaluee"]
    assert diff.inserted_words == ["évaluée"]


def test_a_rewritten_phrase_reads_as_one_replacement_not_word_by_word():
    diff = diff_texts(
        "Il transmet un état mensuel au facilitateur.",
        "Il transmet chaque trimestre un bilan au facilitateur.",
    )
    changes = [segment for segment in diff.segments if segment.kind != "equal"]
    assert changes == [
        Segment("insert", "chaque trimestre "),
        Segment("delete", "état mensuel"),
        Segment("insert", "bilan"),
    ]


def test_whitespace_and_trailing_newlines_are_not_changes():
    diff = diff_texts("Premier  paragraphe.\n\nSecond.\n", "Premier paragraphe.\n\nSecond.")
    assert not diff.changed


def test_a_paragraph_break_is_a_change():
    assert diff_texts("Premier. Second.", "Premier.\n\nSecond.").changed


def test_unchanged_clause_has_no_changes(clause):
    diff = diff_contents(clause, edited(clause))
    assert not diff.has_changes
    assert diff.text("text", "fr") is not None


def test_real_clause_edit_shows_the_changed_french_words(clause):
    new = edited(clause)
    new["text"]["fr"] = new["text"]["fr"].replace(
        "personnes éloignées de l'emploi", "personnes très éloignées de l’emploi"
    )
    diff = diff_contents(clause, new)
    assert [(d.field, d.language) for d in diff.texts] == [("text", "fr")]
    text = diff.texts[0]
    assert text.inserted_words == ["très", "l’emploi"]
    assert text.deleted_words == ["l'emploi"]
    assert not diff.variables
    assert ("text", "en") in [(d.field, d.language) for d in diff.unchanged_texts]


def test_variable_renamed_in_text_and_declaration(clause):
    new = edited(clause)
    for language in ("fr", "en"):
        new["text"][language] = new["text"][language].replace(
            "{{ insertion_hours }}", "{{ heures_insertion }}"
        )
    for variable in new["variables"]:
        if variable["name"] == "insertion_hours":
            variable["name"] = "heures_insertion"
    diff = diff_contents(clause, new)
    assert len(diff.variables) == 1
    renamed = diff.variables[0]
    assert (renamed.kind, renamed.old_name, renamed.name, renamed.fields) == (
        "renamed",
        "insertion_hours",
        "heures_insertion",
        (),
    )
    text = diff.text("text", "fr")
    assert text.deleted_words == ["{{ insertion_hours }}"]
    assert text.inserted_words == ["{{ heures_insertion }}"]


def test_variable_renamed_with_a_new_default_is_still_a_rename(clause):
    new = edited(clause)
    rate = next(v for v in new["variables"] if v["name"] == "insertion_rate")
    rate["name"], rate["default"] = "taux_insertion", 10
    renamed = [c for c in diff_contents(clause, new).variables if c.kind == "renamed"]
    assert [(c.old_name, c.name, c.fields) for c in renamed] == [
        ("insertion_rate", "taux_insertion", ("default",))
    ]
    assert renamed[0].shown("default", "before", "fr") == "5"
    assert renamed[0].shown("default", "after", "fr") == "10"


def test_variables_added_removed_and_changed():
    old = [
        {
            "name": "delay",
            "type": "integer",
            "label": {"fr": "Délai", "en": "Delay"},
            "default": 30,
        },
        {"name": "rate", "type": "percent", "label": {"fr": "Taux", "en": "Rate"}, "default": 5},
    ]
    new = [
        {
            "name": "delay",
            "type": "integer",
            "label": {"fr": "Délai", "en": "Delay"},
            "default": 45,
        },
        {"name": "label", "type": "text", "label": {"fr": "Label", "en": "Label"}, "default": "x"},
    ]
    changes = {(c.kind, c.name): c for c in diff_variables(old, new)}
    assert set(changes) == {("changed", "delay"), ("added", "label"), ("removed", "rate")}
    assert changes[("changed", "delay")].fields == ("default",)


def test_legal_reference_added(clause):
    new = edited(clause)
    new["legal_basis"].append({"code": "CCP", "article": "R2111-12"})
    diff = diff_contents(clause, new)
    assert diff.legal_basis_added == (LegalReferenceKey("CCP", "R2111-12"),)
    assert diff.legal_basis_removed == ()
    assert diff.has_changes
    assert not diff.texts


def test_legal_reference_removed_and_kind_changed(clause):
    new = edited(clause)
    new["legal_basis"] = new["legal_basis"][:1]
    new["kind"] = "award_criterion"
    diff = diff_contents(clause, new)
    assert diff.legal_basis_removed == (LegalReferenceKey("CCP", "L2112-2-1"),)
    assert [(c.name, c.before, c.after) for c in diff.other] == [
        ("kind", "execution_condition", "award_criterion")
    ]


def test_first_version_shows_everything_as_added(clause):
    diff = diff_contents(None, clause)
    text = diff.text("text", "fr")
    assert [segment.kind for segment in text.segments] == ["insert"]
    assert {change.kind for change in diff.variables} == {"added"}
    assert len(diff.legal_basis_added) == 2


def test_inline_html_marks_changes_for_eyes_and_screen_readers():
    diff = diff_texts("Au moins 5 heures.", "Au moins 7 heures <b>réelles</b>.")
    html = str(
        render_inline(diff, DiffLabels(inserted="ajouté :", deleted="supprimé :", end="fin"))
    )
    assert '<del><span class="visually-hidden">supprimé : </span>5' in html
    assert '<ins><span class="visually-hidden">ajouté : </span>7' in html
    assert "&lt;b&gt;réelles&lt;/b&gt;" in html  # clause text is escaped, never markup
    assert "<b>" not in html


def test_side_by_side_shows_deletions_left_and_insertions_right():
    diff = diff_texts("Premier.\n\nAncien texte.", "Premier.\n\nNouveau texte.")
    old, new = render_side_by_side(diff)
    assert "<del>" in old
    assert "<ins>" not in old
    assert "<ins>" in new
    assert "<del>" not in new
    assert "Ancien" in old
    assert "Ancien" not in new
    assert "Premier.<br>\n<br>\n" in new


# -- variables shown by their labels ---------------------------------------------------


def with_variable_renamed(content: dict, old: str, new: str, label: str | None = None) -> dict:
    changed = edited(content)
    for language in ("fr", "en"):
        changed["text"][language] = changed["text"][language].replace(
            "{{ " + old + " }}", "{{ " + new + " }}"
        )
    for variable in changed["variables"]:
        if variable["name"] == old:
            variable["name"] = new
            if label:
                variable["label"]["fr"] = label
    return changed


def test_a_placeholder_shows_as_its_label_in_brackets_styled_as_a_variable(clause):
    diff = diff_contents(clause, clause, language="fr").text("text", "fr")
    old, new = render_side_by_side(diff)
    for html in (old, new, render_inline(diff)):
        assert (
            '<span class="diff-variable" data-variable="insertion_rate">'
            "[Taux d&#39;insertion]</span> %" in html
        )
        assert "{{" not in html


def test_labels_follow_the_page_language_whatever_the_text_language(clause):
    diff = diff_contents(clause, clause, language="en")
    assert "[Integration rate]" in render_inline(diff.text("text", "fr"))
    assert "[Integration rate]" in render_inline(diff.text("text", "en"))


def test_a_variable_renamed_under_the_same_label_is_no_change_to_the_wording(clause):
    renamed = with_variable_renamed(clause, "insertion_rate", "part_insertion")
    diff = diff_contents(clause, renamed, language="fr")
    assert not [d for d in diff.texts if d.field == "text"]
    [change] = diff.variables
    assert (change.kind, change.old_name, change.name) == (
        "renamed",
        "insertion_rate",
        "part_insertion",
    )


def test_a_variable_renamed_under_a_new_label_shows_the_old_label_deleted(clause):
    renamed = with_variable_renamed(
        clause, "insertion_rate", "part_insertion", label="Part des heures d'insertion"
    )
    diff = diff_contents(clause, renamed, language="fr").text("text", "fr")
    assert diff.changed
    old, new = render_side_by_side(diff)
    assert "[Taux d&#39;insertion]</span>" in old.split("<del>")[1]
    assert "[Part des heures d&#39;insertion]</span>" in new.split("<ins>")[1]
    assert "{{" not in old + new


def test_an_added_variable_is_inserted_with_its_label(clause):
    changed = edited(clause)
    changed["text"]["fr"] += " Délai : {{ delai }} jours."
    changed["variables"].append(
        {
            "name": "delai",
            "type": "integer",
            "label": {"fr": "Délai de mise en œuvre", "en": "Lead time"},
        }
    )
    diff = diff_contents(clause, changed, language="fr").text("text", "fr")
    assert "[Délai de mise en œuvre]</span> jours." in str(render_inline(diff)).split("<ins>")[1]


def test_without_a_language_placeholders_stay_as_written(clause):
    diff = diff_contents(clause, clause).text("text", "fr")
    assert "{{ insertion_rate }}" in render_inline(diff)
