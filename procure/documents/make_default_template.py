"""Generate ``templates/default.docx``, the lean Word template the builder uses by default.

Run ``python -m procure.documents.make_default_template`` (optionally ``--out PATH``)
after changing this file, and commit the regenerated template with it. The output
is byte-for-byte reproducible: fixed timestamps, fixed part order.

What the template holds, and nothing more:

- A4 portrait, 2 cm side margins, a different first page (the cover has no header);
- styles with Word's built-in names, so that Word and LibreOffice recognise them:
  Normal, Heading 1–3, Title, Subtitle, List Bullet, List Number, Table Grid,
  toc 1–3, TOC Heading, header, footer, plus two of procure's own, ``Note`` and
  ``Table Text``;
- one multi-level numbering definition bound to Heading 1–3 ("1.", "1.1",
  "1.1.1") through ``numPr`` in the heading styles and ``pStyle`` in the levels,
  one bullet definition bound to List Bullet, one decimal definition bound to
  List Number.

The XML is built with lxml element builders; nothing is joined as strings.
"""

from __future__ import annotations

import argparse
import zipfile
from collections.abc import Iterable
from pathlib import Path

from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from lxml import etree

from procure.documents.ooxml import R_NS, W_NS, w

DEFAULT_OUTPUT = Path(__file__).resolve().parents[2] / "templates" / "default.docx"

FONT = "Arial"
DARK_BLUE = "1F3864"
BLUE = "2F5496"
GREY = "595959"

# A4 in twentieths of a point, with 2 cm side margins and 2.5 cm top and bottom.
PAGE_WIDTH, PAGE_HEIGHT = 11906, 16838
MARGIN_SIDE, MARGIN_TOP = 1134, 1417
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE

HEADINGS_NUM_ID, BULLETS_NUM_ID, NUMBERS_NUM_ID = "1", "2", "3"

PKG_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CP_NS = "http://schemas.openxmlformats.org/package/2006/metadata/core-properties"
DC_NS = "http://purl.org/dc/elements/1.1/"
DCTERMS_NS = "http://purl.org/dc/terms/"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
EP_NS = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"

FIXED_ZIP_TIME = (2026, 1, 1, 0, 0, 0)
FIXED_DATE = "2026-01-01T00:00:00Z"


# -- element helpers -------------------------------------------------------
def E(local: str, *children: etree._Element | None, **attributes: str) -> etree._Element:
    """A ``w:`` element with ``w:`` attributes and the given children (``None`` skipped)."""
    element = etree.Element(w(local))
    for name, value in attributes.items():
        element.set(w(name), value)
    for child in children:
        if child is not None:
            element.append(child)
    return element


def val(local: str, value: str) -> etree._Element:
    return E(local, val=value)


def root(local: str, *children: etree._Element) -> etree._Element:
    element = etree.Element(w(local), nsmap={"w": W_NS, "r": R_NS})
    element.extend(children)
    return element


def run_properties(
    *, bold: bool = False, size: int | None = None, color: str | None = None
) -> etree._Element:
    return E(
        "rPr",
        E("b") if bold else None,
        E("bCs") if bold else None,
        val("color", color) if color else None,
        val("sz", str(size)) if size else None,
        val("szCs", str(size)) if size else None,
    )


def spacing(before: int = 0, after: int = 0) -> etree._Element:
    return E("spacing", before=str(before), after=str(after))


def paragraph_style(
    style_id: str,
    name: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = None,
    priority: int | None = None,
    quick: bool = True,
    ppr: Iterable[etree._Element | None] = (),
    rpr: etree._Element | None = None,
    default: bool = False,
) -> etree._Element:
    style = E("style", type="paragraph", styleId=style_id)
    if default:
        style.set(w("default"), "1")
    style.append(val("name", name))
    if based_on:
        style.append(val("basedOn", based_on))
    if next_style:
        style.append(val("next", next_style))
    if priority is not None:
        style.append(val("uiPriority", str(priority)))
    if quick:
        style.append(E("qFormat"))
    ppr_children = [child for child in ppr if child is not None]
    if ppr_children:
        style.append(E("pPr", *ppr_children))
    if rpr is not None and len(rpr):
        style.append(rpr)
    return style


def numbering_reference(level: int, num_id: str) -> etree._Element:
    return E("numPr", val("ilvl", str(level)), val("numId", num_id))


def right_tab(position: int, leader: str = "none") -> etree._Element:
    return E("tabs", E("tab", val="right", leader=leader, pos=str(position)))


