"""Running LibreOffice headless on .docx files, when it is installed (optional).

``convert`` lays out several documents in one ``soffice`` run: a small Basic
macro, installed in a throw-away profile, opens each document, updates its
indexes (the table of contents) and fields, and stores it in the requested
format; a document it cannot open is skipped, the others are still
converted. Every run has its own profile in a temporary folder, so
conversions may run side by side, and the whole process group is killed when
a run overruns its time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from lxml import etree

from procure.errors import ProcureError

# Below gunicorn's 30-second worker timeout, so that a stuck LibreOffice is stopped by
# procure (with its whole process group) before gunicorn kills the worker and orphans it.
# A 160-clause tender takes about 2 seconds.
DEFAULT_TIMEOUT = 25.0
FILTERS = {"pdf": "writer_pdf_Export", "docx": "MS Word 2007 XML", "txt": "Text (encoded)"}
SCRIPT_NS = "http://openoffice.org/2000/script"
LIBRARY_NS = "http://openoffice.org/2000/library"
MODULE = "ProcureConvert"
MODULE_DOCTYPE = (
    '<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">'
)
MACRO = """
Sub ConvertAll(folder As String, stems As String, filterName As String, extension As String, _
        changes As String)
    On Error GoTo Finish
    Dim loadArgs(0) As New com.sun.star.beans.PropertyValue
    loadArgs(0).Name = "Hidden"
    loadArgs(0).Value = True
    Dim storeArgs(1) As New com.sun.star.beans.PropertyValue
    storeArgs(0).Name = "FilterName"
    storeArgs(0).Value = filterName
    storeArgs(1).Name = "FilterOptions"
    storeArgs(1).Value = ""
    If extension = "txt" Then storeArgs(1).Value = "UTF8,LF"
    Dim stem As Variant
    For Each stem In Split(stems, "|")
        ConvertOne(folder & "/" & stem & ".docx", folder & "/out/" & stem & "." & extension, _
            loadArgs(), storeArgs(), changes)
    Next stem
Finish:
    StarDesktop.terminate()
End Sub

Sub ConvertOne(source As String, target As String, loadArgs As Variant, storeArgs As Variant, _
        changes As String)
    Dim document As Object
    Dim indexes As Object
    Dim i As Integer
    On Error GoTo Done
    document = StarDesktop.loadComponentFromURL(source, "_blank", 0, loadArgs)
    If changes = "accept" Then
        Dim helper As Object
        helper = createUnoService("com.sun.star.frame.DispatchHelper")
        helper.executeDispatch(document.getCurrentController().getFrame(), _
            ".uno:AcceptAllTrackedChanges", "", 0, Array())
    End If
    indexes = document.getDocumentIndexes()
    For i = 0 To indexes.getCount() - 1
        indexes.getByIndex(i).update()
    Next i
    document.getTextFields().refresh()
    document.storeToURL(target, storeArgs)
Done:
    If Not IsNull(document) Then document.close(True)
End Sub
"""


class LibreOfficeUnavailableError(ProcureError):
    """LibreOffice (``soffice``) is not installed."""


class ConversionError(ProcureError):
    """LibreOffice ran but produced nothing usable (crash, timeout, unreadable input)."""


class ConversionTimeoutError(ConversionError):
    """LibreOffice did not finish in the time given and was stopped."""


def find_soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def is_libreoffice_available() -> bool:
    return find_soffice() is not None


def require_soffice() -> str:
    binary = find_soffice()
    if binary is None:
        raise LibreOfficeUnavailableError(
            "LibreOffice is not installed (no 'soffice' on the PATH); install "
            "libreoffice-writer-nogui to refresh fields and produce PDF files"
        )
    return binary


def convert(
    documents: Sequence[bytes],
    output: str,
    *,
    timeout: float = DEFAULT_TIMEOUT,
    accept_changes: bool = False,
) -> list[bytes | None]:
    """Each document laid out by LibreOffice and saved as ``output`` ("pdf", "docx" or
    "txt", UTF-8 plain text).

    The table of contents and the fields are updated before saving; with
    ``accept_changes``, every tracked change (Word revision) is accepted first. A document
    LibreOffice could not open or save comes back as ``None``; the whole run
    raises ``ConversionError`` when LibreOffice fails or exceeds ``timeout`` seconds.
    """
    if output not in FILTERS:
        raise ValueError(f"output: expected one of {', '.join(FILTERS)}")
    binary = require_soffice()
    deadline = time.monotonic() + timeout
    with tempfile.TemporaryDirectory(prefix="procure-office-") as folder:
        root = Path(folder)
        (root / "out").mkdir()
        stems = [f"document-{index}" for index in range(len(documents))]
        for stem, document in zip(stems, documents, strict=True):
            (root / f"{stem}.docx").write_bytes(document)
        profile = root / "profile"
        run([binary, profile_option(profile), "--headless", "--terminate_after_init"], deadline)
        _install_macro(profile / "user" / "basic" / "Standard")
        arguments = ",".join(
            f'"{value}"'
            for value in (
                root.as_uri(),
                "|".join(stems),
                FILTERS[output],
                output,
                "accept" if accept_changes else "keep",
            )
        )
        run(
            [
                binary,
                profile_option(profile),
                "--headless",
                "--norestore",
                "--invisible",
                f"macro:///Standard.{MODULE}.ConvertAll({arguments})",
            ],
            deadline,
        )
        results = [root / "out" / f"{stem}.{output}" for stem in stems]
        return [path.read_bytes() if path.exists() else None for path in results]


def profile_option(profile: Path) -> str:
    return f"-env:UserInstallation={profile.as_uri()}"


def _install_macro(library: Path) -> None:
    """Add the conversion module to the profile's Standard Basic library."""
    index = library / "script.xlb"
    if not index.exists():
        raise ConversionError(f"LibreOffice profile has no Basic library at {library}")
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
        etree.tostring(module, xml_declaration=True, encoding="UTF-8", doctype=MODULE_DOCTYPE)
    )


def run(command: list[str], deadline: float) -> None:
    """Run one ``soffice`` command, killed with its children at ``deadline``."""
    remaining = deadline - time.monotonic()
    if remaining <= 0:
        raise ConversionTimeoutError("LibreOffice ran out of time")
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
        raise ConversionTimeoutError("LibreOffice did not finish in time and was stopped") from None
    if process.returncode != 0:
        message = error.decode("utf-8", "replace").strip()[-500:]
        raise ConversionError(f"LibreOffice failed (exit code {process.returncode}): {message}")


def _kill_group(process: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.communicate()
