"""The header on a phone: the channels first, the signed-in person's pages behind one disclosure."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, format_violations, sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.browser

PHONE = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
ACCOUNT_LINKS = ["Notifications", "My requests", "My contributions", "Representation"]


@pytest.fixture
def citizen(transactional_db):
    return UserFactory()


def header_height(page) -> float:
    return page.locator("header.site-header nav").bounding_box()["height"]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_signed_in_phone_header_stays_short_and_the_account_menu_opens(
    new_context, live_server, citizen, javascript
):
    context = new_context(java_script_enabled=javascript, **PHONE)
    sign_in(context, Client(), citizen, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}/en/")
    # Brand, two lines of channels and the account entry: not a wall of wrapped links.
    assert header_height(page) < 170, "the header pushes the page below the fold"
    menu = page.locator("details.account-menu")
    for name in ACCOUNT_LINKS:
        expect(menu.get_by_role("link", name=name)).to_be_hidden()

    menu.locator("summary").click()
    for name in ACCOUNT_LINKS:
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    expect(menu.get_by_role("button", name="Sign out")).to_be_visible()
    box = menu.locator(".account-menu-list").bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360, "the open menu fits on the screen"

    with page.expect_navigation():
        menu.get_by_role("link", name="My contributions").click()
    assert page.url == f"{live_server.url}/en/participation/mine/"
    assert page.locator("h1").inner_text() == "My contributions"


def test_escape_closes_the_account_menu_and_returns_focus(
    page, browser_context, live_server, citizen
):
    sign_in(browser_context, Client(), citizen, live_server)
    page.goto(f"{live_server.url}/")
    summary = page.locator("details.account-menu > summary")
    summary.focus()
    page.keyboard.press("Enter")
    assert page.locator("details.account-menu").get_attribute("open") is not None
    page.keyboard.press("Tab")
    page.keyboard.press("Escape")
    assert page.locator("details.account-menu").get_attribute("open") is None
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"

    summary.click()
    page.locator("main").click()
    assert page.locator("details.account-menu").get_attribute("open") is None


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
@pytest.mark.parametrize("contrast", ["normal", "high"])
def test_open_account_menu_is_accessible(new_context, live_server, citizen, prefix, contrast):
    context = new_context(**PHONE)
    sign_in(context, Client(), citizen, live_server)
    page = context.new_page()
    page.goto(f"{live_server.url}{prefix}/display/?contrast={contrast}&next={prefix}/")
    page.locator("details.account-menu > summary").click()
    violations = axe_violations(page)
    assert not violations, format_violations(violations)
