"""Is an uploaded file a Word template procure may keep? Plain Python, no Flask.

procure never opens an uploaded template with Word, and never executes
anything in it; but the documents it builds from the template go to buyers who
do open them in Word. So a template must be a plain ``.docx`` (or ``.dotx``)
package and nothing more:

- at most ``MAX_TEMPLATE_BYTES`` (2 MB), and a zip archive that unpacks to a
  bounded size (no zip bomb), without encryption;
- member names that stay inside the package (no absolute path, no ``..``, no
  backslash, no duplicates);
- the parts a Word document needs: ``[Content_Types].xml``, ``word/document.xml``
  and ``word/styles.xml``, with a Word main document content type;
- no macros (``vbaProject.bin``, macro-enabled content types) and no ActiveX;
- no relationship with ``TargetMode="External"`` in any ``.rels`` part: such a
  link makes Word fetch a remote template, image or object when the document is
  opened (the "remote template injection" attack) and leaks who reads it;
- every XML part (``.xml``, ``.rels`` and any part whose content type is XML)
  well-formed, and read by a parser that refuses a DTD, an entity declaration
  or an external reference whatever the part's encoding (UTF-8 or UTF-16):
  OOXML never has one, and it is how entity bombs and file disclosure start;
- no Word field outside the allow-list of ``template_fields`` in any part
  (body, headers, footers, footnotes, endnotes, comments, glossary…): an
  ``INCLUDEPICTURE``, ``INCLUDETEXT`` or ``DDEAUTO`` field would be copied into
  every document built from the template and run by Word on the buyer's side;
- the styles procure cannot do without (Normal, Heading 1 to 3); the others
  may be missing (``optional_styles_missing`` names them), plainer ones are
  used instead.

``check_template_file`` raises ``TemplateRejected`` with a ``Reason`` and the
detail (the part or the target at fault), so the web layer can say precisely
what to fix in the user's language.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from enum import StrEnum
from xml.etree import ElementTree

import defusedxml.ElementTree
from defusedxml import DefusedXmlException

from procure.admin.template_fields import refused_field
from procure.documents.template import StyleResolution, template_styles
from procure.errors import TemplateError

MAX_TEMPLATE_BYTES = 2 * 1024 * 1024
MAX_UNPACKED_BYTES = 50 * 1024 * 1024
MAX_MEMBERS = 2000
MAX_XML_PART_BYTES = 20 * 1024 * 1024

REQUIRED_PARTS = ("[Content_Types].xml", "word/document.xml", "word/styles.xml")
CONTENT_TYPES_NS = "{http://schemas.openxmlformats.org/package/2006/content-types}"
RELATIONSHIPS_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
WORD_MAIN_CONTENT_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)
ACTIVE_CONTENT_TYPE_MARKERS = ("macroenabled", "vbaproject", "vbadata", "activex")
ACTIVE_PART_NAMES = re.compile(r"(^|/)(vbaProject\.bin|vbaData\.xml|activeX[^/]*)$", re.I)
_DRIVE = re.compile(r"^[A-Za-z]:")


class Reason(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    NOT_ZIP = "not_zip"
    ENCRYPTED = "encrypted"
    TOO_BIG_UNPACKED = "too_big_unpacked"
    UNSAFE_NAME = "unsafe_name"
    MISSING_PART = "missing_part"
    NOT_WORD = "not_word"
    MACROS = "macros"
    EXTERNAL_RELATIONSHIP = "external_relationship"
    BAD_XML = "bad_xml"
    DTD = "dtd"
    FIELD_CODE = "field_code"
    UNREADABLE = "unreadable"
    MISSING_STYLES = "missing_styles"


class TemplateRejected(TemplateError):
    """The file cannot be kept as a Word template; ``reason`` and ``detail`` say why."""

    def __init__(self, reason: Reason, detail: str = "") -> None:
        self.reason = reason
        self.detail = detail
        super().__init__(f"{reason.value}: {detail}" if detail else reason.value)


def check_template_file(
    data: bytes, max_bytes: int = MAX_TEMPLATE_BYTES, *, external_hyperlinks: bool = False
) -> None:
    """Raise ``TemplateRejected`` unless ``data`` is a plain, self-contained Word package.

    ``external_hyperlinks`` lets through links to web pages (Word fetches nothing for
    them when the file opens): an edited tender file that procure only reads may carry
    one, a template copied into every buyer's document may not."""
    if not data:
        raise TemplateRejected(Reason.EMPTY)
    if len(data) > max_bytes:
        raise TemplateRejected(Reason.TOO_LARGE, str(len(data)))
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        raise TemplateRejected(Reason.NOT_ZIP) from None
    with archive:
        members = archive.infolist()
        _check_members(members)
        names = {member.filename for member in members}
        for part in REQUIRED_PARTS:
            if part not in names:
                raise TemplateRejected(Reason.MISSING_PART, part)
        for name in sorted(names):
            if ACTIVE_PART_NAMES.search(name):
                raise TemplateRejected(Reason.MACROS, name)
        types = _read_xml(archive, "[Content_Types].xml")
        _check_content_types(types)
        for name in _xml_parts(types, names):
            root = _read_xml(archive, name)
            if name.endswith(".rels"):
                _check_relationships(name, root, external_hyperlinks=external_hyperlinks)
            elif field := refused_field(root):
                raise TemplateRejected(Reason.FIELD_CODE, f"{name}: {field}")
    missing = _styles(data).missing_styles
    if missing:
        raise TemplateRejected(Reason.MISSING_STYLES, ", ".join(missing))


