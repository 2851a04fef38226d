"""Variants of the default template for tests: styles removed, parts dropped, relabelled."""

from __future__ import annotations

import io
import zipfile

from lxml import etree

from procure.documents.ooxml import w
from procure.documents.template import DEFAULT_TEMPLATE

CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"


def default_bytes() -> bytes:
    return DEFAULT_TEMPLATE.read_bytes()


def rezip(data: bytes, changes: dict[str, bytes | None]) -> bytes:
    """``data`` with members replaced (bytes) or removed (None)."""
    output = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            if info.filename in changes:
                if changes[info.filename] is not None:
                    target.writestr(info.filename, changes[info.filename])
                continue
            target.writestr(info, source.read(info.filename))
    return output.getvalue()


def member(data: bytes, name: str) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return etree.fromstring(archive.read(name))


def xml(element: etree._Element) -> bytes:
    return etree.tostring(element, xml_declaration=True, encoding="UTF-8", standalone=True)


def without_styles(*style_ids: str, data: bytes | None = None) -> bytes:
    data = data or default_bytes()
    styles = member(data, "word/styles.xml")
    for style in list(styles.iter(w("style"))):
        if style.get(w("styleId")) in style_ids:
            styles.remove(style)
    return rezip(data, {"word/styles.xml": xml(styles)})


def without_numbering() -> bytes:
    """The default template with no numbering part at all (and no numPr in its styles)."""
    data = default_bytes()
    styles = member(data, "word/styles.xml")
    for num_pr in list(styles.iter(w("numPr"))):
        num_pr.getparent().remove(num_pr)
    types = member(data, "[Content_Types].xml")
    for override in list(types):
        if override.get("PartName") == "/word/numbering.xml":
            types.remove(override)
    rels = member(data, "word/_rels/document.xml.rels")
    for rel in list(rels):
        if rel.get("Target") == "numbering.xml":
            rels.remove(rel)
    return rezip(
        data,
        {
            "word/numbering.xml": None,
            "word/styles.xml": xml(styles),
            "[Content_Types].xml": xml(types),
            "word/_rels/document.xml.rels": xml(rels),
        },
    )


def relabelled(content_type: str) -> bytes:
    data = default_bytes()
    types = member(data, "[Content_Types].xml")
    for override in types:
        if override.get("PartName") == "/word/document.xml":
            override.set("ContentType", content_type)
    return rezip(data, {"[Content_Types].xml": xml(types)})


def with_body_font(font: str) -> bytes:
    """procure's default template with its body font (Arial) replaced by ``font``."""
    data = default_bytes()
    styles = member(data, "word/styles.xml")
    for fonts in styles.iter("{*}rFonts"):
        for attribute in list(fonts.attrib):
            if fonts.get(attribute) == "Arial":
                fonts.set(attribute, font)
    return rezip(data, {"word/styles.xml": xml(styles)})
