from __future__ import annotations

import io
import re
import zipfile
from collections import Counter

import pytest

from procure.compliance.results import Outcome, RuleResult, Severity
from procure.documents.builder import build_document, build_separate, build_zip
from procure.documents.fields import has_field
from procure.documents.ooxml import w
from procure.documents.parts import DocumentPart
from procure.documents.properties import read_custom_properties
from procure.documents.rendering import bookmark_name, parse_trace
from procure.documents.template import load_template
from procure.formatting import NBSP, NNBSP
from tests.factories import chosen, make_snapshot, school_catering
from tests.unit.documents.helpers import (
    CREATED,
    all_parts_parse,
    body_text,
    headings,
    open_docx,
    part_xml,
    shown,
)
from tests.unit.documents.templates import without_numbering, without_styles

PART_TITLES_FR = [
    "Règlement de la consultation",
    "Cahier des clauses administratives particulières",
    "Cahier des clauses techniques particulières",
]


@pytest.fixture(scope="module")
def combined() -> bytes:
    return build_document(make_snapshot(**school_catering()), created=CREATED)


def field_sequence(paragraph) -> list[str]:
    """fldChar types and instruction words of a paragraph, in order."""
    sequence = []
    for element in paragraph.iter(w("fldChar"), w("instrText")):
        if element.tag == w("fldChar"):
            sequence.append(element.get(w("fldCharType")))
        else:
            sequence.append(element.text.split()[0])
    return sequence


def test_builder_writes_every_part_under_its_own_heading_on_a_new_page(combined: bytes) -> None:
    document = open_docx(combined)
    level_one = [text for style, text in headings(document) if style == "Heading1"]
    assert level_one == PART_TITLES_FR
    for paragraph in document.paragraphs:
        if paragraph.style.name == "Heading 1":
            assert paragraph._p.find(f"{w('pPr')}/{w('pageBreakBefore')}") is not None


def test_builder_numbers_headings_with_word_numbering(combined: bytes) -> None:
    document = open_docx(combined)
    used = {paragraph.style.name for paragraph in document.paragraphs}
    assert {"Heading 1", "Heading 2", "Heading 3"} <= used
    for style in ("Heading 1", "Heading 2", "Heading 3"):
        num_pr = document.styles[style].element.find(f"{w('pPr')}/{w('numPr')}")
        num_id = num_pr.find(w("numId")).get(w("val"))
        numbering = document.part.numbering_part.element
        assert any(num.get(w("numId")) == num_id for num in numbering.iter(w("num")))
    texts = [text for _, text in headings(document)]
    assert not any(re.match(r"^\d+(\.\d+)*\.?\s", text) for text in texts), "no typed numbers"


def test_builder_opens_with_a_cover_and_a_table_of_contents_field(combined: bytes) -> None:
    document = open_docx(combined)
    styles = [paragraph.style.name for paragraph in document.paragraphs[:4]]
    assert styles[1:3] == ["Title", "Subtitle"]
    assert document.paragraphs[0].text == shown("Commune d'Essai")
    assert document.paragraphs[1].text == "Restauration scolaire"
    text = body_text(document)
    assert shown("Référence : 2026-RS-01") in text
    assert shown("Date : 27 novembre 2026") in text
    instructions = [t.text for t in document.element.body.iter(w("instrText"))]
    assert any(i.split()[0] == "TOC" and '\\o "1-3"' in i for i in instructions)
    kinds = Counter(f.get(w("fldCharType")) for f in document.element.body.iter(w("fldChar")))
    assert kinds["begin"] == kinds["separate"] == kinds["end"] == 1
    toc_entries = [p.text for p in document.paragraphs if p.style.name.lower() == "toc 2"]
    # 1.1 is the RC's section on the division into lots (here, why there is none)
    assert shown("1.1 Absence d'allotissement") in toc_entries
    assert "1.2 Réservation du marché et conditions de participation" in toc_entries
    assert shown("1.3 Critères d'attribution et pondération") in toc_entries


