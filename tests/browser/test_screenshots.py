"""Screenshots of the busiest pages, for a person to look at (kept in pytest's tmp folder)."""

from __future__ import annotations

import pytest

from tests.browser.conftest import (
    expect,
    expect_step,
    fill_context,
    fill_purchase,
    save_step,
    start_tender,
)

pytestmark = pytest.mark.browser
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def test_library_and_clauses_step_screenshots(buyer, tmp_path):
    page = buyer
    page.goto("/library/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Bibliothèque de clauses")
    library = tmp_path / "library.png"
    page.screenshot(path=library, full_page=True)

    start_tender(page)
    fill_purchase(page)
    save_step(page, 2)
    fill_context(page)
    save_step(page, 3)
    expect_step(page, 3)
    clauses = tmp_path / "step-3-clauses.png"
    page.screenshot(path=clauses, full_page=True)

    for screenshot in (library, clauses):
        assert screenshot.read_bytes().startswith(PNG_SIGNATURE)
        assert screenshot.stat().st_size > 10_000, f"{screenshot} looks blank"
    print(f"screenshots: {library} {clauses}")
