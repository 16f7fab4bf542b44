"""Every public page and the workspace home, in Arabic and English, as a browser sees them:
the right language and direction, one h1, the footer every page owes (feedback form, last-updated
date, privacy notice, accessibility statement), and no WCAG 2.2 A/AA violation axe-core finds."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, format_violations, sign_in
from tests.conftest import make_staff
from tests.factories import AgencyFactory

pytestmark = pytest.mark.browser

COLOUR_RULES = ["color-contrast", "link-in-text-block"]
LANGUAGES = [("", "ar", "rtl"), ("/en", "en", "ltr")]
PUBLIC_PAGES = {
    "home": "/",
    "agency list": "/agencies/",
    "agency page": "/agencies/health/",
    "agency page (Arabic only)": "/agencies/riyadh/",
    "privacy": "/privacy/",
    "accessibility statement": "/accessibility/",
    "about": "/about/",
    "sign-in": "/accounts/login/",
    "register": "/accounts/signup/",
    "password reset": "/accounts/password/reset/",
    "not found": "/no-such-page/",
}


@pytest.fixture
def agencies(transactional_db):
    """One agency with every public field filled, one whose English name is missing."""
    return [
        AgencyFactory(
            slug="health",
            name_ar="وزارة الصحة",
            name_en="Ministry of Health",
            description_ar="تعنى الوزارة بصحة المواطنين.",
            description_en="The ministry looks after public health.",
            website="https://www.moh.gov.sa/",
            email="contact@moh.gov.sa",
            phone="920000000",
            address_ar="الرياض",
            address_en="Riyadh",
        ),
        AgencyFactory(slug="riyadh", name_ar="أمانة منطقة الرياض", name_en=""),
    ]


def check_page(page, *, lang: str, direction: str) -> None:
    html = page.locator("html")
    assert html.get_attribute("lang") == lang
    assert html.get_attribute("dir") == direction
    assert page.locator("h1").count() == 1, "a page has exactly one h1"
    prefix = "" if lang == "ar" else f"/{lang}"
    footer = page.locator("footer")
    expect(footer.locator("form.page-feedback input[name=useful]")).to_have_count(2)
    expect(footer.locator("time[datetime]")).to_have_count(1)
    expect(footer.locator(f"a[href='{prefix}/privacy/']")).to_have_count(1)
    expect(footer.locator(f"a[href='{prefix}/accessibility/']")).to_have_count(1)
    assert_no_violations(page)


def assert_no_violations(page, rules: list[str] | None = None) -> None:
    violations = axe_violations(page, rules=rules)
    assert not violations, f"{page.url}\n{format_violations(violations)}"


def check_high_contrast(page, context, live_server) -> None:
    """The same page again in high contrast; only colours change, so only colour rules run."""
    context.add_cookies([{"name": "contrast", "value": "high", "url": live_server.url}])
    page.reload()
    expect(page.locator("html")).to_have_class(re.compile(r"\bhigh-contrast\b"))
    assert_no_violations(page, rules=COLOUR_RULES)


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES, ids=["ar", "en"])
@pytest.mark.parametrize("path", PUBLIC_PAGES.values(), ids=PUBLIC_PAGES.keys())
def test_public_page_is_accessible(
    page, browser_context, live_server, agencies, path, prefix, lang, direction
):
    response = page.goto(live_server.url + prefix + path)
    assert response.status == (404 if path == "/no-such-page/" else 200)
    check_page(page, lang=lang, direction=direction)
    check_high_contrast(page, browser_context, live_server)


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES, ids=["ar", "en"])
def test_workspace_home_is_accessible(
    page, browser_context, live_server, client, agencies, prefix, lang, direction
):
    manager = make_staff(agencies[0], "manager")
    sign_in(browser_context, client, manager, live_server)
    response = page.goto(f"{live_server.url}{prefix}/workspace/health/")
    assert response.status == 200
    assert page.url.endswith(f"{prefix}/workspace/health/"), "the manager was not sent elsewhere"
    check_page(page, lang=lang, direction=direction)
    check_high_contrast(page, browser_context, live_server)


def test_form_errors_are_tied_to_their_fields(page, live_server, agencies):
    page.goto(live_server.url + "/en/accounts/signup/")
    page.get_by_label("Full name").fill("Sara Ahmed")
    page.get_by_label("Email", exact=False).first.fill("sara@example.sa")
    page.get_by_label("Mobile number (optional)").fill("12345")
    page.locator("input[type=password]").nth(0).fill("a-Long-test-passw0rd")
    page.locator("input[type=password]").nth(1).fill("a-Long-test-passw0rd")
    page.locator("input[type=password]").nth(1).press("Enter")
    page.wait_for_load_state()

    phone = page.get_by_label("Mobile number (optional)")
    assert phone.get_attribute("aria-invalid") == "true"
    assert phone.input_value() == "12345", "what the user typed stays in the form"
    described_by = phone.get_attribute("aria-describedby").split()
    messages = " ".join(page.locator(f"[id='{i}']").inner_text() for i in described_by)
    assert "Saudi mobile number" in messages
    check_page(page, lang="en", direction="ltr")


@pytest.mark.parametrize("contrast", ["normal", "high"])
def test_a_failed_sign_in_is_announced_and_accessible(
    page, browser_context, live_server, citizen, contrast
):
    browser_context.add_cookies([{"name": "contrast", "value": contrast, "url": live_server.url}])
    page.goto(live_server.url + "/en/accounts/login/")
    page.locator("input[name=login]").fill(citizen.email)
    page.locator("input[name=password]").fill("not-the-password")
    page.locator("input[name=password]").press("Enter")
    page.wait_for_load_state()

    expect(page.get_by_role("alert")).to_contain_text("not correct")
    expect(page.locator("input[name=login]")).to_have_value(citizen.email)
    expect(page.locator("input[name=password]")).to_have_value("")
    check_page(page, lang="en", direction="ltr")