def test_each_contents_entry_links_to_its_heading(combined: bytes) -> None:
    document = open_docx(combined)
    body = document.element.body
    targets = {
        start.get(w("name")): "".join(t.text for t in start.getparent().iter(w("t")))
        for start in body.iter(w("bookmarkStart"))
        if start.get(w("name")).startswith("_Toc")
    }
    links = list(body.iter(w("hyperlink")))
    assert len(links) == len(headings(document)) == len(targets)
    for link in links:
        entry = "".join(t.text for t in link.iter(w("t")))
        assert entry.endswith(targets[link.get(w("anchor"))]), entry


def test_builder_puts_the_reference_in_the_header_and_page_x_of_y_in_the_footer(
    combined: bytes,
) -> None:
    document = open_docx(combined)
    section = document.sections[0]
    assert "Réf. 2026-RS-01 — Restauration scolaire" in section.header.paragraphs[-1].text
    footer = section.footer.paragraphs[-1]
    assert field_sequence(footer._p) == [
        "begin",
        "PAGE",
        "separate",
        "end",
        "begin",
        "NUMPAGES",
        "separate",
        "end",
    ]
    assert footer.text.startswith("Page 1 sur 1")
    assert section.different_first_page_header_footer, "the cover has no header"


def test_builder_asks_word_to_update_fields_on_open(combined: bytes) -> None:
    settings = part_xml(combined, "word/settings.xml")
    update = settings.find(w("updateFields"))
    assert update is not None
    assert update.get(w("val")) == "true"
    names = [child.tag for child in settings]
    assert names.index(w("updateFields")) < names.index(w("compat"))


def test_every_chosen_clause_is_present_with_the_buyers_values(combined: bytes) -> None:
    snapshot = make_snapshot(**school_catering())
    document = open_docx(combined)
    text = body_text(document)
    for clause in snapshot.clauses:
        assert shown(clause.content.title["fr"]) in text
    assert f"au moins 857{NBSP}heures de travail" in text
    assert f"5{NNBSP}% des heures" in text
    assert f"au moins 25{NNBSP}% de cette même valeur" in text
    assert shown("le facilitateur des clauses sociales désigné par l'acheteur") in text
    assert f"30{NNBSP}€ HT" in text
    assert "{{" not in text
    assert "}}" not in text


def test_each_numbered_list_restarts_with_its_own_numbering_instance(combined: bytes) -> None:
    document = open_docx(combined)
    numbering = document.part.numbering_part.element
    lists: list[str] = []
    previous = None
    for paragraph in document.element.body.iter(w("p")):
        style = paragraph.find(f"{w('pPr')}/{w('pStyle')}")
        num_id = paragraph.find(f"{w('pPr')}/{w('numPr')}/{w('numId')}")
        is_item = style is not None and style.get(w("val")) == "ListNumber"
        if is_item and num_id is not None and num_id.get(w("val")) != previous:
            lists.append(num_id.get(w("val")))
        previous = num_id.get(w("val")) if is_item and num_id is not None else None
    assert len(lists) >= 2
    assert len(set(lists)) == len(lists), "every list has its own w:num"
    for num_id in lists:
        (num,) = [n for n in numbering.iter(w("num")) if n.get(w("numId")) == num_id]
        override = num.find(w("lvlOverride"))
        assert override.get(w("ilvl")) == "0"
        assert override.find(w("startOverride")).get(w("val")) == "1"


def test_each_clause_carries_a_bookmark_and_a_property_with_its_library_version(
    combined: bytes,
) -> None:
    snapshot = make_snapshot(**school_catering())
    document = open_docx(combined)
    names = {b.get(w("name")) for b in document.element.body.iter(w("bookmarkStart"))}
    properties = read_custom_properties(document)
    for clause in snapshot.clauses:
        name = bookmark_name(clause.slug, clause.version, clause.approved_hash)
        assert name in names
        assert parse_trace(properties[f"clause.{name}"]) == (
            clause.slug,
            clause.version,
            clause.approved_hash,
            False,
        )
    starts = [b.get(w("id")) for b in document.element.body.iter(w("bookmarkStart"))]
    ends = [b.get(w("id")) for b in document.element.body.iter(w("bookmarkEnd"))]
    assert sorted(starts) == sorted(ends)
    assert properties["reference"] == "2026-RS-01"


