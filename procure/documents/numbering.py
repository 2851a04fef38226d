"""Word numbering: headings bound to a multi-level list, and numbered lists that restart.

Heading numbers come from the template (``numPr`` in the Heading 1–3 styles);
this module only reads them, to know what number each heading shows.

Numbered lists in clauses restart at 1 in each list: each list gets its own
``w:num`` instance pointing at the template's decimal list definition, with a
``lvlOverride``/``startOverride`` of 1 (what Word itself writes for "Restart
numbering").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

from docx.document import Document as DocxDocument
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.oxml import OxmlElement
from docx.parts.numbering import NumberingPart
from lxml import etree

from procure.documents.ooxml import W_VAL, sub, w

W_NUM = w("num")
W_ABSTRACT_NUM = w("abstractNum")
W_ABSTRACT_NUM_ID = w("abstractNumId")
W_NUM_ID_ATTR = w("numId")
W_NUM_ID_MAC = w("numIdMacAtCleanup")
W_LVL = w("lvl")
W_ILVL_ATTR = w("ilvl")
W_STYLE = w("style")
W_STYLE_ID = w("styleId")

DECIMAL = "decimal"


@dataclass(frozen=True)
class LevelFormat:
    """One level of a numbering definition: ``%1.%2`` in ``decimal``, starting at 1."""

    num_fmt: str
    text: str
    start: int


@dataclass(frozen=True)
class NumberingPlan:
    """What a prepared template offers for numbering."""

    headings: tuple[LevelFormat | None, ...]  # Heading 1, 2, 3 (None: not numbered)
    list_abstract_id: str  # decimal definition that numbered lists instantiate
    bullet_num_id: str | None  # set when bullets need a direct numPr (style has none)
    first_free_num_id: int


def numbering_root(document: DocxDocument) -> etree._Element:
    """The ``w:numbering`` element, creating the numbering part if the template has none."""
    part = document.part
    try:
        # python-docx loads the numbering part as a NumberingPart; its API says Part.
        return cast(NumberingPart, part.part_related_by(RT.NUMBERING)).element
    except KeyError:
        element = OxmlElement("w:numbering")
        numbering_part = NumberingPart(
            PackURI("/word/numbering.xml"), CT.WML_NUMBERING, element, part.package
        )
        part.relate_to(numbering_part, RT.NUMBERING)
        return element


def style_numbering(styles: etree._Element, style_id: str | None) -> tuple[str, str | None] | None:
    """``(numId, ilvl)`` a paragraph style numbers with, following ``basedOn``."""
    by_id = {style.get(W_STYLE_ID): style for style in styles.iter(W_STYLE)}
    seen: set[str] = set()
    while style_id and style_id not in seen and style_id in by_id:
        seen.add(style_id)
        style = by_id[style_id]
        num_pr = style.find(f"{w('pPr')}/{w('numPr')}")
        if num_pr is not None:
            num_id = num_pr.find(w("numId"))
            if num_id is None:
                return None
            ilvl = num_pr.find(w("ilvl"))
            value = num_id.get(W_VAL)
            return (value, None if ilvl is None else ilvl.get(W_VAL)) if value != "0" else None
        based_on = style.find(w("basedOn"))
        style_id = None if based_on is None else based_on.get(W_VAL)
    return None


def abstract_for(numbering: etree._Element, num_id: str) -> etree._Element | None:
    for num in numbering.iter(W_NUM):
        if num.get(W_NUM_ID_ATTR) == num_id:
            abstract_id = num.find(W_ABSTRACT_NUM_ID)
            if abstract_id is None:
                return None
            wanted = abstract_id.get(W_VAL)
            for abstract in numbering.iter(W_ABSTRACT_NUM):
                if abstract.get(W_ABSTRACT_NUM_ID) == wanted:
                    return abstract
    return None


def level_format(abstract: etree._Element, ilvl: str | None, style_id: str) -> LevelFormat | None:
    levels = abstract.findall(W_LVL)
    chosen = None
    if ilvl is not None:
        chosen = next((lvl for lvl in levels if lvl.get(W_ILVL_ATTR) == ilvl), None)
    if chosen is None:
        chosen = next(
            (lvl for lvl in levels if _child_val(lvl, "pStyle") == style_id),
            next((lvl for lvl in levels if lvl.get(W_ILVL_ATTR) == "0"), None),
        )
    if chosen is None:
        return None
    start = _child_val(chosen, "start") or "1"
    return LevelFormat(
        num_fmt=_child_val(chosen, "numFmt") or DECIMAL,
        text=_child_val(chosen, "lvlText") or "",
        start=int(start) if start.isdigit() else 1,
    )


def _child_val(element: etree._Element, local: str) -> str | None:
    child = element.find(w(local))
    return None if child is None else child.get(W_VAL)


def plan_numbering(
    document: DocxDocument,
    heading_style_ids: tuple[str | None, ...],
    list_number_style_id: str | None,
    list_bullet_style_id: str | None,
) -> NumberingPlan:
    """Read the template's numbering; add list definitions it lacks (on the prototype)."""
    styles = document.styles.element
    numbering = numbering_root(document)

    headings = []
    for style_id in heading_style_ids:
        reference = style_numbering(styles, style_id)
        abstract = None if reference is None else abstract_for(numbering, reference[0])
        headings.append(
            None
            if reference is None or abstract is None or style_id is None
            else level_format(abstract, reference[1], style_id)
        )

    list_abstract_id = None
    reference = style_numbering(styles, list_number_style_id)
    if reference is not None:
        abstract = abstract_for(numbering, reference[0])
        if abstract is not None and _first_level_format(abstract) == DECIMAL:
            list_abstract_id = abstract.get(W_ABSTRACT_NUM_ID)
    if list_abstract_id is None:
        list_abstract_id = _add_abstract(numbering, DECIMAL, ("%1.", "%2)"), "lowerLetter")

    bullet_num_id = None
    if style_numbering(styles, list_bullet_style_id) is None:
        abstract_id = _add_abstract(numbering, "bullet", ("•", "–"), "bullet")
        bullet_num_id = str(_max_num_id(numbering) + 1)
        _insert_num(numbering, _num(bullet_num_id, abstract_id))

    return NumberingPlan(
        headings=tuple(headings),
        list_abstract_id=list_abstract_id,
        bullet_num_id=bullet_num_id,
        first_free_num_id=_max_num_id(numbering) + 1,
    )


