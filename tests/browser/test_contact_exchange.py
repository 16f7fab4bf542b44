"""The whole exchange of direct communication in a real browser, the citizen without
JavaScript: a citizen writes to an agency's inbox and gets a tracking number, the responder is
asked for more information and then answers, the citizen replies, reads the answer and rates it,
and the request closes."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from musharaka.contact.models import Request, Status
from tests.browser.conftest import sign_in
from tests.conftest import make_staff
from tests.contact.contact_data import make_inbox
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.browser

QUESTION = "متى يمكنني تجديد رخصة المنشأة إلكترونيًا؟"
MORE = "رقم السجل التجاري 1010101010"
ANSWER = "يمكنك التجديد من البوابة خلال ٣٠ يومًا قبل انتهاء الرخصة."


@pytest.fixture
def setting(transactional_db):
    agency = AgencyFactory(
        slug="momah", name_ar="وزارة البلديات", name_en="Ministry of Municipalities"
    )
    responder = make_staff(agency, "responder")
    make_inbox(agency, responder=responder, slug="enquiries")
    return {"agency": agency, "responder": responder, "citizen": UserFactory()}


def test_a_request_is_asked_answered_and_rated(new_context, live_server, setting):
    base = f"{live_server.url}/en"
    citizen = new_context(java_script_enabled=False).new_page()
    sign_in(citizen.context, Client(), setting["citizen"], live_server)
    citizen.goto(f"{base}/contact/momah/")
    citizen.get_by_role("link", name="Customer care").first.click()
    citizen.get_by_label("Question").check()
    citizen.get_by_label("Subject").fill("تجديد الرخصة")
    citizen.get_by_label("Your request").fill(QUESTION)
    citizen.get_by_role("button", name="Send the request").click()
    expect(citizen.get_by_text("Your tracking number is")).to_be_visible()
    request = Request.objects.get()
    expect(citizen.locator("strong", has_text=request.number)).to_be_visible()

    staff = new_context().new_page()
    sign_in(staff.context, Client(), setting["responder"], live_server)
    staff.goto(f"{base}/workspace/momah/contact/")
    staff.get_by_role("link", name=request.number).click()
    staff.get_by_label("What information is needed").fill("أرسل رقم السجل التجاري")
    staff.get_by_role("button", name="Return to the citizen").click()
    request.refresh_from_db()
    assert request.status == Status.WAITING and request.due_at is None

    citizen.reload()
    expect(citizen.get_by_text("The agency needs more information")).to_be_visible()
    asked = citizen.get_by_role("region", name="Send the information asked for")
    asked.get_by_label("Your reply").fill(MORE)
    asked.get_by_role("button", name="Send", exact=True).click()
    request.refresh_from_db()
    assert request.due_at is not None

    staff.reload()
    expect(staff.get_by_text(MORE)).to_be_visible()
    staff.get_by_label("Answer to the citizen").fill(ANSWER)
    staff.get_by_role("button", name="Send the answer").click()
    request.refresh_from_db()
    assert request.status == Status.ANSWERED

    citizen.reload()
    expect(citizen.get_by_text(ANSWER)).to_be_visible()
    citizen.get_by_label("5 — very helpful").check()
    citizen.get_by_role("button", name="Send the rating").click()
    request.refresh_from_db()
    assert (request.status, request.rating) == (Status.CLOSED, 5)
    expect(citizen.get_by_role("button", name="Reopen the request")).to_be_visible()