def test_a_built_document_carries_each_clauses_approved_hash_in_property_and_bookmark() -> None:
    """The hash is that of the approved content: a buyer's values change the text, not it."""
    from dataclasses import replace

    snapshot = make_snapshot(**school_catering())
    insertion = snapshot.clauses[0]
    assert insertion.approved_hash is not None
    other_values = replace(insertion, values={**insertion.values, "insertion_hours": 1200})
    for clauses in (snapshot.clauses, (other_values, *snapshot.clauses[1:])):
        document = open_docx(build_document(replace(snapshot, clauses=clauses), created=CREATED))
        names = {b.get(w("name")) for b in document.element.body.iter(w("bookmarkStart"))}
        name = f"clause_insertion_hours_v{insertion.version}_h{insertion.approved_hash[:8]}"
        assert name in names
        value = read_custom_properties(document)[f"clause.{name}"]
        assert value == f"insertion-hours@{insertion.version} sha256:{insertion.approved_hash}"


def test_parse_trace_reads_both_forms_and_names_a_bad_value() -> None:
    digest = "0123456789abcdef" * 4
    assert parse_trace("insertion-hours@3") == ("insertion-hours", 3, None, False)
    hashed = parse_trace(f"insertion-hours@3 sha256:{digest}")
    assert hashed == ("insertion-hours", 3, digest, False)
    assert parse_trace("insertion-hours@3+modified") == ("insertion-hours", 3, None, True)
    adapted = parse_trace(f"insertion-hours@3+modified sha256:{digest.upper()}")
    assert adapted == ("insertion-hours", 3, digest, True)
    bad_values = ("", "@3", "x@y", "insertion-hours", "insertion-hours@0", "a@3 md5:abc")
    for bad in (*bad_values, f"a@3 sha256:{digest[:-1]}"):
        with pytest.raises(ValueError, match="clause trace"):
            parse_trace(bad)


def test_bookmark_names_follow_words_rules() -> None:
    long_id = "it-durability-software-support-award-for-schools"
    name = bookmark_name(long_id, 12)
    assert len(name) <= 40
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", name)
    assert name.endswith("_v12")
    assert bookmark_name("insertion-hours", 3) == "clause_insertion_hours_v3"
    assert bookmark_name(long_id, 1) != bookmark_name(long_id + "-bis", 1)
    hashed = bookmark_name(long_id, 12, "f" * 64)
    assert len(hashed) <= 40
    assert re.fullmatch(r"[A-Za-z][A-Za-z0-9_]*", hashed)
    assert hashed.endswith("_v12_hffffffff")


def test_core_properties_describe_the_tender(combined: bytes) -> None:
    properties = open_docx(combined).core_properties
    assert properties.title == "Restauration scolaire"
    assert properties.author == "Commune d'Essai"
    assert properties.subject == "Clauses sociales et environnementales — dossier de consultation"
    assert properties.created == CREATED
    assert properties.language == "fr-FR"


def test_a_part_alone_holds_only_its_own_clauses() -> None:
    data = build_document(
        make_snapshot(**school_catering()), parts=(DocumentPart.CCTP,), created=CREATED
    )
    document = open_docx(data)
    titles = [text for _, text in headings(document)]
    assert "Menu végétarien hebdomadaire et option végétarienne quotidienne" in titles
    assert shown("Clause d'insertion sociale en heures de travail") not in titles
    assert titles[0] == "Spécifications techniques"
    assert document.paragraphs[2].text.startswith("Cahier des clauses techniques particulières")


def test_the_rc_scores_criteria_with_weights_and_subcriteria() -> None:
    document = open_docx(
        build_document(make_snapshot(**school_catering()), parts=(DocumentPart.RC,))
    )
    text = body_text(document)
    assert f"Prix (40{NNBSP}%)" in text
    assert shown("note = 40 × (montant de l'offre la moins disante") in text
    assert shown(f"Qualité des repas : 60{NNBSP}% de la note du critère (24 points)") in text
    assert shown(f"60{NNBSP}% du critère, soit 24 points") in text
    assert "fixez sa pondération avant publication" in text  # circularity is not weighted


