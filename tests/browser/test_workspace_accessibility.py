"""The workspace pages and the representation page in a real browser: no WCAG 2.2 A/AA
violation that axe-core finds, in Arabic and English, also when a form comes back with errors."""

import pytest

from musharaka.core.services import membership_add, representation_declare
from tests.browser.conftest import axe_check, sign_in
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.browser

PAGES = ["", "members/", "representatives/", "profile/", "audit/", "audit/?date_from=bad"]
# (page, field to empty or fill, value, field that must then be marked invalid)
FORMS_WITH_ERRORS = [
    ("members/", "#id_email", "nobody@example.sa", "#id_email"),
    ("profile/", "#id_name_ar", "", "#id_name_ar"),
]


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
def test_workspace_and_account_pages_are_accessible(
    page,
    browser_context,
    live_server,
    client,
    transactional_db,
    prefix,
):
    agency = AgencyFactory(slug="health", name_ar="وزارة الصحة", name_en="Ministry of Health")
    manager = make_staff(agency, "manager")
    membership_add(actor=manager, agency=agency, user=UserFactory(), role="editor")
    representation_declare(user=UserFactory(), kind="agency", agency=agency, job_title="Director")
    sign_in(browser_context, client, manager, live_server)
    base = f"{live_server.url}{prefix}"
    problems: list[str] = []

    for path in PAGES:
        page.goto(f"{base}/workspace/health/{path}")
        axe_check(page, problems, path or "home")

    for path, field, value, invalid in FORMS_WITH_ERRORS:
        page.goto(f"{base}/workspace/health/{path}")
        page.locator(field).fill(value)
        page.locator("main form button[type=submit]").last.click()
        assert page.locator(invalid).get_attribute("aria-invalid") == "true"
        axe_check(page, problems, f"{path} with errors")

    page.goto(f"{base}/account/representation/")
    axe_check(page, problems, "representation")
    page.locator("main form button[type=submit]").last.click()
    assert page.locator("#id_job_title").get_attribute("aria-invalid") == "true"
    axe_check(page, problems, "representation with errors")

    assert not problems, "\n\n".join(problems)
