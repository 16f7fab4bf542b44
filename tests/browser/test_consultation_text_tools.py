"""The text tools of a draft in a real browser: moving an article into another chapter,
importing the English text and numbering the articles again, in Arabic and English, also when
the form comes back refused."""

import pytest
from playwright.sync_api import expect

from musharaka.consultations import texts
from tests.browser.conftest import axe_check, sign_in
from tests.conftest import make_staff
from tests.consultations.texts_fixtures import GUIDELINE_MD, make_consultation
from tests.factories import AgencyFactory

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
def test_move_and_english_import_pages_are_accessible(
    page, browser_context, live_server, client, transactional_db, prefix
):
    agency = AgencyFactory(slug="dga", name_ar="هيئة الحكومة الرقمية", name_en="DGA")
    manager = make_staff(agency, "manager")
    consultation = make_consultation(agency, manager)
    version = texts.text_import(
        actor=manager, consultation=consultation, filename="g.md", data=GUIDELINE_MD.encode()
    )
    article = version.nodes.filter(kind="article").order_by("position").first()
    sign_in(browser_context, client, manager, live_server)
    base = f"{live_server.url}{prefix}/workspace/dga/consultations/{consultation.pk}/text"
    problems: list[str] = []

    page.goto(f"{base}/nodes/{article.pk}/move-to/")
    axe_check(page, problems, "move")
    page.goto(f"{base}/versions/{version.number}/english/")
    axe_check(page, problems, "english import")
    page.locator("main form button[type=submit]").last.click()
    expect(page.locator("main [aria-invalid=true]").first).to_be_visible()
    axe_check(page, problems, "english import, no file")

    second = version.nodes.filter(kind="article").order_by("position")[1]
    texts.node_move(actor=manager, node=second, direction="up")
    page.goto(f"{base}/")
    axe_check(page, problems, "outline, numbers out of order")
    page.locator("main form .btn-primary[type=submit]").first.click()
    expect(page.locator(".alert-success, .alert-info").first).to_be_visible()
    axe_check(page, problems, "outline, numbered again")
    assert list(
        version.nodes.filter(kind="article").order_by("position").values_list("number", flat=True)
    ) == [1, 2, 3]
    assert not problems, "\n\n".join(problems)
