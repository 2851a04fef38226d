from __future__ import annotations

from procure.formatting import NBSP, NNBSP
from procure.library.markup import BlockKind, Span, Value, fill, parse


def kinds(text: str) -> list[tuple[BlockKind, int]]:
    return [(block.kind, block.list_index) for block in parse(text)]


def test_blank_lines_separate_paragraphs_and_plain_lines_join() -> None:
    blocks = parse("First line\nsame paragraph.\n\nSecond paragraph.")
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH, BlockKind.PARAGRAPH]
    assert blocks[0].spans == (Span("First line same paragraph."),)


def test_bullets_and_numbered_items_are_recognised() -> None:
    text = "Intro:\n- one\n- two\n\n1. first\n2. second"
    assert kinds(text) == [
        (BlockKind.PARAGRAPH, -1),
        (BlockKind.BULLET, -1),
        (BlockKind.BULLET, -1),
        (BlockKind.NUMBERED, 0),
        (BlockKind.NUMBERED, 0),
    ]


def test_a_paragraph_between_numbered_items_starts_a_new_list() -> None:
    text = "1. a\n\n2. b\n\nBetween.\n\n1. c\n7. d"
    numbered = [b.list_index for b in parse(text) if b.kind is BlockKind.NUMBERED]
    assert numbered == [0, 0, 1, 1]


def test_stars_mark_emphasis_and_lone_stars_stay_literal() -> None:
    (block,) = parse("Use *Power Usage Effectiveness* here, 2 * 3 stays.")
    assert block.spans == (
        Span("Use "),
        Span("Power Usage Effectiveness", emphasis=True),
        Span(" here, 2 * 3 stays."),
    )


def test_a_value_cannot_add_structure_or_emphasis() -> None:
    blocks = fill(parse("Scope: {{ scope }}."), lambda name: Value("*x*\n- y"), language="fr")
    assert [b.kind for b in blocks] == [BlockKind.PARAGRAPH]
    assert blocks[0].spans == (Span("Scope: *x*\n- y."),)


def test_french_numbers_are_tied_to_their_unit() -> None:
    text = "{{ rate }} % et {{ amount }} € HT en {{ days }} jours, {{ name }} seul."
    values = {
        "rate": Value("5", numeric=True),
        "amount": Value("30,00", numeric=True),
        "days": Value("10", numeric=True),
        "name": Value("le PLIE"),
    }
    (block,) = fill(parse(text), values.__getitem__, language="fr")
    assert block.spans[0].text == (f"5{NNBSP}% et 30,00{NNBSP}€ HT en 10{NBSP}jours, le PLIE seul.")


def test_english_keeps_ordinary_spaces() -> None:
    (block,) = fill(parse("{{ rate }} % of"), lambda _: Value("5", numeric=True), language="en")
    assert block.spans[0].text == "5 % of"
