"""The first channel end to end in a real browser: a citizen comments on a pre-moderated
announcement and sees it awaiting review, a moderator approves it in the workspace queue, the
citizen and everyone else then see it published; axe-core finds no WCAG 2.2 A/AA violation on
the announcement page, with its thread and forms, in Arabic and English."""

import pytest
from playwright.sync_api import expect

from musharaka.core.models import Role
from musharaka.participation.services import rules_publish
from tests.announcements.helpers import RULES_AR, make_announcement, submit
from tests.browser.conftest import axe_violations, format_violations, sign_in
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.browser

COMMENT = "Please add an evening session for employees who work in the morning."


@pytest.fixture
def announcement(transactional_db):
    agency = AgencyFactory(
        slug="yesser",
        name_ar="برنامج التعاملات الإلكترونية الحكومية (يسّر)",
        name_en="Government e-Transactions Program (Yesser)",
    )
    rules_publish(actor=make_staff(agency, Role.MANAGER), agency=agency, body_ar=RULES_AR)
    announcement = make_announcement(agency, pre_moderated=True)
    earlier = make_announcement(agency, editor=announcement.created_by, title_en="Earlier news")
    # A published conversation on the page too, so axe sees replies and every reader action.
    root = submit(UserFactory(full_name="Sara Alharbi"), earlier, "تعليق منشور للنقاش.")
    submit(UserFactory(), earlier, "A reply, in English.", parent=root)
    return announcement


def test_citizen_comment_is_approved_by_a_moderator_then_published(
    page, browser_context, new_context, live_server, client, announcement
):
    agency = announcement.agency
    citizen = UserFactory(full_name="Nora Alqahtani")
    moderator = make_staff(agency, Role.MODERATOR)
    sign_in(browser_context, client, citizen, live_server)
    url = f"{live_server.url}/en/agencies/{agency.slug}/news/{announcement.slug}/"

    page.goto(url)
    page.get_by_label("Your comment").fill(COMMENT)
    page.get_by_label("I accept the participation rules").check()
    page.wait_for_timeout(3200)  # the time trap refuses forms sent faster than a person can
    page.get_by_role("button", name="Send the comment").click()

    comment = page.locator("article.comment", has_text=COMMENT)
    expect(comment.get_by_text("Awaiting review")).to_be_visible()
    expect(page.get_by_text("A moderator will review it before it is public.")).to_be_visible()

    staff_page = new_context().new_page()
    sign_in(staff_page.context, client, moderator, live_server)
    staff_page.goto(f"{live_server.url}/en/workspace/{agency.slug}/moderation/")
    item = staff_page.locator("li.card", has_text=COMMENT)
    item.get_by_role("checkbox").check()
    staff_page.get_by_label("Decision for the ticked contributions").select_option("approve")
    staff_page.get_by_role("button", name="Apply to the ticked contributions").click()
    expect(staff_page.get_by_text("Decision recorded for 1 contributions")).to_be_visible()
    assert staff_page.locator("li.card", has_text=COMMENT).count() == 0

    page.reload()
    comment = page.locator("article.comment", has_text=COMMENT)
    expect(comment).to_be_visible()
    assert comment.get_by_text("Awaiting review").count() == 0
    expect(comment.get_by_text("Nora Alqahtani")).to_be_visible()

    reader = new_context().new_page()
    reader.goto(url)
    expect(reader.locator("article.comment", has_text=COMMENT)).to_be_visible()


@pytest.mark.parametrize("prefix", ["", "/en"], ids=["ar", "en"])
def test_announcement_page_with_its_thread_is_accessible(
    page, browser_context, live_server, client, announcement, prefix
):
    agency = announcement.agency
    sign_in(browser_context, client, UserFactory(), live_server)
    problems: list[str] = []

    for slug in (announcement.slug, "earlier-news"):
        page.goto(f"{live_server.url}{prefix}/agencies/{agency.slug}/news/{slug}/")
        assert page.locator("h1").count() == 1
        for summary in page.locator("article.comment details > summary").all():
            summary.click()  # open every reply and report form
        violations = axe_violations(page)
        if violations:
            problems.append(f"{slug}\n{format_violations(violations)}")

    # A form that comes back with its error (rules not accepted), the text kept.
    page.locator("#comment-body").fill("نص دون قبول القواعد")
    page.wait_for_timeout(3200)
    page.locator("form.comment-form button[type=submit]").click()
    assert page.locator("#comment-rules").get_attribute("aria-invalid") == "true"
    assert page.locator("#comment-body").input_value() == "نص دون قبول القواعد"
    violations = axe_violations(page)
    if violations:
        problems.append(f"with errors\n{format_violations(violations)}")

    page.goto(f"{live_server.url}{prefix}/agencies/{agency.slug}/news/")
    violations = axe_violations(page)
    if violations:
        problems.append(f"news list\n{format_violations(violations)}")

    assert not problems, "\n\n".join(problems)