def optional_styles_missing(data: bytes) -> tuple[str, ...]:
    """The styles procure would use that a checked template lacks (plainer ones replace them)."""
    return _styles(data).fallback_styles


def _styles(data: bytes) -> StyleResolution:
    try:
        return template_styles(data)
    except TemplateError:
        raise TemplateRejected(Reason.UNREADABLE) from None


def _check_members(members: list[zipfile.ZipInfo]) -> None:
    if len(members) > MAX_MEMBERS:
        raise TemplateRejected(Reason.TOO_BIG_UNPACKED, f"{len(members)} files")
    if sum(member.file_size for member in members) > MAX_UNPACKED_BYTES:
        raise TemplateRejected(Reason.TOO_BIG_UNPACKED)
    seen: set[str] = set()
    for member in members:
        if member.flag_bits & 0x1:
            raise TemplateRejected(Reason.ENCRYPTED, member.filename)
        if not _is_safe_name(member.filename) or member.filename.lower() in seen:
            raise TemplateRejected(Reason.UNSAFE_NAME, member.filename)
        seen.add(member.filename.lower())


def _is_safe_name(name: str) -> bool:
    if not name or "\\" in name or "\x00" in name or name.startswith("/") or _DRIVE.match(name):
        return False
    if any(ord(character) < 0x20 for character in name):
        return False
    parts = name.split("/")
    if any(part in ("..", ".") for part in parts):
        return False
    return posixpath.normpath(name) == name.rstrip("/")


def _read_xml(archive: zipfile.ZipFile, name: str) -> ElementTree.Element:
    info = archive.getinfo(name)
    if info.file_size > MAX_XML_PART_BYTES:
        raise TemplateRejected(Reason.TOO_BIG_UNPACKED, name)
    try:
        raw = archive.read(info)
    except (zipfile.BadZipFile, NotImplementedError, ValueError, OSError, EOFError):
        raise TemplateRejected(Reason.NOT_ZIP, name) from None
    if len(raw) > MAX_XML_PART_BYTES:
        raise TemplateRejected(Reason.TOO_BIG_UNPACKED, name)
    try:
        return defusedxml.ElementTree.fromstring(
            raw, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )
    except DefusedXmlException:
        raise TemplateRejected(Reason.DTD, name) from None
    except (ElementTree.ParseError, UnicodeError, LookupError):
        raise TemplateRejected(Reason.BAD_XML, name) from None


def _xml_parts(types: ElementTree.Element, names: set[str]) -> list[str]:
    """Every part to read as XML: by its name, or because its content type says so."""
    xml_extensions = set()
    xml_overrides = set()
    for element in types:
        if not _is_xml_type(element.get("ContentType") or ""):
            continue
        if element.tag == f"{CONTENT_TYPES_NS}Default":
            xml_extensions.add((element.get("Extension") or "").lower())
        elif element.tag == f"{CONTENT_TYPES_NS}Override":
            xml_overrides.add((element.get("PartName") or "").lstrip("/").lower())
    return [
        name
        for name in sorted(names)
        if not name.endswith("/")
        and (
            name.lower().endswith((".xml", ".rels"))
            or name.rsplit(".", 1)[-1].lower() in xml_extensions
            or name.lower() in xml_overrides
        )
    ]


def _is_xml_type(content_type: str) -> bool:
    base = content_type.split(";", 1)[0].strip().lower()
    return base.endswith(("+xml", "/xml"))


def _check_content_types(types: ElementTree.Element) -> None:
    main_type = None
    for element in types:
        content_type = (element.get("ContentType") or "").strip()
        lowered = content_type.lower()
        where = element.get("PartName") or element.get("Extension") or content_type
        if any(marker in lowered for marker in ACTIVE_CONTENT_TYPE_MARKERS):
            raise TemplateRejected(Reason.MACROS, where)
        if element.tag == f"{CONTENT_TYPES_NS}Override" and element.get("PartName") == (
            "/word/document.xml"
        ):
            main_type = content_type
    if main_type not in WORD_MAIN_CONTENT_TYPES:
        raise TemplateRejected(Reason.NOT_WORD, main_type or "")


def _check_relationships(
    name: str, relationships: ElementTree.Element, *, external_hyperlinks: bool
) -> None:
    for relationship in relationships.iter(f"{RELATIONSHIPS_NS}Relationship"):
        if (relationship.get("TargetMode") or "").strip().lower() == "external":
            kind = (relationship.get("Type") or "").rsplit("/", 1)[-1]
            if external_hyperlinks and kind == "hyperlink":
                continue
            target = relationship.get("Target") or ""
            raise TemplateRejected(Reason.EXTERNAL_RELATIONSHIP, f"{name}: {kind} → {target}")