def test_separate_files_hold_one_document_per_part_and_the_zip_the_published_ones() -> None:
    snapshot = make_snapshot(**school_catering())
    files = build_separate(snapshot, created=CREATED)
    assert [f.name for f in files] == [
        "2026-RS-01_RC_fr.docx",
        "2026-RS-01_CCAP_fr.docx",
        "2026-RS-01_CCTP_fr.docx",
        "2026-RS-01_note_fr.docx",
    ]
    with zipfile.ZipFile(io.BytesIO(build_zip(snapshot, created=CREATED))) as archive:
        names = archive.namelist()
        assert names == [*(f.name for f in files[:3]), "2026-RS-01_grille_fr.xlsx"]
        for name in names[:3]:
            open_docx(archive.read(name))


def test_the_english_build_speaks_english() -> None:
    data = build_document(make_snapshot(**school_catering()), language="en", created=CREATED)
    document = open_docx(data)
    level_one = [text for style, text in headings(document) if style == "Heading1"]
    assert level_one[0] == "Instructions to bidders"
    text = body_text(document)
    assert "Social integration clause expressed in working hours" in text
    assert "at least 857 working hours" in text
    note = build_document(
        make_snapshot(**school_catering()), language="en", parts=(DocumentPart.NOTE,)
    )
    assert "€1,200,000" in body_text(open_docx(note))
    lang = part_xml(data, "word/styles.xml").find(
        f"{w('docDefaults')}/{w('rPrDefault')}/{w('rPr')}/{w('lang')}"
    )
    assert lang.get(w("val")) == "en-GB"


def test_the_note_computes_insertion_hours_step_by_step() -> None:
    document = open_docx(
        build_document(make_snapshot(**school_catering()), parts=(DocumentPart.NOTE,))
    )
    text = body_text(document)
    assert f"1{NNBSP}200{NNBSP}000{NNBSP}€ × 40{NNBSP}%" in text
    assert f"480{NNBSP}000{NNBSP}€ × 5{NNBSP}%" in text
    assert f"24{NNBSP}000{NNBSP}€ ÷ 28{NNBSP}€" in text
    assert f"857,14{NNBSP}h" in text
    assert shown(f"Heures inscrites dans la clause : 857{NNBSP}h.") in text


def test_the_note_lists_the_eforms_codes_and_the_bt777_reminder() -> None:
    document = open_docx(
        build_document(make_snapshot(**school_catering()), parts=(DocumentPart.NOTE,))
    )
    rows = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    codes = {(row[0] or "same", row[1]) for row in rows if len(row) == 3}
    assert ("BT-06 — Achat stratégique", "env-imp") in codes
    assert ("same", "soc-obj") in codes
    assert ("BT-71 — Participation réservée", "res-ws") in codes
    assert ("BT-775 — Achat social", "opp") in codes
    assert "BT-777" in body_text(document)


def test_the_note_shows_the_compliance_checklist() -> None:
    results = [
        RuleResult(
            rule_id="env-award-criterion",
            title={"fr": "Au moins un critère environnemental", "en": "An environmental criterion"},
            severity=Severity.BLOCKING,
            outcome=Outcome.FAILED,
            why={"fr": "Aucun critère environnemental.", "en": "No environmental criterion."},
            action={"fr": "Ajoutez un critère.", "en": "Add a criterion."},
            legal_basis=(("CCP", "L2152-7"),),
        ),
        RuleResult(
            rule_id="lots-sme-access",
            title={"fr": "Allotissement", "en": "Lots"},
            severity=Severity.ADVICE,
            outcome=Outcome.JUSTIFIED,
            why={"fr": "Un seul lot.", "en": "One lot."},
            justification="Cuisine centrale unique.",
            verified=False,
        ),
    ]
    document = open_docx(
        build_document(
            make_snapshot(**school_catering()), results, parts=(DocumentPart.NOTE,), created=CREATED
        )
    )
    text = body_text(document)
    assert shown("Au moins une règle bloquante n'est pas respectée") in text
    assert "Non respectée" in text
    assert shown("À faire : Ajoutez un critère.") in text
    assert "Écart justifié" in text
    assert shown("Justification de l'acheteur : Cuisine centrale unique.") in text
    assert shown("CCP, art. L. 2152-7") in text  # the short form, in the checklist table


