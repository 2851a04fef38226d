"""The files of a tender carry one name each, whether downloaded one by one or in the
dossier's .zip, on both databases."""

from __future__ import annotations

import io
import re
import zipfile

import pytest

from tests.integration.test_wizard import new_tender, walk_to_review


@pytest.mark.parametrize("language", ["fr", "en"])
def test_the_files_in_the_zip_have_the_names_of_their_downloads(buyer, language):
    tender_id = new_tender(buyer)
    walk_to_review(buyer, tender_id)
    base = f"/tenders/{tender_id}/documents"
    archive = buyer.get(f"{base}/all.zip?language={language}")
    assert archive.status_code == 200
    members = zipfile.ZipFile(io.BytesIO(archive.data)).namelist()
    downloads = []
    for name in ("rc.docx", "ccap.docx", "cctp.docx", "grid.xlsx"):
        response = buyer.get(f"{base}/{name}?language={language}")
        assert response.status_code == 200
        disposition = response.headers["Content-Disposition"]
        downloads.append(re.search(r'filename="([^"]+)"', disposition).group(1))
    assert members == downloads
    assert all(name.endswith(f"_{language}.{name.rsplit('.', 1)[1]}") for name in members)
