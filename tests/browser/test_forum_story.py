"""A forum exchange in a real browser: an agency's representative starts a topic in the
programme office's platform-wide forum, a citizen replies, and a responder of the programme
office (signed in with TOTP enrolled) marks the reply as the staff answer with the button on the
reply itself, lands back at that reply (the page passes axe-core), and the topic page then shows
the answer at the top. Then axe-core on the forum pages in Arabic and English, as a reader, as
the staff member (with the staff actions) and on the new-topic form with its errors."""

import re

import pytest
from django.test import Client
from django.utils import timezone
from playwright.sync_api import expect

from musharaka.core.models import (
    AgencyKind,
    ParticipantType,
    Representation,
    RepresentationStatus,
    Role,
)
from musharaka.forums import services
from musharaka.forums.models import ForumCategory, Topic
from musharaka.participation.models import Contribution
from musharaka.participation.selectors import current_rules
from musharaka.participation.services import contribution_submit, rules_publish
from tests.browser.conftest import axe_violations, format_violations, sign_in
from tests.conftest import make_staff
from tests.factories import AgencyFactory, UserFactory
from tests.forums.forum_data import make_forum

pytestmark = pytest.mark.browser

TITLE = "كيف نقيس رضا المستفيدين عن الخدمات الرقمية؟"
OPENING = "نبحث عن طريقة عملية لقياس الرضا بعد كل خدمة، ما تجربتكم؟"
REPLY = "We send a two-question survey right after each service, and publish the results monthly."
LANGUAGES = [("", "ar", "rtl"), ("/en", "en", "ltr")]


def login(context, user, live_server) -> None:
    sign_in(context, Client(), user, live_server)


def assert_accessible(page) -> None:
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{format_violations(violations)}"


@pytest.fixture
def setting(transactional_db):
    programme = AgencyFactory(
        slug="dga",
        kind=AgencyKind.PROGRAMME,
        name_ar="برنامج المشاركة الإلكترونية",
        name_en="E-participation programme",
    )
    rules_publish(
        actor=make_staff(programme, Role.MANAGER),
        agency=programme,
        body_ar="ناقش الفكرة لا الشخص، ولا تنشر بيانات شخصية.",
    )
    forum = make_forum(programme, slug="e-participation", platform_wide=True)
    ForumCategory.objects.create(
        forum=forum, slug="measurement", name_ar="القياس", name_en="Measurement"
    )
    health = AgencyFactory(slug="moh", name_ar="وزارة الصحة", name_en="Ministry of Health")
    representative = UserFactory(full_name="Khalid Alotaibi")
    Representation.objects.create(
        user=representative,
        agency=health,
        kind=ParticipantType.AGENCY,
        job_title="مدير إدارة",
        status=RepresentationStatus.CONFIRMED,
        decided_at=timezone.now(),
    )
    responder = make_staff(programme, Role.RESPONDER)  # TOTP enrolled
    responder.full_name = "Huda Alshehri"
    responder.save(update_fields=["full_name"])
    return {
        "forum": forum,
        "representative": representative,
        "citizen": UserFactory(full_name="Sara Alqahtani"),
        "responder": responder,
    }


