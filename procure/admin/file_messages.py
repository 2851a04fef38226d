"""Why an uploaded Word file is refused, in words a buyer or a jurist can act on: one
sentence per ``template_check.Reason``, for the Word template upload; other uploads that
go through the same checks start from these and change only what differs for them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from procure.admin.logo_check import LogoReason
from procure.admin.template_check import Reason

TEMPLATE_REJECTIONS = {
    Reason.EMPTY: _l("The file is empty."),
    Reason.TOO_LARGE: _l(
        "The file is larger than 2 MB (%(detail)s). Make its images smaller, or remove "
        "them, and upload it again."
    ),
    Reason.NOT_ZIP: _l(
        "The file is not a Word document: it is not a valid .docx package. Save it again "
        "from Word as “Word Document (*.docx)”."
    ),
    Reason.ENCRYPTED: _l(
        "The file is protected by a password. Remove the protection in Word and upload it again."
    ),
    Reason.TOO_BIG_UNPACKED: _l("The file holds too much data, once unpacked, for a template."),
    Reason.UNSAFE_NAME: _l(
        "The file contains a part whose name is not allowed (%(detail)s): it could be "
        "written outside its folder."
    ),
    Reason.MISSING_PART: _l(
        "The file is not a complete Word document: the part %(detail)s is missing. Save it "
        "again from Word as “Word Document (*.docx)”."
    ),
    Reason.NOT_WORD: _l(
        "The file is not a Word text document (its main part is “%(detail)s”). Save it "
        "again from Word as “Word Document (*.docx)”."
    ),
    Reason.MACROS: _l(
        "The file contains macros or ActiveX controls (%(detail)s). Save it from Word as "
        "“Word Document (*.docx)”, which removes them, and upload it again."
    ),
    Reason.EXTERNAL_RELATIONSHIP: _l(
        "The file links to an outside resource (%(detail)s) that Word would fetch when the "
        "documents are opened. Remove the link (attached template, linked picture or object, "
        "hyperlink) and upload it again."
    ),
    Reason.BAD_XML: _l("The part %(detail)s of the file is not valid XML."),
    Reason.DTD: _l(
        "The part %(detail)s of the file contains a document type declaration (DTD) or "
        "entities, which a Word document never has. Save it again from Word as “Word "
        "Document (*.docx)” and upload it again."
    ),
    Reason.FIELD_CODE: _l(
        "The file contains a Word field that could fetch or run something outside the "
        "document when it is opened (%(detail)s). Only page numbers, dates, tables of "
        "contents, cross-references, sequence numbers, document properties and web or email "
        "links are allowed. Show the field codes in Word (Alt+F9), remove this field and "
        "upload it again."
    ),
    Reason.UNREADABLE: _l(
        "The file cannot be read as a Word document. Open it in Word, save it again as "
        "“Word Document (*.docx)” and upload it again."
    ),
    Reason.MISSING_STYLES: _l(
        "The template lacks styles procure needs for the body text and the numbered "
        "headings: %(detail)s. Add them in Word (Styles pane), save, and upload it again."
    ),
}

LOGO_REJECTIONS = {
    LogoReason.EMPTY: _l("The file is empty."),
    LogoReason.TOO_LARGE: _l(
        "The image is larger than 512 KB. Save it smaller (for example 400 pixels wide) "
        "and upload it again."
    ),
    LogoReason.SVG: _l(
        "SVG images are refused: they can contain scripts. Export the logo as PNG or JPEG."
    ),
    LogoReason.NOT_IMAGE: _l("The file is not a PNG or JPEG image."),
    LogoReason.BROKEN: _l(
        "The image is damaged or incomplete. Export it again as PNG or JPEG and upload it."
    ),
    LogoReason.DIMENSIONS: _l(
        "The image is wider or taller than 4,096 pixels. Make it smaller and upload it again."
    ),
}
