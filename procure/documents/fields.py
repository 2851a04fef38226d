"""Word fields written as complex fields (``fldChar`` begin / ``instrText`` / separate / end).

Complex fields are what Word itself writes; LibreOffice reads them too. The
result between *separate* and *end* is what shows until the field is updated.
``request_field_update`` asks Word to update every field when the file opens.
"""

from __future__ import annotations

from copy import deepcopy
from dataclasses import dataclass, field

from lxml import etree

from procure.documents.ooxml import W_NS, W_P, W_R, W_T, W_VAL, XML_SPACE, set_text, w

W_FLDCHAR = w("fldChar")
W_FLDCHARTYPE = w("fldCharType")
W_INSTRTEXT = w("instrText")

PAGE = " PAGE "
NUMPAGES = " NUMPAGES "
TOC = ' TOC \\o "1-3" \\h \\z \\u '

# CT_Settings children that come after w:updateFields, in schema order.
_AFTER_UPDATE_FIELDS = frozenset(
    w(name)
    for name in (
        "hdrShapeDefaults",
        "footnotePr",
        "endnotePr",
        "compat",
        "docVars",
        "rsids",
        "mathPr",
        "attachedSchema",
        "themeFontLang",
        "clrSchemeMapping",
        "doNotIncludeSubdocsInStats",
        "doNotAutoCompressPictures",
        "forceUpgrade",
        "captions",
        "readModeInkLockDown",
        "smartTagType",
        "schemaLibrary",
        "shapeDefaults",
        "doNotEmbedSmartTags",
        "decimalSymbol",
        "listSeparator",
    )
)


def _run(parent: etree._Element, run_properties: etree._Element | None) -> etree._Element:
    run = etree.SubElement(parent, W_R)
    if run_properties is not None:
        run.append(deepcopy(run_properties))
    return run


def field_char(
    parent: etree._Element, kind: str, run_properties: etree._Element | None = None
) -> etree._Element:
    """A run holding ``<w:fldChar w:fldCharType="begin|separate|end"/>``."""
    run = _run(parent, run_properties)
    etree.SubElement(run, W_FLDCHAR).set(W_FLDCHARTYPE, kind)
    return run


def instruction(
    parent: etree._Element, text: str, run_properties: etree._Element | None = None
) -> etree._Element:
    run = _run(parent, run_properties)
    instr = etree.SubElement(run, W_INSTRTEXT)
    instr.text = text
    instr.set(XML_SPACE, "preserve")
    return run


def add_field(
    paragraph: etree._Element,
    code: str,
    result: str,
    run_properties: etree._Element | None = None,
) -> None:
    """Append a whole complex field (``PAGE``, ``NUMPAGES``…) with its displayed result."""
    field_char(paragraph, "begin", run_properties)
    instruction(paragraph, code, run_properties)
    field_char(paragraph, "separate", run_properties)
    if result:
        run = _run(paragraph, run_properties)
        set_text(etree.SubElement(run, W_T), result)
    field_char(paragraph, "end", run_properties)


def is_field(instruction: str, code: str) -> bool:
    """Whether a field instruction (`` PAGE \\* MERGEFORMAT ``) is a ``code`` field."""
    words = instruction.split()
    return bool(words) and words[0].upper() == code.strip().upper()


def simple_fields(root: etree._Element, code: str) -> list[etree._Element]:
    """The ``<w:fldSimple>`` fields of ``root`` whose instruction is a ``code`` field."""
    return [
        simple
        for simple in root.iter(w("fldSimple"))
        if is_field(simple.get(w("instr")) or "", code)
    ]


def has_field(root: etree._Element, code: str) -> bool:
    """Whether ``root`` holds a field whose instruction starts with ``code`` (e.g. ``PAGE``)."""
    return any(is_field(instr.text or "", code) for instr in root.iter(W_INSTRTEXT)) or bool(
        simple_fields(root, code)
    )


@dataclass
class FieldResult:
    """Where a complex field's displayed result lies in a story."""

    paragraphs: list[etree._Element]  # paragraphs holding a part of the result, in order
    texts: list[etree._Element]  # the result's own w:t elements (not those of nested fields)
    end: etree._Element  # the run holding fldChar "end"


@dataclass
class _OpenField:
    instruction: list[str] = field(default_factory=list)
    result: FieldResult | None = None


def field_results(root: etree._Element, code: str) -> list[FieldResult]:
    """The displayed results of every complex field whose instruction starts with ``code``."""
    found: list[FieldResult] = []
    open_fields: list[_OpenField] = []
    paragraph = None
    for element in root.iter(W_P, W_FLDCHAR, W_INSTRTEXT, W_T):
        if element.tag == W_P:
            paragraph = element
            for open_field in open_fields:
                if open_field.result is not None:
                    open_field.result.paragraphs.append(paragraph)
        elif not open_fields and element.tag != W_FLDCHAR:
            continue
        elif element.tag == W_INSTRTEXT:
            open_fields[-1].instruction.append(element.text or "")
        elif element.tag == W_T:
            if open_fields[-1].result is not None:
                open_fields[-1].result.texts.append(element)
        else:
            _field_char(element, paragraph, open_fields, code, found)
    return found


def _field_char(
    element: etree._Element,
    paragraph: etree._Element | None,
    open_fields: list[_OpenField],
    code: str,
    found: list[FieldResult],
) -> None:
    kind = element.get(W_FLDCHARTYPE)
    if kind == "begin":
        open_fields.append(_OpenField())
    elif kind == "separate" and open_fields and paragraph is not None:
        current = open_fields[-1]
        if is_field("".join(current.instruction), code):
            current.result = FieldResult([paragraph], [], element.getparent())
    elif kind == "end" and open_fields:
        closed = open_fields.pop()
        if closed.result is not None:
            closed.result.end = element.getparent()
            found.append(closed.result)


def set_field_results(root: etree._Element, code: str, text: str) -> None:
    """Show ``text`` as the result of every ``code`` field in ``root`` (complex or simple)."""
    targets = [result.texts for result in field_results(root, code)]
    targets += [list(simple.iter(W_T)) for simple in simple_fields(root, code)]
    for texts in targets:
        if texts:
            set_text(texts[0], text)
            for extra in texts[1:]:
                extra.text = ""


def request_field_update(settings: etree._Element) -> None:
    """Set ``<w:updateFields w:val="true"/>`` in settings.xml, at its schema position."""
    existing = settings.find(w("updateFields"))
    if existing is not None:
        existing.set(W_VAL, "true")
        return
    update = settings.makeelement(w("updateFields"))
    update.set(W_VAL, "true")
    prefix = f"{{{W_NS}}}"
    for child in settings:
        if not isinstance(child.tag, str):
            continue  # comments and processing instructions
        if child.tag in _AFTER_UPDATE_FIELDS or not child.tag.startswith(prefix):
            child.addprevious(update)
            return
    settings.append(update)


def stop_requesting_field_update(settings: etree._Element) -> None:
    """Remove ``<w:updateFields>``: the fields' results are up to date."""
    for update in settings.findall(w("updateFields")):
        settings.remove(update)