def test_a_forum_exchange_ends_in_a_staff_answer(page, new_context, live_server, setting):
    base = f"{live_server.url}/en"

    # The representative starts a topic from the forum index.
    login(page.context, setting["representative"], live_server)
    page.goto(f"{base}/forums/")
    page.get_by_role("link", name="E-participation forum").click()
    page.get_by_role("link", name="Start a topic").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Category").select_option(label="Measurement")
    page.get_by_label("Your question or idea").fill(OPENING)
    page.get_by_label("I accept the participation rules").check()
    page.wait_for_timeout(3200)  # the form's time trap
    page.get_by_role("button", name="Start the topic").click()
    expect(page.get_by_text("Your topic is published.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(
        page.locator(".topic-opening").get_by_text("representative of Ministry of Health")
    ).to_be_visible()
    topic = Topic.objects.get()
    topic_url = f"{base}/forums/e-participation/{topic.pk}/"

    # A citizen replies through the shared comment form.
    citizen_page = new_context().new_page()
    login(citizen_page.context, setting["citizen"], live_server)
    citizen_page.goto(topic_url)
    form = citizen_page.locator("form.comment-form")
    form.get_by_label("Your reply").fill(REPLY)
    form.get_by_label("I accept the participation rules").check()
    citizen_page.wait_for_timeout(3200)
    form.get_by_role("button", name="Send the reply").click()
    expect(citizen_page.get_by_text("Your contribution is published.")).to_be_visible()
    expect(citizen_page.locator("article.comment", has_text=REPLY)).to_be_visible()
    answer = Contribution.objects.get(body=REPLY)

    # The citizen sees no staff answer button.
    expect(
        citizen_page.get_by_role("button", name=re.compile("Mark as the staff answer"))
    ).to_have_count(0)

    # A responder of the programme office marks it with the button on the reply itself.
    staff_page = new_context().new_page()
    login(staff_page.context, setting["responder"], live_server)
    staff_page.goto(topic_url)
    actions = staff_page.locator("#staff-actions")
    expect(actions.get_by_role("button", name="Pin to the top of the forum")).to_have_count(0)
    expect(
        staff_page.locator(".topic-opening").get_by_role(
            "button", name=re.compile("Mark as the staff answer")
        )
    ).to_have_count(0)
    staff_page.locator(f"#c{answer.pk}").get_by_role(
        "button", name="Mark as the staff answer (the reply of Sara Alqahtani)", exact=True
    ).click()
    expect(staff_page.get_by_text("The reply is marked as the staff answer")).to_be_visible()
    expect(staff_page).to_have_url(re.compile(rf"#c{answer.pk}$"))  # back at the reply
    expect(
        staff_page.locator(f"#c{answer.pk}").get_by_role(
            "button", name="Clear the staff answer (the reply of Sara Alqahtani)", exact=True
        )
    ).to_be_visible()
    box = staff_page.locator("section.staff-answer")
    expect(box.get_by_role("heading", name="Staff answer")).to_be_visible()
    expect(box.get_by_text(REPLY)).to_be_visible()
    topic.refresh_from_db()
    assert topic.staff_answer_id == answer.pk
    assert_accessible(staff_page)

    # Everyone sees it: the topic page and the forum list.
    citizen_page.goto(topic_url)
    expect(citizen_page.locator("section.staff-answer").get_by_text(REPLY)).to_be_visible()
    citizen_page.locator("section.staff-answer").get_by_role(
        "link", name="See it among the replies"
    ).click()
    expect(citizen_page.locator(f"#c{answer.pk}")).to_be_visible()
    citizen_page.goto(f"{base}/forums/e-participation/")
    row = citizen_page.locator("li.topic-row", has_text=TITLE)
    expect(row.get_by_text("Staff answer")).to_be_visible()
    expect(row.get_by_text("1 reply")).to_be_visible()


@pytest.mark.parametrize(("prefix", "lang", "direction"), LANGUAGES, ids=["ar", "en"])
def test_forum_pages_are_accessible(
    page, new_context, live_server, setting, prefix, lang, direction
):
    forum = setting["forum"]
    rules = current_rules(agency=forum.agency)
    topic = services.topic_start(
        actor=setting["representative"],
        forum=forum,
        title=TITLE,
        body=OPENING,
        accepted_rules=rules,
    )
    space = services.forum_space(forum)
    answer = contribution_submit(
        actor=setting["citizen"], space=space, body=REPLY, target=topic, accepted_rules=rules
    )
    contribution_submit(
        actor=setting["responder"],
        space=space,
        body="شكرا على المشاركة",
        target=topic,
        parent=answer,
        accepted_rules=rules,
    )
    Topic.objects.filter(pk=topic.pk).update(reply_count=2, staff_answer=answer, pinned=True)
    base = f"{live_server.url}{prefix}"
    topic_url = f"{base}/forums/{forum.slug}/{topic.pk}/"

    for url in (f"{base}/forums/", f"{base}/forums/{forum.slug}/", topic_url):
        response = page.goto(url)
        assert response.status == 200
        assert page.locator("html").get_attribute("dir") == direction
        assert page.locator("html").get_attribute("lang") == lang
        assert_accessible(page)

    staff = new_context().new_page()
    login(staff.context, make_staff(forum.agency, Role.MANAGER), live_server)
    staff.goto(topic_url)
    expect(staff.locator("#staff-actions")).to_be_visible()
    assert_accessible(staff)
    staff.goto(f"{base}/forums/{forum.slug}/new/")
    staff.locator("button[type=submit].btn-primary").click()  # empty: the error summary
    expect(staff.locator("#error-summary")).to_be_visible()
    assert_accessible(staff)
    for url in ("forums/", f"forums/{forum.pk}/"):
        staff.goto(f"{base}/workspace/{forum.agency.slug}/{url}")
        assert_accessible(staff)
