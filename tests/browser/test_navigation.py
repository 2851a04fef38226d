"""Signing in, switching language and moving around with the keyboard only."""

from __future__ import annotations

import re

import pytest

from procure.vocabulary import Role
from tests.browser.conftest import expect, sign_in

pytestmark = pytest.mark.browser
MAX_TABS = 15

FOCUS_IS_VISIBLE = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const box = element.getBoundingClientRect();
  const outlined = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2;
  const onScreen = box.width > 0 && box.height > 0 && box.right > 0 && box.bottom > 0
    && box.left < innerWidth && box.top < innerHeight;
  return outlined && onScreen;
}"""


def focused(page) -> dict:
    return page.evaluate(
        "() => ({tag: document.activeElement.tagName, id: document.activeElement.id,"
        " text: document.activeElement.textContent.trim(),"
        " href: document.activeElement.getAttribute('href') || ''})"
    )


def test_sign_in_switch_language_and_reach_the_library_by_keyboard(page, live_server):
    email = live_server.make_user(Role.BUYER)
    sign_in(page, email)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    # Signed in, the home page greets the user and shows their own cards.
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Bonjour, "))
    expect(page.get_by_role("heading", name="Vos consultations en cours")).to_be_visible()

    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello, "))
    expect(page.get_by_role("heading", name="Your tenders in progress")).to_be_visible()
    expect(page.get_by_role("button", name="English")).to_have_attribute("aria-current", "true")

    # The first Tab reaches the skip link, shown with a visible focus ring; Enter moves
    # the focus to the main content.
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    assert page.evaluate(FOCUS_IS_VISIBLE), "the focused skip link is hidden or has no outline"
    page.keyboard.press("Enter")
    assert focused(page)["id"] == "content"
    assert page.evaluate("() => document.activeElement.tagName") == "MAIN"

    # From the top again, Tab through the header to the Library link, every stop visible.
    page.reload()
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        assert page.evaluate(FOCUS_IS_VISIBLE), f"no visible focus on {focused(page)}"
        if focused(page)["text"] == "Library":
            break
    else:
        pytest.fail(f"the Library link was not reached in {MAX_TABS} presses of Tab")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/library/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Clause library")
