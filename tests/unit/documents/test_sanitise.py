from __future__ import annotations

import pytest

from procure.documents.sanitise import one_line, require_text, xml_safe


def test_characters_xml_cannot_hold_are_stripped() -> None:
    assert xml_safe("a\x00b\x0bc\x1fd\ud800e\ufffff") == "abcdef"


def test_visible_text_is_kept_as_typed() -> None:
    text = "Cantine 🍎 — مطعم المدرسة — מסעדה — ＡＢＣ"
    assert one_line(text) == text


def test_line_breaks_and_tabs_become_spaces_in_one_line_values() -> None:
    assert one_line("a\r\nb\tc\u2028d") == "a b c d"


def test_a_value_that_is_not_text_is_rejected_with_its_field() -> None:
    with pytest.raises(ValueError, match=r"purchase\.title: expected text"):
        require_text(42, "purchase.title")
