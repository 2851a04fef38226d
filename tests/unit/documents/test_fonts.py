"""Which fonts a document's text uses, and which of them this server cannot lay out."""

from __future__ import annotations

import io

import docx

from procure.documents.builder import build_document
from procure.documents.fonts import missing_fonts, text_fonts
from procure.documents.package import read_members
from tests.unit.documents.helpers import example
from tests.unit.documents.templates import with_body_font


def word_default_template() -> bytes:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    return buffer.getvalue()


def test_procures_default_template_writes_in_arial_only() -> None:
    built = build_document(example("site-internet.yaml"))
    assert text_fonts(read_members(built)) == {"Arial"}


def test_theme_fonts_are_resolved_and_unused_styles_ignored() -> None:
    built = build_document(example("site-internet.yaml"), template=word_default_template())
    assert text_fonts(read_members(built)) == {"Calibri", "Cambria"}  # not Courier: unused


def test_a_template_font_is_found_in_the_styles() -> None:
    built = build_document(example("site-internet.yaml"), template=with_body_font("Marianne"))
    assert "Marianne" in text_fonts(read_members(built))


def test_fonts_with_a_metric_compatible_replacement_are_not_missing() -> None:
    installed = {"Liberation Sans", "Carlito", "DejaVu Sans"}
    assert missing_fonts({"Arial", "Calibri", "Marianne", "Cambria"}, installed) == [
        "Cambria",
        "Marianne",
    ]
    assert missing_fonts({"DejaVu Sans"}, installed) == []


def test_the_default_paragraph_style_counts_though_no_paragraph_names_it() -> None:
    namespace = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    members = {
        "word/document.xml": f"<w:document {namespace}><w:body><w:p><w:r><w:t>Texte</w:t>"
        "</w:r></w:p></w:body></w:document>".encode(),
        "word/styles.xml": f'<w:styles {namespace}><w:style w:type="paragraph" w:default="1" '
        'w:styleId="Normal"><w:rPr><w:rFonts w:ascii="Marianne" w:hAnsi="Marianne"/></w:rPr>'
        '</w:style><w:style w:type="paragraph" w:styleId="Code"><w:rPr><w:rFonts '
        'w:ascii="Courier"/></w:rPr></w:style></w:styles>'.encode(),
    }
    assert text_fonts(members) == {"Marianne"}
