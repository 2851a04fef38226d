"""Write the hostile Word templates of ``tests/data/templates/`` from procure's default.

Run from the repository root: ``python tests/data/make_hostile_templates.py``. The
output is byte-for-byte reproducible (fixed zip dates), and
``tests/unit/test_template_check.py`` checks that the committed files are what this
script writes. Each file is procure's own default template with one hostile part; the
XML is written as bytes on purpose: a DOCTYPE, a UTF-16 part or a field split across
runs is exactly what a well-behaved XML library would not produce.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TEMPLATE = ROOT / "templates" / "default.docx"
OUTPUT = Path(__file__).resolve().parent / "templates"
DATE = (2026, 1, 1, 0, 0, 0)

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
HEADER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"
FOOTER_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"
DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>"


def paragraph_with_complex_field(*pieces: str) -> str:
    """A paragraph holding one complex field whose instruction is split over runs."""
    instruction = "".join(
        f'<w:r><w:instrText xml:space="preserve">{piece}</w:instrText></w:r>' for piece in pieces
    )
    return (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        f"{instruction}"
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r>'
        "<w:r><w:t>1</w:t></w:r>"
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


def story(kind: str, paragraphs: str, prologue: str = DECLARATION) -> str:
    """A header (``hdr``) or footer (``ftr``) part."""
    return f'{prologue}<w:{kind} xmlns:w="{W_NS}" xmlns:r="{R_NS}">{paragraphs}</w:{kind}>'


def document(paragraphs: str, prologue: str = DECLARATION, references: str = "") -> str:
    return (
        f'{prologue}<w:document xmlns:w="{W_NS}" xmlns:r="{R_NS}"><w:body>{paragraphs}'
        f'<w:sectPr>{references}<w:pgSz w:w="11906" w:h="16838"/></w:sectPr>'
        "</w:body></w:document>"
    )


def with_parts(
    body: str = "<w:p/>",
    header: str | None = None,
    footer: str | None = None,
    document_bytes: bytes | None = None,
) -> bytes:
    """The default template with ``body`` (or ``document_bytes``) as its document and a
    header or footer added, each declared in [Content_Types].xml and linked from the
    document."""
    replaced: dict[str, bytes] = {}
    added: dict[str, bytes] = {}
    references = ""
    relationships = ""
    overrides = ""
    for kind, name, content_type, xml in (
        ("header", "header1.xml", HEADER_TYPE, header),
        ("footer", "footer1.xml", FOOTER_TYPE, footer),
    ):
        if xml is None:
            continue
        added[f"word/{name}"] = xml.encode("utf-8")
        references += f'<w:{kind}Reference w:type="default" r:id="rIdHostile{kind}"/>'
        relationships += (
            f'<Relationship Id="rIdHostile{kind}" Type="{R_NS}/{kind}" Target="{name}"/>'
        )
        overrides += f'<Override PartName="/word/{name}" ContentType="{content_type}"/>'
    replaced["word/document.xml"] = document_bytes or document(body, references=references).encode()
    output = io.BytesIO()
    with (
        zipfile.ZipFile(DEFAULT_TEMPLATE) as source,
        zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = replaced.get(info.filename, source.read(info))
            if info.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", f"{overrides}</Types>".encode())
            if info.filename == "word/_rels/document.xml.rels":
                content = content.replace(
                    b"</Relationships>", f"{relationships}</Relationships>".encode()
                )
            target.writestr(zipfile.ZipInfo(info.filename, DATE), content)
        for name, content in added.items():
            target.writestr(zipfile.ZipInfo(name, DATE), content)
    return output.getvalue()


def hostile_templates() -> dict[str, bytes]:
    """File name → content of every crafted template."""
    doctype_with_entity = (
        "<?xml version='1.0' encoding='UTF-8'?>"
        '<!DOCTYPE w:hdr [<!ENTITY secret SYSTEM "file:///etc/passwd">]>'
    )
    utf16_document = document(
        "<w:p><w:r><w:t>&lol;</w:t></w:r></w:p>",
        prologue='<?xml version="1.0" encoding="UTF-16"?>'
        '<!DOCTYPE w:document [<!ENTITY lol "lol">]>',
    )
    return {
        "field-includepicture-body.docx": with_parts(
            '<w:p><w:fldSimple w:instr=" INCLUDEPICTURE &quot;http://attacker.example/'
            'pixel.png&quot; \\d "><w:r><w:t>image</w:t></w:r></w:fldSimple></w:p>'
        ),
        "field-includetext-header.docx": with_parts(
            header=story(
                "hdr",
                paragraph_with_complex_field(" INCLUDE", "TEXT ", '"C:\\\\Users\\\\secret.txt" '),
            )
        ),
        "field-ddeauto-footer.docx": with_parts(
            footer=story(
                "ftr",
                paragraph_with_complex_field(" PAGE ")
                + paragraph_with_complex_field(" DDE", "AUTO ", "c:\\\\windows\\\\cmd.exe"),
            )
        ),
        "dtd-header.docx": with_parts(
            header=story(
                "hdr", "<w:p><w:r><w:t>&secret;</w:t></w:r></w:p>", prologue=doctype_with_entity
            )
        ),
        "utf16-doctype.docx": with_parts(
            document_bytes=b"\xff\xfe" + utf16_document.encode("utf-16-le")
        ),
        "allowed-fields.docx": with_parts(
            paragraph_with_complex_field(' TOC \\o "1-3" \\h ')
            + '<w:p><w:fldSimple w:instr=" HYPERLINK &quot;https://www.example.org/'
            'achats&quot; "><w:r><w:t>lien</w:t></w:r></w:fldSimple></w:p>',
            footer=story(
                "ftr",
                paragraph_with_complex_field(" PAGE ", "\\* MERGEFORMAT ")
                + paragraph_with_complex_field(" NUM", "PAGES ")
                + '<w:p><w:fldSimple w:instr=" DATE \\@ &quot;dd/MM/yyyy&quot; "/></w:p>',
            ),
        ),
    }


def main() -> None:
    OUTPUT.mkdir(exist_ok=True)
    for name, content in hostile_templates().items():
        (OUTPUT / name).write_bytes(content)
        print(f"wrote {OUTPUT / name}")


if __name__ == "__main__":
    main()