def _first_level_format(abstract: etree._Element) -> str | None:
    for lvl in abstract.findall(W_LVL):
        if lvl.get(W_ILVL_ATTR) == "0":
            return _child_val(lvl, "numFmt")
    return None


def _max_num_id(numbering: etree._Element) -> int:
    ids = [
        int(n.get(W_NUM_ID_ATTR))
        for n in numbering.iter(W_NUM)
        if n.get(W_NUM_ID_ATTR, "").isdigit()
    ]
    return max(ids, default=0)


def _add_abstract(
    numbering: etree._Element, first_format: str, texts: tuple[str, str], second_format: str
) -> str:
    """Add a two-level list definition before the ``w:num`` elements; return its id."""
    ids = [
        int(a.get(W_ABSTRACT_NUM_ID))
        for a in numbering.iter(W_ABSTRACT_NUM)
        if a.get(W_ABSTRACT_NUM_ID, "").isdigit()
    ]
    abstract_id = str(max(ids, default=-1) + 1)
    abstract = OxmlElement("w:abstractNum")
    abstract.set(W_ABSTRACT_NUM_ID, abstract_id)
    sub(abstract, "multiLevelType", val="hybridMultilevel")
    for index, (fmt, text) in enumerate(zip((first_format, second_format), texts, strict=True)):
        lvl = sub(abstract, "lvl", ilvl=str(index))
        sub(lvl, "start", val="1")
        sub(lvl, "numFmt", val=fmt)
        sub(lvl, "lvlText", val=text)
        sub(lvl, "lvlJc", val="left")
        sub(sub(lvl, "pPr"), "ind", left=str(567 * (index + 1)), hanging="340")
    first_num = numbering.find(W_NUM)
    anchor = first_num if first_num is not None else numbering.find(W_NUM_ID_MAC)
    if anchor is not None:
        anchor.addprevious(abstract)
    else:
        numbering.append(abstract)
    return abstract_id


def _num(num_id: str, abstract_id: str, *, restart: bool = False) -> etree._Element:
    num = OxmlElement("w:num")
    num.set(W_NUM_ID_ATTR, num_id)
    sub(num, "abstractNumId", val=abstract_id)
    if restart:
        sub(sub(num, "lvlOverride", ilvl="0"), "startOverride", val="1")
    return num


def _insert_num(numbering: etree._Element, num: etree._Element) -> None:
    anchor = numbering.find(W_NUM_ID_MAC)
    if anchor is not None:
        anchor.addprevious(num)
    else:
        numbering.append(num)


class ListNumbering:
    """Hands out a fresh, restarting ``w:num`` for each numbered list of one document."""

    def __init__(self, document: DocxDocument, plan: NumberingPlan) -> None:
        self._numbering = numbering_root(document)
        self._abstract_id = plan.list_abstract_id
        self._next_id = plan.first_free_num_id

    def new_list(self) -> str:
        num_id = str(self._next_id)
        self._next_id += 1
        _insert_num(self._numbering, _num(num_id, self._abstract_id, restart=True))
        return num_id


def number_label(text: str, counters: list[int], formats: list[str]) -> str:
    """The number Word shows for a heading: ``%1.%2`` with counters ``[2, 3]`` is ``2.3``.

    ``formats[i]`` is the ``numFmt`` of level ``i`` (``decimal``, ``upperRoman``…).
    """
    for index, counter in enumerate(counters):
        text = text.replace(f"%{index + 1}", _formatted(counter, formats[index]))
    return text


def _formatted(counter: int, num_fmt: str) -> str:
    if num_fmt == "upperRoman":
        return _roman(counter)
    if num_fmt == "lowerRoman":
        return _roman(counter).lower()
    if num_fmt in {"upperLetter", "lowerLetter"} and counter > 0:
        letter = chr(ord("A") + (counter - 1) % 26) * ((counter - 1) // 26 + 1)
        return letter if num_fmt == "upperLetter" else letter.lower()
    return str(counter)


def _roman(number: int) -> str:
    numerals = (
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    )
    result = []
    for value, numeral in numerals:
        count, number = divmod(number, value)
        result.append(numeral * count)
    return "".join(result)
