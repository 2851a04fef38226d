from __future__ import annotations

import io
import zipfile

import docx
import pytest

from procure.documents import make_default_template
from procure.documents.numbering import abstract_for, style_numbering
from procure.documents.ooxml import w
from procure.documents.template import DEFAULT_TEMPLATE, check_template, load_template
from procure.errors import TemplateError
from tests.unit.documents.templates import (
    default_bytes,
    relabelled,
    without_numbering,
    without_styles,
)

WML_TEMPLATE = "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
WML_MACROS = "application/vnd.ms-word.document.macroEnabled.main+xml"


def members(path) -> dict[str, bytes]:
    """Uncompressed members: compressed bytes may differ between zlib versions."""
    with zipfile.ZipFile(path) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_the_committed_default_template_is_what_the_script_generates(tmp_path) -> None:
    generated = make_default_template.write_template(tmp_path / "default.docx")
    assert members(generated) == members(DEFAULT_TEMPLATE), (
        "templates/default.docx is stale: run python -m procure.documents.make_default_template"
    )


def test_default_template_is_a4_with_every_style_the_builder_uses() -> None:
    document = docx.Document(str(DEFAULT_TEMPLATE))
    section = document.sections[0]
    assert (section.page_width.mm, section.page_height.mm) == pytest.approx((210, 297), abs=0.5)
    names = {style.name for style in document.styles}
    for name in (
        "Normal",
        "Heading 1",
        "Heading 2",
        "Heading 3",
        "Title",
        "Subtitle",
        "List Bullet",
        "List Number",
        "Table Grid",
        "Note",
        "Table Text",
        "TOC Heading",
    ):
        assert name in names
    assert check_template(DEFAULT_TEMPLATE, strict=True) == []


def test_heading_styles_are_bound_to_a_multilevel_decimal_numbering() -> None:
    document = docx.Document(str(DEFAULT_TEMPLATE))
    styles = document.styles.element
    numbering = document.part.numbering_part.element
    texts = []
    for level, style_id in enumerate(("Heading1", "Heading2", "Heading3")):
        num_id, ilvl = style_numbering(styles, style_id)
        assert ilvl == str(level)
        abstract = abstract_for(numbering, num_id)
        assert abstract is not None
        assert abstract.find(w("multiLevelType")).get(w("val")) == "multilevel"
        lvl = next(x for x in abstract.iter(w("lvl")) if x.get(w("ilvl")) == ilvl)
        assert lvl.find(w("numFmt")).get(w("val")) == "decimal"
        assert lvl.find(w("pStyle")).get(w("val")) == style_id
        texts.append(lvl.find(w("lvlText")).get(w("val")))
    assert texts == ["%1.", "%1.%2", "%1.%2.%3"]


def test_list_styles_carry_bullet_and_decimal_numbering() -> None:
    document = docx.Document(str(DEFAULT_TEMPLATE))
    numbering = document.part.numbering_part.element
    for style_id, fmt in (("ListBullet", "bullet"), ("ListNumber", "decimal")):
        num_id, _ = style_numbering(document.styles.element, style_id)
        abstract = abstract_for(numbering, num_id)
        assert abstract.find(f"{w('lvl')}/{w('numFmt')}").get(w("val")) == fmt


def test_something_that_is_not_a_word_file_is_reported_not_raised() -> None:
    problems = check_template(b"%PDF-1.7 not a docx")
    assert len(problems) == 1
    assert "not a Word document" in problems[0]


def test_a_missing_file_is_reported(tmp_path) -> None:
    assert "cannot be read" in check_template(tmp_path / "absent.docx")[0]


def test_a_template_without_a_heading_style_names_the_style() -> None:
    data = without_styles("Heading2")
    assert check_template(data) == ["the uploaded template: missing required style 'Heading 2'"]
    with pytest.raises(TemplateError, match="Heading 2"):
        load_template(data)


def test_optional_styles_fall_back_and_strict_checking_lists_them() -> None:
    data = without_styles("Note", "ListNumber", "TableGrid", "Title")
    assert check_template(data) == []
    strict = check_template(data, strict=True)
    assert any("'Note'" in problem and "'Normal' is used instead" in problem for problem in strict)
    assert any("'Table Grid'" in problem for problem in strict)
    template = load_template(data)
    assert template.fallbacks


def test_a_word_template_file_dotx_is_accepted() -> None:
    assert check_template(relabelled(WML_TEMPLATE)) == []
    assert load_template(relabelled(WML_TEMPLATE)).styles


def test_a_macro_enabled_document_is_refused() -> None:
    assert "macros" in check_template(relabelled(WML_MACROS))[0]


def test_a_template_without_numbering_gets_list_definitions() -> None:
    template = load_template(without_numbering())
    assert template.numbering.headings == (None, None, None)
    assert template.numbering.bullet_num_id is not None
    document = template.new_document()
    assert document.part.numbering_part.element.find(w("abstractNum")) is not None


def test_copies_of_a_template_never_share_content() -> None:
    template = load_template(default_bytes())
    first = template.new_document()
    first.add_paragraph("only in the first")
    second = template.new_document()
    buffer = io.BytesIO()
    second.save(buffer)
    assert "only in the first" not in [p.text for p in docx.Document(buffer).paragraphs]
