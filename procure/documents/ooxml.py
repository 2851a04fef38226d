"""WordprocessingML names and tiny element builders shared by the document modules.

Everything is built as lxml elements, never as joined strings. The Clark names
(``{namespace}local``) are computed once here so the builder's hot loops do not
call ``qn`` for every element they write.
"""

from __future__ import annotations

from functools import cache

from lxml import etree

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
XML_NS = "http://www.w3.org/XML/1998/namespace"

XML_SPACE = f"{{{XML_NS}}}space"


@cache
def w(local: str) -> str:
    """The Clark name of a ``w:`` element or attribute: ``w("p")`` is ``{…/main}p``."""
    return f"{{{W_NS}}}{local}"


# Names used in hot loops.
W_VAL = w("val")
W_P = w("p")
W_PPR = w("pPr")
W_PSTYLE = w("pStyle")
W_R = w("r")
W_RPR = w("rPr")
W_T = w("t")
W_I = w("i")
W_B = w("b")
W_NUMPR = w("numPr")
W_ILVL = w("ilvl")
W_NUMID = w("numId")
W_KEEPNEXT = w("keepNext")
W_PAGEBREAKBEFORE = w("pageBreakBefore")
W_SECTPR = w("sectPr")


def sub(parent: etree._Element, local: str, **attributes: str) -> etree._Element:
    """Append a ``w:`` child to ``parent``; keyword arguments become ``w:`` attributes."""
    element = etree.SubElement(parent, w(local))
    for name, value in attributes.items():
        element.set(w(name), value)
    return element


def set_text(t: etree._Element, text: str) -> None:
    """Set a ``w:t``/``w:instrText`` text, keeping leading or trailing spaces visible."""
    t.text = text
    if text[:1].isspace() or text[-1:].isspace():
        t.set(XML_SPACE, "preserve")
