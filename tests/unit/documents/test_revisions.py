"""Adapted wording as Word revisions: what Word and LibreOffice see."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from dataclasses import replace

import pytest
from lxml import etree

from procure.documents.builder import build_document
from procure.documents.libreoffice import convert, is_libreoffice_available
from procure.documents.ooxml import w
from procure.documents.revisions import (
    accept_all,
    align_blocks,
    problems,
    reject_all,
    word_changes,
)
from procure.library.markup import Block, BlockKind, Span
from procure.snapshot import TenderSnapshot
from tests.factories import make_snapshot, school_catering
from tests.unit.documents.helpers import CREATED, part_xml

ADAPTED_AT = dt.datetime(2026, 11, 5, 14, 30, 12, tzinfo=dt.UTC)
# The library's first paragraph reworded, its second paragraph and bullets kept, a
# paragraph of the buyer's added at the end, and the rest of the library text removed.
WORDING = (
    "Le titulaire réserve à des demandeurs d'emploi *au minimum* {{ insertion_hours }} "
    "heures de travail sur la durée du marché, soit {{ insertion_rate }} % des heures "
    "générées par son exécution.\n\n"
    "Il peut s'en acquitter par l'un ou plusieurs des moyens suivants :\n"
    "- l'embauche directe de personnes éligibles (contrat à durée déterminée ou "
    "indéterminée, apprentissage, contrat de professionnalisation) ;\n"
    "- la mise à disposition de salariés par une association intermédiaire, une entreprise "
    "de travail temporaire d'insertion ou un groupement d'employeurs pour l'insertion et "
    "la qualification ;\n"
    "- la sous-traitance ou la cotraitance d'une partie des prestations à une structure "
    "d'insertion par l'activité économique.\n\n"
    "Le facilitateur du territoire accompagne le titulaire tout au long du marché."
)


def snapshots() -> tuple[TenderSnapshot, TenderSnapshot]:
    """The catering tender as the library writes it, and with its insertion clause adapted."""
    library = make_snapshot(**school_catering())
    insertion = library.clauses[0]
    assert insertion.slug == "insertion-hours"
    adapted = replace(insertion, custom_text={"fr": WORDING}, adapted_at=ADAPTED_AT)
    return library, replace(library, clauses=(adapted, *library.clauses[1:]))


@pytest.fixture(scope="module")
def builds() -> dict[str, bytes]:
    library, adapted = snapshots()
    return {
        "library": build_document(library, created=CREATED),
        "tracked": build_document(adapted, created=CREATED),
        "clean": build_document(adapted, created=CREATED, revisions=False),
    }


def paragraphs(body: etree._Element) -> list[str]:
    """The text of each paragraph as a reader sees it (deleted text is not read)."""
    return ["".join(t.text or "" for t in p.iter(w("t"))) for p in body.iter(w("p"))]


def without_page_numbers(text: bytes) -> str:
    return re.sub(r"\t\d+$", "", text.decode("utf-8-sig"), flags=re.MULTILINE)


def body(data: bytes) -> etree._Element:
    return part_xml(data, "word/document.xml")


def test_an_adapted_clause_is_written_as_insertions_and_deletions_by_procure(builds) -> None:
    root = body(builds["tracked"])
    insertions, deletions = root.findall(f".//{w('ins')}"), root.findall(f".//{w('del')}")
    assert insertions
    assert deletions
    for mark in (*insertions, *deletions):
        assert mark.get(w("author")) == "procure"
        assert mark.get(w("date")) == "2026-11-05T14:30:12Z"
    inserted = " ".join(t.text for mark in insertions for t in mark.iter(w("t")))
    deleted = " ".join(t.text for mark in deletions for t in mark.iter(w("delText")))
    assert "demandeurs d’emploi" in inserted
    assert "minimum" in inserted
    assert "facilitateur du territoire" in inserted
    assert "personnes éloignées de l’emploi" in deleted
    assert "Sont éligibles les personnes suivantes" in deleted
    assert "réserve à des" not in inserted + deleted  # kept words are not revisions


def test_the_revisions_follow_the_rules_word_enforces(builds) -> None:
    assert problems(body(builds["tracked"])) == []


def test_accepting_every_revision_gives_exactly_the_adapted_text(builds) -> None:
    assert paragraphs(accept_all(body(builds["tracked"]))) == paragraphs(body(builds["clean"]))


def test_rejecting_every_revision_gives_exactly_the_library_text(builds) -> None:
    assert paragraphs(reject_all(body(builds["tracked"]))) == paragraphs(body(builds["library"]))


def test_the_clean_build_and_an_unadapted_clause_have_no_revision(builds) -> None:
    for name in ("clean", "library"):
        root = body(builds[name])
        assert root.find(f".//{w('ins')}") is None
        assert root.find(f".//{w('del')}") is None
        assert root.find(f".//{w('delText')}") is None
    tracked = body(builds["tracked"])
    for bookmark in tracked.iter(w("bookmarkStart")):
        if bookmark.get(w("name")).startswith("clause_") and "insertion" not in bookmark.get(
            w("name")
        ):
            paragraph = bookmark.getparent()
            assert paragraph.find(w("ins")) is None
            assert paragraph.find(w("del")) is None


def test_the_clause_bookmark_still_surrounds_the_whole_tracked_clause(builds) -> None:
    root = body(builds["tracked"])
    start = next(
        b for b in root.iter(w("bookmarkStart")) if b.get(w("name")).startswith("clause_insertion")
    )
    end = next(b for b in root.iter(w("bookmarkEnd")) if b.get(w("id")) == start.get(w("id")))
    inside = []
    paragraph = start.getparent()
    while True:
        inside.append(paragraph)
        if end in paragraph:
            break
        paragraph = paragraph.getnext()
    marks = [m for p in inside for m in p.iter(w("ins"), w("del"))]
    assert len(marks) == len(list(root.iter(w("ins"), w("del"))))


def test_without_a_saved_time_revisions_are_dated_when_the_document_was_made() -> None:
    _library, adapted = snapshots()
    undated = replace(
        adapted, clauses=(replace(adapted.clauses[0], adapted_at=None), *adapted.clauses[1:])
    )
    root = body(build_document(undated, created=CREATED))
    dates = {m.get(w("date")) for m in root.iter(w("ins"), w("del"))}
    assert dates == {CREATED.strftime("%Y-%m-%dT%H:%M:%SZ")}


def test_word_changes_keep_emphasis_and_give_back_both_texts() -> None:
    old = (Span("Le titulaire "), Span("doit", emphasis=True), Span(" déclarer ses heures."))
    new = (Span("Le prestataire "), Span("doit", emphasis=True), Span(" déclarer ses heures."))
    pieces = word_changes(old, new)
    assert [(p.kind, p.span.text) for p in pieces if p.kind != "equal"] == [
        ("delete", "titulaire"),
        ("insert", "prestataire"),
    ]
    assert (
        "".join(p.span.text for p in pieces if p.kind != "delete")
        == "Le prestataire doit déclarer ses heures."
    )
    assert (
        "".join(p.span.text for p in pieces if p.kind != "insert")
        == "Le titulaire doit déclarer ses heures."
    )
    assert any(p.span.emphasis and p.span.text == "doit" for p in pieces)


def test_paragraphs_line_up_kept_changed_added_and_removed() -> None:
    def block(text: str) -> Block:
        return Block(BlockKind.PARAGRAPH, (Span(text),))

    changes = align_blocks(
        [block("un"), block("le titulaire déclare"), block("trois"), block("quatre")],
        [block("un"), block("le titulaire déclare tout"), block("quelle nouveauté")],
    )
    assert [(c.old and c.old.spans[0].text, c.new and c.new.spans[0].text) for c in changes] == [
        ("un", "un"),
        ("le titulaire déclare", "le titulaire déclare tout"),
        ("trois", None),
        (None, "quelle nouveauté"),
        ("quatre", None),
    ]


def test_the_problems_check_names_what_word_would_repair() -> None:
    xml = (
        f'<w:body xmlns:w="{w("x")[1:].split("}")[0]}"><w:p>'
        '<w:ins w:id="1" w:author="procure" w:date="2026-11-05"><w:r><w:t>a</w:t></w:r></w:ins>'
        '<w:del w:id="1" w:date="2026-11-05T14:30:12Z"><w:r><w:t>b</w:t></w:r></w:del>'
        '</w:p><w:ins w:id="3" w:author="procure" w:date="2026-11-05T14:30:12Z"/>'
        "<w:p><w:r><w:delText>c</w:delText></w:r></w:p></w:body>"
    )
    found = problems(etree.fromstring(xml))
    assert "w:ins 1 has no ISO 8601 w:date: '2026-11-05'" in found
    assert "w:del w:id 1 is used twice" in found
    assert "w:del 1 has no w:author" in found
    assert "w:del 1 holds w:t instead of w:delText" in found
    assert "w:ins 3 is not inside a paragraph" in found
    assert "w:delText outside a deletion" in found


@pytest.mark.skipif(not is_libreoffice_available(), reason="LibreOffice is not installed")
def test_libreoffice_opens_the_revisions_and_accepting_them_gives_the_clean_text(builds) -> None:
    accepted, clean = convert([builds["tracked"], builds["clean"]], "txt", accept_changes=True)
    assert accepted is not None
    assert clean is not None
    # The same text; the contents' page numbers may differ while LibreOffice lays out.
    assert without_page_numbers(accepted) == without_page_numbers(clean)
    (shown,) = convert([builds["tracked"]], "txt")
    assert shown is not None
    assert "facilitateur du territoire" in shown.decode("utf-8-sig")


def test_a_tracked_document_is_a_valid_package(builds) -> None:
    with zipfile.ZipFile(io.BytesIO(builds["tracked"])) as archive:
        assert archive.testzip() is None
