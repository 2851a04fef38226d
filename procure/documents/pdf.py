"""PDF through LibreOffice, when it is installed (optional).

The conversion goes through ``libreoffice.convert``, which updates the table of
contents and the fields before exporting, so the PDF's contents carry page
numbers. If that route fails, the plain ``--convert-to pdf`` route is used and
the table of contents keeps the headings without page numbers.
"""

from __future__ import annotations

import logging
import tempfile
import time
from pathlib import Path

from procure.documents.libreoffice import (
    DEFAULT_TIMEOUT,
    ConversionError,
    ConversionTimeoutError,
    convert,
    profile_option,
    require_soffice,
    run,
)

logger = logging.getLogger(__name__)


def convert_to_pdf(docx: bytes, *, timeout: float = DEFAULT_TIMEOUT) -> bytes:
    """The PDF of a .docx, fields and table of contents refreshed.

    Raises ``LibreOfficeUnavailableError`` when ``soffice`` is not installed and
    ``ConversionError`` when the conversion fails or exceeds ``timeout`` seconds.
    """
    binary = require_soffice()
    deadline = time.monotonic() + timeout
    try:
        [pdf] = convert([docx], "pdf", timeout=timeout)
    except ConversionTimeoutError:
        raise
    except ConversionError as error:
        logger.warning("PDF with refreshed fields failed, converting as is: %s", error)
        pdf = None
    return pdf or _convert_plain(binary, docx, deadline)


def _convert_plain(binary: str, docx: bytes, deadline: float) -> bytes:
    with tempfile.TemporaryDirectory(prefix="procure-pdf-") as folder:
        root = Path(folder)
        source = root / "document.docx"
        source.write_bytes(docx)
        run(
            [
                binary,
                profile_option(root / "profile"),
                "--headless",
                "--norestore",
                "--convert-to",
                "pdf",
                "--outdir",
                str(root),
                str(source),
            ],
            deadline,
        )
        target = root / "document.pdf"
        if not target.exists():
            raise ConversionError("LibreOffice finished without writing a PDF")
        return target.read_bytes()
