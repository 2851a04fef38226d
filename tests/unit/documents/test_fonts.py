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