# -- styles.xml --------------------------------------------------------------
def styles_xml() -> etree._Element:
    defaults = E(
        "docDefaults",
        E(
            "rPrDefault",
            E(
                "rPr",
                E("rFonts", ascii=FONT, hAnsi=FONT, eastAsia=FONT, cs=FONT),
                val("sz", "21"),
                val("szCs", "21"),
                E("lang", val="fr-FR", eastAsia="en-US", bidi="ar-SA"),
            ),
        ),
        E("pPrDefault", E("pPr", E("spacing", after="120", line="264", lineRule="auto"))),
    )
    headings = [
        paragraph_style(
            f"Heading{level}",
            f"heading {level}",
            next_style="Normal",
            priority=9,
            ppr=(
                E("keepNext"),
                E("keepLines"),
                numbering_reference(level - 1, HEADINGS_NUM_ID),
                spacing(before, after),
                val("jc", "left"),
                val("outlineLvl", str(level - 1)),
            ),
            rpr=run_properties(bold=True, size=size, color=color),
        )
        for level, size, color, before, after in (
            (1, 30, DARK_BLUE, 360, 160),
            (2, 25, BLUE, 280, 120),
            (3, 22, BLUE, 200, 80),
        )
    ]
    table_style = E(
        "style",
        val("name", "Table Grid"),
        val("basedOn", "TableNormal"),
        val("uiPriority", "39"),
        E("pPr", spacing(0, 0)),
        E(
            "tblPr",
            E(
                "tblBorders",
                *(
                    E(side, val="single", sz="4", space="0", color="A6A6A6")
                    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
                ),
            ),
            E(
                "tblCellMar",
                E("top", w="57", type="dxa"),
                E("left", w="85", type="dxa"),
                E("bottom", w="57", type="dxa"),
                E("right", w="85", type="dxa"),
            ),
        ),
        E(
            "tblStylePr",
            E("rPr", E("b"), E("bCs")),
            E("tcPr", E("shd", val="clear", color="auto", fill="D9E2F3")),
            type="firstRow",
        ),
        type="table",
        styleId="TableGrid",
    )
    return root(
        "styles",
        defaults,
        paragraph_style(
            "Normal",
            "Normal",
            based_on=None,
            default=True,
            ppr=(val("jc", "both"),),
        ),
        E(
            "style",
            val("name", "Default Paragraph Font"),
            val("uiPriority", "1"),
            E("semiHidden"),
            E("unhideWhenUsed"),
            type="character",
            default="1",
            styleId="DefaultParagraphFont",
        ),
        E(
            "style",
            val("name", "Normal Table"),
            val("uiPriority", "99"),
            E("semiHidden"),
            E("unhideWhenUsed"),
            E(
                "tblPr",
                E("tblInd", w="0", type="dxa"),
                E(
                    "tblCellMar",
                    E("top", w="0", type="dxa"),
                    E("left", w="108", type="dxa"),
                    E("bottom", w="0", type="dxa"),
                    E("right", w="108", type="dxa"),
                ),
            ),
            type="table",
            default="1",
            styleId="TableNormal",
        ),
        E(
            "style",
            val("name", "No List"),
            val("uiPriority", "99"),
            E("semiHidden"),
            E("unhideWhenUsed"),
            type="numbering",
            default="1",
            styleId="NoList",
        ),
        *headings,
        paragraph_style(
            "Title",
            "Title",
            next_style="Subtitle",
            priority=10,
            ppr=(spacing(2400, 360), val("jc", "left")),
            rpr=run_properties(bold=True, size=48, color=DARK_BLUE),
        ),
        paragraph_style(
            "Subtitle",
            "Subtitle",
            next_style="Normal",
            priority=11,
            ppr=(spacing(0, 720), val("jc", "left")),
            rpr=run_properties(size=30, color=GREY),
        ),
        paragraph_style(
            "ListBullet",
            "List Bullet",
            ppr=(numbering_reference(0, BULLETS_NUM_ID), spacing(0, 60)),
            quick=False,
        ),
        paragraph_style(
            "ListNumber",
            "List Number",
            ppr=(numbering_reference(0, NUMBERS_NUM_ID), spacing(0, 60)),
            quick=False,
        ),
        paragraph_style(
            "Note",
            "Note",
            priority=29,
            ppr=(
                E(
                    "pBdr",
                    E("left", val="single", sz="18", space="6", color=BLUE),
                ),
                E("shd", val="clear", color="auto", fill="F2F2F2"),
                spacing(120, 120),
                E("ind", left="170", right="170"),
                val("jc", "left"),
            ),
            rpr=run_properties(size=19, color="404040"),
        ),
        paragraph_style(
            "TableText",
            "Table Text",
            ppr=(spacing(20, 20), val("jc", "left")),
            rpr=run_properties(size=18),
        ),
        table_style,
        paragraph_style(
            "TOCHeading",
            "TOC Heading",
            next_style="Normal",
            priority=39,
            ppr=(E("keepNext"), spacing(240, 240), val("jc", "left")),
            rpr=run_properties(bold=True, size=30, color=DARK_BLUE),
        ),
        *(
            paragraph_style(
                f"TOC{level}",
                f"toc {level}",
                next_style="Normal",
                priority=39,
                quick=False,
                ppr=(
                    right_tab(TEXT_WIDTH, "dot"),
                    spacing(60 if level == 1 else 0, 40),
                    E("ind", left=str(220 * (level - 1))) if level > 1 else None,
                    val("jc", "left"),
                ),
                rpr=run_properties(bold=level == 1),
            )
            for level in (1, 2, 3)
        ),
        *(
            paragraph_style(
                style_id,
                name,
                quick=False,
                priority=99,
                ppr=(
                    E(
                        "tabs",
                        E("tab", val="center", pos=str(TEXT_WIDTH // 2)),
                        E("tab", val="right", pos=str(TEXT_WIDTH)),
                    ),
                    spacing(0, 0),
                    val("jc", alignment),
                ),
                rpr=run_properties(size=16, color=GREY),
            )
            for style_id, name, alignment in (
                ("Header", "header", "right"),
                ("Footer", "footer", "center"),
            )
        ),
    )


# -- numbering.xml -----------------------------------------------------------
def level(
    index: int,
    fmt: str,
    text: str,
    *,
    indent: int,
    hanging: int,
    style: str | None = None,
    font: str | None = None,
) -> etree._Element:
    return E(
        "lvl",
        val("start", "1"),
        val("numFmt", fmt),
        val("pStyle", style) if style else None,
        val("lvlText", text),
        val("lvlJc", "left"),
        E("pPr", E("ind", left=str(indent), hanging=str(hanging))),
        E("rPr", E("rFonts", ascii=font, hAnsi=font, cs=font)) if font else None,
        ilvl=str(index),
    )


def numbering_xml() -> etree._Element:
    headings = E(
        "abstractNum",
        val("nsid", "5C1A0001"),
        val("multiLevelType", "multilevel"),
        val("name", "procure headings"),
        level(0, "decimal", "%1.", indent=567, hanging=567, style="Heading1"),
        level(1, "decimal", "%1.%2", indent=709, hanging=709, style="Heading2"),
        level(2, "decimal", "%1.%2.%3", indent=851, hanging=851, style="Heading3"),
        abstractNumId="0",
    )
    bullets = E(
        "abstractNum",
        val("nsid", "5C1A0002"),
        val("multiLevelType", "hybridMultilevel"),
        val("name", "procure bullets"),
        level(0, "bullet", "•", indent=567, hanging=284, font=FONT),
        level(1, "bullet", "–", indent=1134, hanging=284, font=FONT),
        abstractNumId="1",
    )
    numbers = E(
        "abstractNum",
        val("nsid", "5C1A0003"),
        val("multiLevelType", "hybridMultilevel"),
        val("name", "procure numbered list"),
        level(0, "decimal", "%1.", indent=567, hanging=340),
        level(1, "lowerLetter", "%2)", indent=1134, hanging=340),
        abstractNumId="2",
    )
    return root(
        "numbering",
        headings,
        bullets,
        numbers,
        E("num", val("abstractNumId", "0"), numId=HEADINGS_NUM_ID),
        E("num", val("abstractNumId", "1"), numId=BULLETS_NUM_ID),
        E("num", val("abstractNumId", "2"), numId=NUMBERS_NUM_ID),
    )


# -- document.xml and settings.xml -------------------------------------------
def document_xml() -> etree._Element:
    section = E(
        "sectPr",
        E("pgSz", w=str(PAGE_WIDTH), h=str(PAGE_HEIGHT)),
        E(
            "pgMar",
            top=str(MARGIN_TOP),
            right=str(MARGIN_SIDE),
            bottom=str(MARGIN_TOP),
            left=str(MARGIN_SIDE),
            header="680",
            footer="567",
            gutter="0",
        ),
        E("cols", space="708"),
        E("titlePg"),
        E("docGrid", linePitch="360"),
    )
    return root("document", E("body", E("p"), section))


def settings_xml() -> etree._Element:
    return root(
        "settings",
        E("zoom", percent="100"),
        val("defaultTabStop", "708"),
        val("hyphenationZone", "425"),
        val("characterSpacingControl", "doNotCompress"),
        E(
            "compat",
            E(
                "compatSetting",
                name="compatibilityMode",
                uri="http://schemas.microsoft.com/office/word",
                val="15",
            ),
        ),
        E("themeFontLang", val="fr-FR"),
        val("decimalSymbol", ","),
        val("listSeparator", ";"),
    )


# -- package parts ---------------------------------------------------------
def content_types_xml() -> etree._Element:
    types = etree.Element(f"{{{PKG_CT_NS}}}Types", nsmap={None: PKG_CT_NS})
    for extension, content_type in (("rels", CT.OPC_RELATIONSHIPS), ("xml", CT.XML)):
        etree.SubElement(
            types, f"{{{PKG_CT_NS}}}Default", Extension=extension, ContentType=content_type
        )
    for part_name, content_type in (
        ("/word/document.xml", CT.WML_DOCUMENT_MAIN),
        ("/word/styles.xml", CT.WML_STYLES),
        ("/word/numbering.xml", CT.WML_NUMBERING),
        ("/word/settings.xml", CT.WML_SETTINGS),
        ("/docProps/core.xml", CT.OPC_CORE_PROPERTIES),
        ("/docProps/app.xml", CT.OFC_EXTENDED_PROPERTIES),
    ):
        etree.SubElement(
            types, f"{{{PKG_CT_NS}}}Override", PartName=part_name, ContentType=content_type
        )
    return types


def relationships_xml(targets: Iterable[tuple[str, str]]) -> etree._Element:
    relationships = etree.Element(f"{{{PKG_REL_NS}}}Relationships", nsmap={None: PKG_REL_NS})
    for index, (rel_type, target) in enumerate(targets, start=1):
        etree.SubElement(
            relationships,
            f"{{{PKG_REL_NS}}}Relationship",
            Id=f"rId{index}",
            Type=rel_type,
            Target=target,
        )
    return relationships


def core_properties_xml() -> etree._Element:
    core = etree.Element(
        f"{{{CP_NS}}}coreProperties",
        nsmap={"cp": CP_NS, "dc": DC_NS, "dcterms": DCTERMS_NS, "xsi": XSI_NS},
    )
    etree.SubElement(core, f"{{{DC_NS}}}title").text = "procure — modèle par défaut"
    etree.SubElement(core, f"{{{DC_NS}}}creator").text = "procure"
    etree.SubElement(core, f"{{{DC_NS}}}language").text = "fr-FR"
    for name in ("created", "modified"):
        stamp = etree.SubElement(core, f"{{{DCTERMS_NS}}}{name}")
        stamp.set(f"{{{XSI_NS}}}type", "dcterms:W3CDTF")
        stamp.text = FIXED_DATE
    return core


def app_properties_xml() -> etree._Element:
    app = etree.Element(f"{{{EP_NS}}}Properties", nsmap={None: EP_NS})
    etree.SubElement(app, f"{{{EP_NS}}}Application").text = "procure"
    return app


def package_parts() -> list[tuple[str, etree._Element]]:
    return [
        ("[Content_Types].xml", content_types_xml()),
        (
            "_rels/.rels",
            relationships_xml(
                [
                    (RT.OFFICE_DOCUMENT, "word/document.xml"),
                    (RT.CORE_PROPERTIES, "docProps/core.xml"),
                    (RT.EXTENDED_PROPERTIES, "docProps/app.xml"),
                ]
            ),
        ),
        ("docProps/core.xml", core_properties_xml()),
        ("docProps/app.xml", app_properties_xml()),
        ("word/document.xml", document_xml()),
        (
            "word/_rels/document.xml.rels",
            relationships_xml(
                [
                    (RT.STYLES, "styles.xml"),
                    (RT.NUMBERING, "numbering.xml"),
                    (RT.SETTINGS, "settings.xml"),
                ]
            ),
        ),
        ("word/styles.xml", styles_xml()),
        ("word/numbering.xml", numbering_xml()),
        ("word/settings.xml", settings_xml()),
    ]


def write_template(path: Path) -> Path:
    """Write the default template to ``path`` and return it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, element in package_parts():
            info = zipfile.ZipInfo(name, date_time=FIXED_ZIP_TIME)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(
                info,
                etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True),
            )
    return path


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="where to write")
    arguments = parser.parse_args(argv)
    written = write_template(arguments.out)
    print(f"Wrote {written}")


if __name__ == "__main__":
    main()
