"""Which fonts a Word document's text uses, and whether this server has them.

LibreOffice lays a document out with the fonts installed on the server; a font
it lacks is replaced by another, whose letters have other widths, so the pages
break elsewhere than in Word. ``missing_fonts`` names the text fonts of a
document that neither are installed nor have a metric-compatible replacement
installed (Liberation for Arial, Times New Roman and Courier New, Carlito for
Calibri, Caladea for Cambria).
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from functools import lru_cache

from lxml import etree

from procure.documents.ooxml import w

DRAWING_NS = "http://schemas.openxmlformats.org/drawingml/2006/main"
METRIC_COMPATIBLE = {
    "arial": "liberation sans",
    "helvetica": "liberation sans",
    "times new roman": "liberation serif",
    "courier new": "liberation mono",
    "calibri": "carlito",
    "cambria": "caladea",
}
# Fonts that only draw symbols (bullets, check boxes): no effect on where pages break.
SYMBOL_FONTS = frozenset({"symbol", "wingdings", "wingdings 2", "wingdings 3", "opensymbol"})
_THEME_REFERENCES = ("asciiTheme", "hAnsiTheme")
_DIRECT = ("ascii", "hAnsi")


def text_fonts(members: Mapping[str, bytes]) -> set[str]:
    """The fonts of the document's text: its default font, the fonts of the styles it
    uses (and the styles those are based on) and of its direct formatting, theme fonts
    resolved."""
    document = etree.fromstring(members["word/document.xml"])
    used = {
        element.get(w("val")) for element in document.iter(w("pStyle"), w("rStyle"), w("tblStyle"))
    }
    carriers = list(document.iter(w("rFonts")))
    if "word/styles.xml" in members:
        styles = etree.fromstring(members["word/styles.xml"])
        by_id = {style.get(w("styleId")): style for style in styles.iter(w("style"))}
        used |= {  # the styles of text that names none (Normal, Default Paragraph Font)
            style_id
            for style_id, style in by_id.items()
            if style.get(w("default")) in ("1", "true")
        }
        defaults = styles.find(w("docDefaults"))
        if defaults is not None:
            carriers += defaults.iter(w("rFonts"))
        for style_id in _with_ancestors(used, by_id):
            carriers += by_id[style_id].iter(w("rFonts"))
    fonts = {value for element in carriers for key in _DIRECT if (value := element.get(w(key)))}
    themed = {
        value for element in carriers for key in _THEME_REFERENCES if (value := element.get(w(key)))
    }
    for kind, font in _theme_fonts(members).items():
        if any(reference.startswith(kind) for reference in themed):
            fonts.add(font)
    return {font for font in fonts if font.casefold() not in SYMBOL_FONTS}


def _with_ancestors(
    style_ids: set[str | None], by_id: Mapping[str | None, etree._Element]
) -> set[str | None]:
    found: set[str | None] = set()
    waiting = [style_id for style_id in style_ids if style_id in by_id]
    while waiting:
        style_id = waiting.pop()
        if style_id in found:
            continue
        found.add(style_id)
        based_on = by_id[style_id].find(w("basedOn"))
        if based_on is not None and based_on.get(w("val")) in by_id:
            waiting.append(based_on.get(w("val")))
    return found


def missing_fonts(fonts: Iterable[str], installed: Iterable[str]) -> list[str]:
    """The fonts of ``fonts`` that are not ``installed``, nor replaceable metric for metric."""
    families = {family.casefold() for family in installed}
    return sorted(
        font
        for font in fonts
        if font.casefold() not in families
        and METRIC_COMPATIBLE.get(font.casefold()) not in families
    )


@lru_cache(maxsize=1)
def installed_fonts() -> frozenset[str]:
    """The font families fontconfig knows on this machine (empty without ``fc-list``)."""
    binary = shutil.which("fc-list")
    if binary is None:
        return frozenset()
    try:
        listed = subprocess.run(
            [binary, ":", "family"], capture_output=True, check=True, timeout=30, text=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return frozenset()
    return frozenset(
        family.strip() for line in listed.splitlines() for family in line.split(",") if family
    )


def _theme_fonts(members: Mapping[str, bytes]) -> dict[str, str]:
    theme_names = [name for name in members if re.fullmatch(r"word/theme/theme\d*\.xml", name)]
    if not theme_names:
        return {}
    theme = etree.fromstring(members[sorted(theme_names)[0]])
    fonts = {}
    for kind in ("major", "minor"):
        latin = theme.find(f".//{{{DRAWING_NS}}}{kind}Font/{{{DRAWING_NS}}}latin")
        if latin is not None and latin.get("typeface"):
            fonts[kind] = latin.get("typeface")
    return fonts
