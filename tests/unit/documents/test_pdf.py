from __future__ import annotations

import pytest

from procure.documents import pdf
from procure.documents.pdf import LibreOfficeUnavailableError, convert_to_pdf


def test_missing_libreoffice_is_reported_clearly(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pdf.shutil, "which", lambda name: None)
    assert not pdf.is_libreoffice_available()
    with pytest.raises(LibreOfficeUnavailableError, match="libreoffice-writer-nogui"):
        convert_to_pdf(b"not used")
