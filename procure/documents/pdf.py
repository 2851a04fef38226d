"""PDF through LibreOffice, when it is installed (optional).

``convert_to_pdf`` runs ``soffice`` headless with a profile of its own in a
temporary folder, so conversions may run side by side, and kills it (the whole
process group) when it overruns the timeout.

LibreOffice lays out PAGE and NUMPAGES fields by itself but shows a table of
contents as saved. To get a table of contents with page numbers, the
conversion first installs a small Basic macro in that throw-away profile; the
macro opens the document, updates every index and field, and exports the PDF.
If the macro route fails, the plain ``--convert-to pdf`` route is used and the
table of contents keeps the headings without page numbers.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

from lxml import etree

from procure.errors import ProcureError

logger = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 120.0
SCRIPT_NS = "http://openoffice.org/2000/script"
LIBRARY_NS = "http://openoffice.org/2000/library"
MODULE = "ProcureExport"
MODULE_DOCTYPE = (
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">'
)
MACRO = """
Sub ExportPdf(source As String, target As String)
    On Error GoTo Finish
    Dim loadArgs(0) As New com.sun.star.beans.PropertyValue
    loadArgs(0).Name = "Hidden"
    loadArgs(0).Value = True
    Dim document As Object
    document = StarDesktop.loadComponentFromURL(source, "_blank", 0, loadArgs())
    Dim indexes As Object
    indexes = document.getDocumentIndexes()
    Dim i As Integer
    For i = 0 To indexes.getCount() - 1
        indexes.getByIndex(i).update()
    Next i
    document.getTextFields().refresh()
    Dim storeArgs(0) As New com.sun.star.beans.PropertyValue
    storeArgs(0).Name = "FilterName"
    storeArgs(0).Value = "writer_pdf_Export"
    document.storeToURL(target, storeArgs())
    document.close(True)
Finish:
    StarDesktop.terminate()
End Sub
"""


class LibreOfficeUnavailableError(ProcureError):
    """LibreOffice (``soffice``) is not installed, so no PDF can be produced."""


class PdfConversionError(ProcureError):
    """LibreOffice ran but produced no PDF (crash, timeout, unreadable input)."""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_libreoffice_available() -> bool:
    return find_soffice() is not None


def convert_to_pdf(
    docx: bytes,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    refresh_fields: bool = True,
    soffice: str | None = None,
) -> bytes:
    """The PDF of a .docx, fields and table of contents refreshed.

    Raises ``LibreOfficeUnavailableError`` when ``soffice`` is not installed and
    ``PdfConversionError`` when the conversion fails or exceeds ``timeout`` seconds.
    """
    binary = soffice or find_soffice()
    if binary is None:
        raise LibreOfficeUnavailableError(
            "LibreOffice is not installed (no 'soffice' on the PATH); install "
            "libreoffice-writer-nogui to produce PDF files"
        )
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="procure-pdf-") as folder:
        root = Path(folder)
        source = root / "document.docx"
        source.write_bytes(docx)
        target = root / "document.pdf"
        if refresh_fields:
            try:
                _convert_with_macro(binary, root, source, target, deadline)
            except PdfConversionError as error:
                logger.warning("PDF with refreshed fields failed, converting as is: %s", error)
        if not target.exists():
            _convert_plain(binary, root, source, deadline)
        if not target.exists():
            raise PdfConversionError("LibreOffice finished without writing a PDF")
        return target.read_bytes()


def _profile_option(profile: Path) -> str:
    return f"-env:UserInstallation={profile.as_uri()}"


def _convert_plain(binary: str, root: Path, source: Path, deadline: float) -> None:
    _run(
        [
            binary,
            _profile_option(root / "plain-profile"),
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


def _convert_with_macro(
    binary: str, root: Path, source: Path, target: Path, deadline: float
) -> None:
    profile = root / "profile"
    _run([binary, _profile_option(profile), "--headless", "--terminate_after_init"], deadline)
    _install_macro(profile / "user" / "basic" / "Standard")
    call = f'macro:///Standard.{MODULE}.ExportPdf("{source.as_uri()}","{target.as_uri()}")'
    _run(
        [binary, _profile_option(profile), "--headless", "--norestore", "--invisible", call],
        deadline,
    )
    if not target.exists():
        raise PdfConversionError("the export macro did not write a PDF")


def _install_macro(library: Path) -> None:
    """Add the export module to the profile's Standard Basic library."""
    index = library / "script.xlb"
    if not index.exists():
        raise PdfConversionError(f"LibreOffice profile has no Basic library at {library}")
    tree = etree.parse(str(index))
    element = f"{{{LIBRARY_NS}}}element"
    name = f"{{{LIBRARY_NS}}}name"
    if not any(child.get(name) == MODULE for child in tree.getroot().iter(element)):
        etree.SubElement(tree.getroot(), element).set(name, MODULE)
    tree.write(str(index), xml_declaration=True, encoding="UTF-8", doctype=tree.docinfo.doctype)
    module = etree.Element(f"{{{SCRIPT_NS}}}module", nsmap={"script": SCRIPT_NS})
    module.set(f"{{{SCRIPT_NS}}}name", MODULE)
    module.set(f"{{{SCRIPT_NS}}}language", "StarBasic")
    module.text = MACRO
    (library / f"{MODULE}.xba").write_bytes(
        etree.tostring(
            module,
            xml_declaration=True,
            encoding="UTF-8",
            doctype=MODULE_DOCTYPE,
        )
    )


def _run(command: list[str], deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise PdfConversionError("LibreOffice ran out of time")
    process = subprocess.Popen(
        command,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        _, error = process.communicate(timeout=remaining)
    except subprocess.TimeoutExpired:
        _kill_group(process)
        raise PdfConversionError("LibreOffice did not finish in time and was stopped") from None
    if process.returncode != 0:
        message = error.decode("utf-8", "replace").strip()[-500:]
        raise PdfConversionError(f"LibreOffice failed (exit code {process.returncode}): {message}")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
