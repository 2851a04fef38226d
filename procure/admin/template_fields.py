"""Which Word fields an uploaded template may carry. Plain Python, no Flask.

A Word field is an instruction Word runs when it opens or refreshes a document.
Most only show something the document already knows (a page number, a date, a
heading); a few reach outside it: ``INCLUDEPICTURE "http://…"`` fetches a remote
image (and tells its server who reads the document), ``INCLUDETEXT``/``INCLUDE``
and ``LINK`` read local or network files, ``DDE``/``DDEAUTO`` start another
program. A template's fields end up in every document built from it, so only
the fields on ``ALLOWED_FIELDS`` are kept:

- page and section numbering: PAGE, NUMPAGES, SECTION, SECTIONPAGES;
- tables of contents and their entries: TOC, TC;
- cross-references inside the document: REF, PAGEREF, NOTEREF, STYLEREF, SEQ;
- dates: DATE, TIME, CREATEDATE, SAVEDATE, PRINTDATE;
- the document's own properties: TITLE, SUBJECT, AUTHOR, DOCPROPERTY;
- HYPERLINK, only to an ``http``, ``https`` or ``mailto`` address, or to a
  bookmark of the document (``\\l``); Word does not fetch a link's target until
  the reader clicks it.

Anything else (INCLUDEPICTURE, INCLUDETEXT, INCLUDE, LINK, DDE, DDEAUTO, IMPORT,
MERGEFIELD, formulas, macros…) is refused, as is a field whose name or link
target is computed by another field nested inside it: what it would run cannot
be known before Word runs it.

Fields come in two forms, both read here: simple fields (``w:fldSimple
w:instr="…"``) and complex fields, whose instruction is spread over
``w:instrText`` (or, in a tracked deletion, ``w:delInstrText``) elements of
several runs between ``w:fldChar`` begin and separate marks, possibly nested.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree.ElementTree import Element

# Transitional and Strict OOXML: Word runs the fields of both.
WORD_NAMESPACES = (
    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}",
    "{http://purl.oclc.org/ooxml/wordprocessingml/main}",
)
FIELD_SIMPLE = {f"{ns}fldSimple": f"{ns}instr" for ns in WORD_NAMESPACES}
FIELD_CHAR = {f"{ns}fldChar": f"{ns}fldCharType" for ns in WORD_NAMESPACES}
INSTRUCTION_TEXTS = frozenset(
    f"{ns}{name}" for ns in WORD_NAMESPACES for name in ("instrText", "delInstrText")
)

ALLOWED_FIELDS = frozenset(
    {
        "PAGE",
        "NUMPAGES",
        "SECTION",
        "SECTIONPAGES",
        "TOC",
        "TC",
        "REF",
        "PAGEREF",
        "NOTEREF",
        "STYLEREF",
        "SEQ",
        "DATE",
        "TIME",
        "CREATEDATE",
        "SAVEDATE",
        "PRINTDATE",
        "TITLE",
        "SUBJECT",
        "AUTHOR",
        "DOCPROPERTY",
        "HYPERLINK",
    }
)
LINK_SCHEMES = ("http://", "https://", "mailto:")
# HYPERLINK's switches that take an argument (\l bookmark, \o tooltip, \t frame).
_SWITCHES_WITH_ARGUMENT = frozenset({"\\l", "\\o", "\\t"})
_TOKEN = re.compile(r'"([^"]*)"?|(\S+)')
# Stands for a nested field's result inside an instruction: unknown until Word runs it.
NESTED = "\x00"


@dataclass
class _Field:
    instruction: list[str] = field(default_factory=list)
    in_instruction: bool = True


def refused_field(root: Element) -> str | None:
    """The first field of an XML part that is not allowed, as Word shows its name
    (``INCLUDEPICTURE``, ``HYPERLINK file:///…``), or None when every field is allowed."""
    for instruction in field_instructions(root):
        refused = _refusal(instruction)
        if refused is not None:
            return refused
    return None


def field_instructions(root: Element) -> list[str]:
    """Every field instruction of a part, simple and complex, in document order; a nested
    field's place in its parent's instruction is marked ``NESTED``."""
    found: list[str] = []
    open_fields: list[_Field] = []
    for element in root.iter():
        if element.tag in FIELD_SIMPLE:
            found.append(element.get(FIELD_SIMPLE[element.tag]) or "")
            if open_fields and open_fields[-1].in_instruction:
                open_fields[-1].instruction.append(NESTED)
        elif element.tag in FIELD_CHAR:
            kind = element.get(FIELD_CHAR[element.tag])
            if kind == "begin":
                if open_fields and open_fields[-1].in_instruction:
                    open_fields[-1].instruction.append(NESTED)
                open_fields.append(_Field())
            elif kind == "separate" and open_fields:
                open_fields[-1].in_instruction = False
            elif kind == "end" and open_fields:
                found.append("".join(open_fields.pop().instruction))
        elif element.tag in INSTRUCTION_TEXTS and open_fields and open_fields[-1].in_instruction:
            open_fields[-1].instruction.append(element.text or "")
    # A field left open at the end of the part is still run by Word: check it too.
    found.extend("".join(unfinished.instruction) for unfinished in open_fields)
    return found


def _refusal(instruction: str) -> str | None:
    text = instruction.strip()
    if not text:
        return None
    name_match = re.match(r"[^\s\\\"]+", text)
    if name_match is None or NESTED in name_match.group():
        return _shown(text)
    name = name_match.group().upper()
    if name not in ALLOWED_FIELDS:
        return name
    if name == "HYPERLINK" and not _is_safe_link(text[name_match.end() :]):
        return _shown(text)
    return None


def _is_safe_link(arguments: str) -> bool:
    if NESTED in arguments:
        return False
    target = None
    bookmark = False
    tokens = [
        match.group(1) if match.group(1) is not None else match.group(2)
        for match in _TOKEN.finditer(arguments)
    ]
    index = 0
    while index < len(tokens):
        token = tokens[index]
        if token.lower() in _SWITCHES_WITH_ARGUMENT:
            bookmark = bookmark or token.lower() == "\\l"
            index += 2
            continue
        if not token.startswith("\\") and target is None:
            target = token.strip()
        index += 1
    if target is None:
        return bookmark
    return target.lower().startswith(LINK_SCHEMES)


def _shown(instruction: str) -> str:
    """An instruction as a message can show it: nested fields as ``{…}``, at most 80
    characters."""
    shown = " ".join(instruction.replace(NESTED, "{…}").split())
    return shown if len(shown) <= 80 else shown[:79] + "…"