def test_an_organisations_header_and_footer_fields_are_kept(tmp_path) -> None:
    import docx

    from procure.documents import fields
    from procure.documents.template import DEFAULT_TEMPLATE

    custom = docx.Document(str(DEFAULT_TEMPLATE))
    section = custom.sections[0]
    section.header.is_linked_to_previous = False
    section.header.paragraphs[0].text = "Mairie de Montclair — "
    fields.add_field(section.header.paragraphs[0]._p, " DATE \\@ dd/MM/yyyy ", "01/01/2026")
    section.footer.is_linked_to_previous = False
    section.footer.paragraphs[0].text = "p. "
    fields.add_field(section.footer.paragraphs[0]._p, " PAGE ", "1")
    path = tmp_path / "organisation.docx"
    custom.save(str(path))

    document = open_docx(
        build_document(make_snapshot(**school_catering()), template=path, created=CREATED)
    )
    header = document.sections[0].header
    assert header.paragraphs[0].text.startswith("Mairie de Montclair")
    assert has_field(header._element, "DATE")
    assert "Réf. 2026-RS-01" in header.paragraphs[-1].text
    footer_fields = [
        t.text.split()[0] for t in document.sections[0].footer._element.iter(w("instrText"))
    ]
    assert footer_fields == ["PAGE"], "the template's own page number is kept, not doubled"


def test_a_template_missing_optional_styles_still_gives_numbered_lists() -> None:
    template = load_template(without_styles("ListNumber", "ListBullet", "Note", "TableGrid"))
    document = open_docx(
        build_document(make_snapshot(**school_catering()), template=template, created=CREATED)
    )
    body = document.element.body
    numbered = [p for p in body.iter(w("p")) if p.find(f"{w('pPr')}/{w('numPr')}") is not None]
    assert len(numbered) > 10
    assert document.tables[0]._tbl.find(f"{w('tblPr')}/{w('tblBorders')}") is not None


def test_a_template_without_numbering_still_builds() -> None:
    data = build_document(
        make_snapshot(**school_catering()), template=without_numbering(), created=CREATED
    )
    all_parts_parse(data)
    document = open_docx(data)
    assert document.part.numbering_part.element.find(w("num")) is not None


def test_a_value_of_the_wrong_type_names_the_clause_and_the_variable() -> None:
    snapshot = make_snapshot(
        **school_catering(clauses=(chosen("insertion-hours", insertion_hours="beaucoup"),))
    )
    with pytest.raises(ValueError, match="clause 'insertion-hours', variable 'insertion_hours'"):
        build_document(snapshot)


def test_a_choice_value_reads_as_its_label() -> None:
    snapshot = make_snapshot(
        **school_catering(clauses=(chosen("energy-efficient-equipment", minimum_energy_class="B"),))
    )
    variable = snapshot.clauses[0].content.variable("minimum_energy_class")
    assert variable is not None
    label = next(c.label["fr"] for c in variable.choices if c.value == "B")
    assert label in body_text(open_docx(build_document(snapshot)))


def test_the_same_input_gives_the_same_bytes() -> None:
    snapshot = make_snapshot(**school_catering())
    assert build_document(snapshot, created=CREATED) == build_document(snapshot, created=CREATED)


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="language"):
        build_document(make_snapshot(**school_catering()), language="de")


def test_an_empty_tender_still_gives_the_rc_ccap_and_note_with_a_sentence_saying_so() -> None:
    snapshot = make_snapshot(**school_catering(clauses=(), criteria=()))
    data = build_document(snapshot, created=CREATED)
    all_parts_parse(data)
    text = body_text(open_docx(data))
    assert shown("Aucun critère d'attribution n'a encore été défini") in text
    assert (
        shown("Aucune condition d'exécution sociale ou environnementale n'a été retenue.") in text
    )
    note = build_document(snapshot, parts=(DocumentPart.NOTE,), created=CREATED)
    assert shown("Aucune clause d'insertion exprimée en heures") in body_text(open_docx(note))


def test_a_number_typed_for_a_text_variable_reads_as_text() -> None:
    snapshot = make_snapshot(
        **school_catering(clauses=(chosen("food-lot-reserved-esat-siae", lot_number=3),))
    )
    assert "lot n° 3" in body_text(open_docx(build_document(snapshot)))


