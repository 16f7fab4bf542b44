"""The base template as a keyboard user, a low-vision user and a user without JavaScript meet it."""

import re

import pytest
from playwright.sync_api import expect

from musharaka.core.models import PageFeedback
from tests.factories import AgencyFactory

pytestmark = pytest.mark.browser

FOCUSED = """() => {
  const el = document.activeElement;
  const nav = el.closest('nav');
  return {tag: el.tagName.toLowerCase(), id: el.id, text: el.textContent.trim(),
          cls: el.className, nav: nav ? nav.getAttribute('aria-label') : null,
          inMain: !!el.closest('main'),
          outline: getComputedStyle(el).outlineStyle + ' ' + getComputedStyle(el).outlineWidth};
}"""


@pytest.fixture
def health(transactional_db):
    return AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")


def tab_order(page, count: int) -> list[dict]:
    order = []
    for _ in range(count):
        page.keyboard.press("Tab")
        order.append(page.evaluate(FOCUSED))
    return order


def test_first_tab_reaches_the_skip_link_which_moves_focus_to_main(page, live_server, health):
    page.goto(live_server.url + "/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["text"] == "Skip to main content"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0, "the focused skip link is on screen"

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    page.keyboard.press("Tab")
    assert page.evaluate(FOCUSED)["inMain"], "the next Tab stays in the main content"


def test_display_controls_come_before_the_main_navigation(page, live_server, health):
    page.goto(live_server.url + "/en/agencies/")
    order = tab_order(page, 12)
    texts = [f["text"] for f in order]
    first_main_nav = next(i for i, f in enumerate(order) if f["nav"] == "Main")
    for control in ("Normal", "Large", "Larger", "High contrast", "العربية"):
        assert texts.index(control) < first_main_nav, f"{control!r} comes after the main menu"
    assert texts.index("Skip to main content") == 0
    for focused in order:
        assert focused["outline"] == "solid 3px", f"no visible focus on {focused['text']!r}"


def test_text_size_changes_the_page_and_persists(page, live_server, health):
    page.goto(live_server.url + "/en/agencies/")
    root_size = "getComputedStyle(document.documentElement).fontSize"
    assert page.evaluate(root_size) == "16px"

    page.get_by_role("link", name="Larger", exact=True).focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-larger\b"))
    page.wait_for_load_state("load")
    assert page.evaluate(root_size) == "20px"
    expect(page.get_by_role("link", name="Larger", exact=True)).to_have_attribute(
        "aria-current", "true"
    )

    with page.expect_navigation():
        page.get_by_role("link", name="Ministry of Health").click()
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-larger\b"))
    page.wait_for_load_state("load")
    assert page.evaluate(root_size) == "20px"


def test_high_contrast_changes_the_page_and_persists(page, live_server, health):
    page.goto(live_server.url + "/en/about/")
    background = "getComputedStyle(document.body).backgroundColor"
    assert page.evaluate(background) == "rgb(255, 255, 255)"

    page.get_by_role("link", name="High contrast").click()
    page.wait_for_url(re.compile(r"/en/about/$"))
    expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
    assert page.evaluate(background) == "rgb(0, 0, 0)"

    page.get_by_role("link", name="Agencies", exact=True).click()
    page.wait_for_url(re.compile(r"/en/agencies/$"))
    expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
    assert page.evaluate(background) == "rgb(0, 0, 0)"

    page.get_by_role("link", name="Normal contrast").click()
    page.wait_for_url(re.compile(r"/en/agencies/$"))
    assert "high-contrast" not in page.locator("html").get_attribute("class")


def test_language_switch_keeps_the_page_and_flips_direction(page, live_server, health):
    page.goto(live_server.url + "/en/agencies/health/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")
    expect(page.locator("h1")).to_have_text("Ministry of Health")

    page.locator("a[hreflang=ar]").click()
    page.wait_for_url(f"{live_server.url}/agencies/health/")
    expect(page.locator("html")).to_have_attribute("dir", "rtl")
    expect(page.locator("html")).to_have_attribute("lang", "ar")
    expect(page.locator("h1")).to_have_text("وزارة الصحة")

    page.get_by_role("link", name="English").click()
    page.wait_for_url(f"{live_server.url}/en/agencies/health/")
    expect(page.locator("html")).to_have_attribute("dir", "ltr")


def test_page_feedback_works_without_javascript(new_context, live_server, health):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(live_server.url + "/en/about/")
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("alert")).to_contain_text("Please choose Yes or No")
    assert not PageFeedback.objects.exists()

    page.get_by_label("No", exact=True).check()
    page.get_by_label("What was missing or wrong?").fill("The address is missing.")
    page.get_by_role("button", name="Send").click()

    assert page.url == f"{live_server.url}/en/about/"
    expect(page.get_by_role("status")).to_contain_text("Thank you for your feedback.")
    feedback = PageFeedback.objects.get()
    assert (feedback.path, feedback.useful, feedback.language) == ("/about/", False, "en")
    assert feedback.reason == "The address is missing."


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_home_and_agency_list_work_without_javascript(new_context, live_server, health, prefix):
    page = new_context(java_script_enabled=False).new_page()
    response = page.goto(f"{live_server.url}{prefix}/")
    assert response.status == 200
    expect(page.locator("h1")).to_be_visible()

    page.locator(f"main a[href='{prefix}/agencies/']").first.click()
    page.wait_for_url(f"{live_server.url}{prefix}/agencies/")
    expect(page.locator("h1")).to_be_visible()
    page.locator(f"main a[href='{prefix}/agencies/health/']").click()
    page.wait_for_url(f"{live_server.url}{prefix}/agencies/health/")

    page.locator("a[href*='size=large&']").click()
    page.wait_for_url(f"{live_server.url}{prefix}/agencies/health/")
    expect(page.locator("html")).to_have_class(re.compile(r"\btext-large\b"))


def test_the_browser_cannot_reach_outside_the_test_server(
    new_context, live_server, blocked_requests
):
    page = new_context().new_page()
    page.goto(live_server.url + "/en/")
    reached = page.evaluate(
        "fetch('https://cdn.example.invalid/x.js').then(() => true, () => false)"
    )
    assert reached is False
    assert blocked_requests == ["https://cdn.example.invalid/x.js"]
    blocked_requests.clear()