def test_a_clause_the_buyer_reworded_reads_as_written_and_is_traced_as_modified() -> None:
    from dataclasses import replace

    snapshot = make_snapshot(**school_catering())
    insertion = snapshot.clauses[0]
    wording = "Le titulaire consacre *au minimum* {{ insertion_hours }} heures à l'insertion."
    reworded = replace(insertion, custom_text={"fr": wording})
    snapshot = replace(snapshot, clauses=(reworded, *snapshot.clauses[1:]))
    name = f"clause.{bookmark_name(insertion.slug, insertion.version, insertion.approved_hash)}"
    locked = f"sha256:{insertion.approved_hash}"

    french = open_docx(build_document(snapshot, created=CREATED))
    text = body_text(french)
    assert shown(f"Le titulaire consacre au minimum 857{NBSP}heures à l'insertion.") in text
    assert shown("personnes éloignées de l'emploi au moins") not in text
    assert (
        read_custom_properties(french)[name]
        == f"insertion-hours@{insertion.version}+modified {locked}"
    )
    french_note = build_document(snapshot, parts=(DocumentPart.NOTE,), created=CREATED)
    assert shown(
        "Rédaction adaptée par l'acheteur à partir de la version "
        f"{insertion.version} de la bibliothèque."
    ) in body_text(open_docx(french_note))

    assert "languages_diverge" not in read_custom_properties(french)
    assert "does not reflect" not in text

    english = open_docx(build_document(snapshot, language="en", created=CREATED))
    assert "people far from employment" in body_text(english)  # the library's English text
    assert read_custom_properties(english)[name] == f"insertion-hours@{insertion.version} {locked}"
    english_note = build_document(
        snapshot, language="en", parts=(DocumentPart.NOTE,), created=CREATED
    )
    assert f"Wording adapted by the buyer from version {insertion.version}" in body_text(
        open_docx(english_note)
    )


DIVERGES_EN = (
    "The French text of this clause was adapted by the buyer; this English text is the "
    "library's translation and does not reflect the adaptation."
)


def test_a_clause_adapted_in_french_only_is_marked_as_not_matching_in_english() -> None:
    """Under the clause's own text (outside its bookmark) and in a custom property."""
    from dataclasses import replace

    snapshot = make_snapshot(**school_catering())
    insertion = snapshot.clauses[0]
    wording = "Le titulaire consacre {{ insertion_hours }} heures à l'insertion."
    reworded = replace(insertion, custom_text={"fr": wording})
    snapshot = replace(snapshot, clauses=(reworded, *snapshot.clauses[1:]))

    english = open_docx(build_document(snapshot, language="en", created=CREATED))
    paragraphs = [paragraph.text for paragraph in english.paragraphs]
    assert paragraphs.count(shown(DIVERGES_EN, "en")) == 1
    note = paragraphs.index(shown(DIVERGES_EN, "en"))
    # right under the clause, whose bookmark ends on the paragraph before the note
    end = english.paragraphs[note - 1]._p.find(w("bookmarkEnd"))
    starts = {
        b.get(w("id")): b.get(w("name")) for b in english.element.body.iter(w("bookmarkStart"))
    }
    assert starts[end.get(w("id"))].startswith("clause_insertion_hours_v")
    assert english.paragraphs[note]._p.find(w("bookmarkEnd")) is None
    assert read_custom_properties(english)["languages_diverge"] == "insertion-hours"

    both = replace(reworded, custom_text={"fr": wording, "en": "The contractor works."})
    matching = replace(snapshot, clauses=(both, *snapshot.clauses[1:]))
    english = open_docx(build_document(matching, language="en", created=CREATED))
    assert shown(DIVERGES_EN, "en") not in body_text(english)
    assert "languages_diverge" not in read_custom_properties(english)


def test_a_clause_adapted_in_english_only_is_marked_as_not_matching_in_french() -> None:
    from dataclasses import replace

    snapshot = make_snapshot(**school_catering())
    insertion = snapshot.clauses[0]
    reworded = replace(insertion, custom_text={"en": "The contractor works."})
    snapshot = replace(snapshot, clauses=(reworded, *snapshot.clauses[1:]))
    french = open_docx(build_document(snapshot, created=CREATED))
    assert shown(
        "Le texte anglais de cette clause a été adapté par l'acheteur ; ce texte français "
        "est celui de la bibliothèque et ne reflète pas l'adaptation."
    ) in body_text(french)
    assert read_custom_properties(french)["languages_diverge"] == "insertion-hours"
