"""The staff queue and request page: who sees what (404 rather than 403 for a request outside
one's inboxes), the filters, a queue whose query count does not grow with its rows, every read
audited, and each action through its view: assign, take, start, answer, ask, note, close, merge,
transfer, publish, saved replies, attachments."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from musharaka.contact import queue as reads
from musharaka.contact import services
from musharaka.contact.models import (
    Kind,
    Message,
    MessageRole,
    PublishedAnswer,
    ReplyTemplate,
    Request,
    Status,
)
from musharaka.core.models import AuditEvent, Role
from musharaka.notifications.models import Notification
from tests.conftest import make_staff
from tests.contact.contact_data import add_chain, make_inbox, send
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def queue_url(agency, **query) -> str:
    from urllib.parse import urlencode

    url = f"/en/workspace/{agency.slug}/contact/"
    return f"{url}?{urlencode(query)}" if query else url


def page_url(request, action: str = "") -> str:
    url = f"/en/workspace/{request.agency.slug}/contact/{request.pk}/"
    return f"{url}{action}/" if action else url


@pytest.fixture
def inbox(agency):
    return make_inbox(agency)


@pytest.fixture
def responder(inbox):
    return inbox.team.get()


@pytest.fixture
def responder_client(client, responder):
    client.force_login(responder)
    return client


def reads_of(user) -> int:
    return AuditEvent.objects.filter(verb="contact.request_read", actor=user).count()


# --- Who sees what ----------------------------------------------------------------------------


def test_who_sees_the_queue_and_the_request(client, agency, inbox, responder):
    request = send(inbox)
    chain_person = make_staff(agency, Role.RESPONDER)
    add_chain(inbox, chain_person)
    expected = [
        (responder, 200, True, 200),
        (make_staff(agency, Role.MANAGER), 200, True, 200),
        (chain_person, 200, True, 200),  # on the escalation chain, not on the team
        (make_staff(agency, Role.RESPONDER), 200, False, 404),  # same agency, not on the team
        (make_staff(agency, Role.EDITOR), 403, False, 404),
        (make_staff(agency, Role.MODERATOR), 403, False, 404),
        (make_staff(AgencyFactory(), Role.MANAGER), 404, False, 404),
        (request.citizen, 404, False, 404),
    ]
    for person, queue_status, listed, page_status in expected:
        client.force_login(person)
        response = client.get(queue_url(agency))
        assert response.status_code == queue_status, person
        assert (request.number in response.content.decode()) is listed, person
        assert client.get(page_url(request)).status_code == page_status, person
        # The actions answer like the page: nothing reveals the request to outsiders.
        if page_status == 404:
            assert client.post(page_url(request, "note"), {"body": "x"}).status_code == 404
    client.logout()
    for url in (queue_url(agency), page_url(request)):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response.url
    assert Message.objects.filter(role=MessageRole.NOTE).count() == 0


def test_every_display_of_a_request_is_audited_and_refusals_are_not(client, agency, inbox):
    request = send(inbox)
    manager, outsider = make_staff(agency, Role.MANAGER), make_staff(agency, Role.RESPONDER)
    client.force_login(manager)
    client.get(page_url(request))
    client.get(page_url(request))
    client.get(queue_url(agency))  # the queue shows no request's content: not a read
    assert reads_of(manager) == 2
    event = AuditEvent.objects.filter(verb="contact.request_read").latest("seq")
    assert (event.target_id, event.agency_id) == (str(request.pk), agency.pk)
    client.force_login(outsider)
    assert client.get(page_url(request)).status_code == 404
    assert reads_of(outsider) == 0


def test_another_agencys_request_id_is_a_404(responder_client, inbox):
    elsewhere = send(make_inbox(AgencyFactory(), slug="other"))
    url = f"/en/workspace/{inbox.agency.slug}/contact/{elsewhere.pk}/"
    assert responder_client.get(url).status_code == 404


# --- The queue --------------------------------------------------------------------------------


def _overdue(request, hours: int = 30) -> None:
    Request.objects.filter(pk=request.pk).update(due_at=timezone.now() - timedelta(hours=hours))


def test_queue_filters(responder_client, agency, inbox, responder):
    second = make_inbox(agency, slug="licences", responder=responder)
    mine = send(inbox)
    services.request_assign(actor=responder, request=mine, assignee=responder)
    complaint = send(second, kind=Kind.COMPLAINT)
    late = send(inbox)
    _overdue(late)
    Request.objects.filter(pk=late.pk).update(escalation_level=1)
    waiting = send(inbox)
    services.request_ask_information(actor=responder, request=waiting, body="أرسل الرقم")
    done = send(inbox)
    services.request_answer(actor=responder, request=done, body="تم")
    everyone = {mine, complaint, late, waiting, done}

    def listed(**query) -> set:
        response = responder_client.get(queue_url(agency, **query))
        assert response.status_code == 200
        page = response.content.decode()
        return {r for r in everyone if r.number in page}

    assert listed() == {mine, complaint, late}  # open: the clock is running
    assert listed(inbox=second.pk) == {complaint}
    assert listed(kind=Kind.COMPLAINT) == {complaint}
    assert listed(assigned="me") == {mine}
    assert listed(assigned="none") == {complaint, late}
    assert listed(overdue="on") == {late}
    assert listed(escalated="on") == {late}
    assert listed(status=Status.WAITING) == {waiting}
    assert listed(status=Status.ANSWERED) == {done}
    assert listed(status="all") == everyone
    response = responder_client.get(queue_url(agency, status="nonsense", inbox="999999"))
    assert response.status_code == 400
    assert "Some filters were not understood" in response.content.decode()


def test_soonest_deadline_first_overdue_marked_in_working_hours(responder_client, agency, inbox):
    later, late = send(inbox), send(inbox)
    _overdue(late, hours=24 * 7)
    page = responder_client.get(queue_url(agency)).content.decode()
    assert page.index(late.number) < page.index(later.number)
    row = page[page.index(f'id="request-{late.pk}"') :][:2000]
    assert 'class="table-danger"' in row[:60]
    assert "Overdue by" in row and "working" in row
    assert "Due in" in page and "working hours" in page


def _bulk(inbox, citizen, count: int, **extra) -> None:
    now = timezone.now()
    for i in range(count):
        values = {"due_at": now + timedelta(hours=i - count // 2), **extra}
        row = Request.objects.create(
            agency=inbox.agency,
            inbox=inbox,
            citizen=citizen,
            kind=Kind.QUESTION,
            subject=f"طلب {i}",
            body="نص",
            **values,
        )
        Request.objects.filter(pk=row.pk).update(number=f"2026-{row.pk:07d}")


@pytest.mark.parametrize("role", [Role.MANAGER, Role.RESPONDER])
def test_queue_queries_do_not_grow_with_rows(client, agency, inbox, responder, role):
    viewer = responder if role == Role.RESPONDER else make_staff(agency, Role.MANAGER)
    second = make_inbox(agency, slug="second", responder=responder)
    citizen = UserFactory()
    client.force_login(viewer)
    _bulk(inbox, citizen, 2, assigned_to=responder, status=Status.ASSIGNED)

    def count(**query) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(queue_url(agency, **query)).status_code == 200
        return len(queries)

    few = count(), count(assigned="me", overdue="on"), count(status="all")
    _bulk(inbox, citizen, 20, assigned_to=responder, status=Status.ASSIGNED)
    _bulk(second, citizen, 20, escalation_level=2)
    _bulk(second, citizen, 5, status=Status.CLOSED, due_at=None)
    many = count(), count(assigned="me", overdue="on"), count(status="all")
    assert many == few
    assert few[0] <= 12


def test_paging_keeps_the_filters(responder_client, agency, inbox, monkeypatch):
    monkeypatch.setattr(reads, "QUEUE_PAGE_SIZE", 2)
    _bulk(inbox, UserFactory(), 5)
    page = responder_client.get(queue_url(agency, kind=Kind.QUESTION)).content.decode()
    assert "Requests 1 to 2." in page
    assert 'href="?kind=question&amp;page=2"' in page
    third = responder_client.get(queue_url(agency, kind=Kind.QUESTION, page=3)).content.decode()
    assert "Requests 5 to 5." in third and 'rel="next"' not in third
    assert (
        "There are no more requests"
        in responder_client.get(queue_url(agency, page=9)).content.decode()
    )


def test_any_status_pages_through_running_waiting_then_finished(
    responder_client, agency, inbox, monkeypatch
):
    """The queue reads running clocks by deadline, then requests waiting for the citizen,
    then finished ones newest first; paging crosses from one to the next without a gap."""
    monkeypatch.setattr(reads, "QUEUE_PAGE_SIZE", 2)
    citizen = UserFactory()
    _bulk(inbox, citizen, 3)
    _bulk(inbox, citizen, 2, status=Status.WAITING, due_at=None, remaining_seconds=3600)
    _bulk(inbox, citizen, 2, status=Status.CLOSED, due_at=None)
    running = list(Request.objects.filter(status=Status.RECEIVED).order_by("due_at"))
    waiting = list(Request.objects.filter(status=Status.WAITING).order_by("id"))
    closed = list(Request.objects.filter(status=Status.CLOSED).order_by("-id"))
    seen = []
    for number in range(1, 5):
        page = responder_client.get(queue_url(agency, status="all", page=number))
        html = page.content.decode()
        rows = [r for r in running + waiting + closed if r.number in html]
        seen += sorted(rows, key=lambda r: html.index(r.number))
        assert ('rel="next"' in html) is (number < 4)
    assert seen == running + waiting + closed


# --- The request page and its actions ---------------------------------------------------------


def test_page_shows_the_citizen_the_conversation_and_the_deadline(responder_client, inbox):
    citizen = UserFactory(full_name="نورة القحطاني")
    request = send(inbox, citizen, body="متى يمكنني تجديد الرخصة؟")
    page = responder_client.get(page_url(request)).content.decode()
    assert "نورة القحطاني" in page
    assert "متى يمكنني تجديد الرخصة؟" in page
    assert "Due in" in page and "Not escalated" in page
    assert "Take it" in page and "Start work" in page and "Send the answer" in page


def test_answer_through_the_view(responder_client, inbox, responder):
    request = send(inbox)
    response = responder_client.post(
        page_url(request, "answer"), {"body": "يمكنك التجديد عبر البوابة"}
    )
    assert response.status_code == 302 and response.url == page_url(request)
    request.refresh_from_db()
    assert (request.status, request.assigned_to, request.due_at) == (
        Status.ANSWERED,
        responder,
        None,
    )
    assert Notification.objects.filter(recipient=request.citizen, kind="contact_answered").exists()
    page = responder_client.get(response.url).content.decode()
    assert "The answer is sent; the citizen is told." in page
    assert "Close the request" in page and "Send the answer" not in page

    # Answering again is refused by the service: the typed text comes back with the reason.
    response = responder_client.post(page_url(request, "answer"), {"body": "إضافة مهمة"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "This cannot be done while the request is" in page and "إضافة مهمة" in page

    response = responder_client.post(page_url(request, "close"))
    request.refresh_from_db()
    assert response.status_code == 302 and request.status == Status.CLOSED


def test_an_empty_answer_is_refused_with_a_summary(responder_client, inbox):
    request = send(inbox)
    response = responder_client.post(page_url(request, "answer"), {"body": "   "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="error-summary"' in page and 'href="#answer_body"' in page
    assert 'aria-invalid="true"' in page
    assert Request.objects.get(pk=request.pk).status == Status.RECEIVED


def test_answer_with_a_file_and_the_staff_download(client, responder_client, agency, inbox):
    request = send(inbox)
    pdf = SimpleUploadedFile("رد الجهة.pdf", b"%PDF-1.7\n%test\n", "application/pdf")
    response = responder_client.post(page_url(request, "answer"), {"body": "مرفق", "files": [pdf]})
    assert response.status_code == 302
    attachment = Message.objects.get(request=request, role=MessageRole.STAFF).attachments.get()
    page = responder_client.get(page_url(request)).content.decode()
    url = f"{page_url(request)}files/{attachment.pk}/"
    assert f'href="{url}"' in page
    download = responder_client.get(url)
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert download["X-Content-Type-Options"] == "nosniff"
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    client.force_login(make_staff(agency, Role.RESPONDER))  # not on the team
    assert client.get(url).status_code == 404


def test_asking_for_information_pauses_the_clock(responder_client, inbox):
    request = send(inbox)
    response = responder_client.post(page_url(request, "ask"), {"body": "أرسل صورة الرخصة"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.status, request.due_at) == (Status.WAITING, None)
    assert request.remaining_seconds > 0
    page = responder_client.get(page_url(request)).content.decode()
    assert "Returned for more information" in page
    assert "Paused while waiting for the citizen" in page
    assert "Send the answer" not in page  # nothing to answer until the citizen replies
    services.citizen_reply(actor=request.citizen, request=request, body="أرفقتها")
    request.refresh_from_db()
    assert request.status == Status.RECEIVED and request.due_at is not None


def test_internal_notes_are_marked_and_never_reach_the_citizen(responder_client, inbox):
    request = send(inbox)
    before = Notification.objects.filter(recipient=request.citizen).count()
    response = responder_client.post(page_url(request, "note"), {"body": "العميل اتصل هاتفيًا"})
    assert response.status_code == 302
    note = Message.objects.get(request=request, body="العميل اتصل هاتفيًا")
    assert note.role == MessageRole.NOTE
    page = responder_client.get(page_url(request)).content.decode()
    assert "Internal note — not shown to the citizen" in page
    assert Notification.objects.filter(recipient=request.citizen).count() == before
    other = make_inbox(AgencyFactory(), slug="elsewhere")
    moved = services.request_transfer(
        actor=inbox.team.get(), request=request, to_inbox=other, reason="اختصاصهم"
    )
    assert not moved.messages.filter(body="العميل اتصل هاتفيًا").exists()


def test_manager_assigns_and_team_member_takes(client, agency, inbox, responder):
    colleague = make_staff(agency, Role.RESPONDER)
    inbox.team.add(colleague)
    request = send(inbox)
    client.force_login(make_staff(agency, Role.MANAGER))
    page = client.get(page_url(request)).content.decode()
    assert colleague.full_name in page and "Take it" not in page
    response = client.post(page_url(request, "assign"), {"assignee": colleague.pk})
    assert response.status_code == 302
    request.refresh_from_db()
    assert (request.assigned_to, request.status) == (colleague, Status.ASSIGNED)
    assert "they are told" in client.get(response.url).content.decode()

    other = send(inbox)
    client.force_login(responder)
    assert "Take it" in client.get(page_url(other)).content.decode()
    assert client.post(page_url(other, "assign"), {"assignee": responder.pk}).status_code == 302
    other.refresh_from_db()
    assert other.assigned_to == responder
    # A team member cannot hand a request to someone else: refused, shown on the page.
    response = client.post(page_url(other, "assign"), {"assignee": colleague.pk})
    assert response.status_code == 403
    assert "You cannot do this with this request." in response.content.decode()
    response = client.post(page_url(other, "start"))
    other.refresh_from_db()
    assert response.status_code == 302 and other.status == Status.IN_PROGRESS


def test_merge_through_the_view(responder_client, inbox):
    citizen = UserFactory()
    first, again = send(inbox, citizen), send(inbox, citizen, subject="مرة أخرى")
    stranger = send(inbox)
    page = responder_client.get(page_url(again)).content.decode()
    assert f'<option value="{first.pk}">' in page
    assert f'<option value="{stranger.pk}">' not in page
    response = responder_client.post(page_url(again, "merge"), {"into": stranger.pk})
    assert response.status_code == 400
    response = responder_client.post(page_url(again, "merge"), {"into": first.pk})
    assert response.status_code == 302 and response.url == page_url(first)
    again.refresh_from_db()
    assert (again.status, again.merged_into) == (Status.CLOSED, first)
    page = responder_client.get(response.url).content.decode()
    assert "is merged into this one" in page and again.number in page
    page = responder_client.get(page_url(again)).content.decode()
    assert "Merged into" in page and "Merge with another request" not in page


def test_transfer_through_the_view(responder_client, inbox):
    request = send(inbox)
    elsewhere = make_inbox(AgencyFactory(name_en="Ministry of Health"), slug="health")
    closed = make_inbox(AgencyFactory(), slug="closed", is_active=False)
    page = responder_client.get(page_url(request)).content.decode()
    assert f'<option value="{elsewhere.pk}">' in page and f'value="{closed.pk}"' not in page
    response = responder_client.post(
        page_url(request, "transfer"), {"to_inbox": elsewhere.pk, "reason": ""}
    )
    assert response.status_code == 400
    assert f'<option value="{elsewhere.pk}" selected>' in response.content.decode()
    response = responder_client.post(
        page_url(request, "transfer"), {"to_inbox": elsewhere.pk, "reason": "من اختصاص الوزارة"}
    )
    assert response.status_code == 302
    request.refresh_from_db()
    moved = request.transferred_to
    assert request.status == Status.TRANSFERRED and moved.inbox == elsewhere
    page = responder_client.get(response.url).content.decode()
    assert "Ministry of Health" in page and moved.number in page
    assert "Transfer to another agency" not in page


def test_saved_reply_fills_the_answer_box(responder_client, agency, inbox):
    request = send(inbox)
    template = ReplyTemplate.objects.create(
        agency=agency,
        title_ar="تجديد",
        title_en="Renewal",
        body_ar="يمكنكم التجديد عبر البوابة",
        body_en="You can renew online",
    )
    ReplyTemplate.objects.create(agency=AgencyFactory(), title_ar="غريب", body_ar="نص جهة أخرى")
    page = responder_client.get(page_url(request)).content.decode()
    assert "Renewal (English)" in page and "غريب" not in page
    page = responder_client.get(page_url(request) + f"?template={template.pk}").content.decode()
    assert "\nيمكنكم التجديد عبر البوابة</textarea>" in page
    page = responder_client.get(page_url(request) + f"?template={template.pk}-en").content.decode()
    assert "\nYou can renew online</textarea>" in page
    assert responder_client.get(page_url(request) + "?template=99999").status_code == 400


def test_publishing_a_consented_answer(responder_client, agency, responder):
    inbox = make_inbox(agency, slug="qa", responder=responder, answers_publishable=True)
    request = send(inbox, body="كيف أجدد رخصتي؟", consent_publish=True)
    private = send(inbox, consent_publish=False)
    for item in (request, private):
        services.request_answer(actor=responder, request=item, body="عبر البوابة الإلكترونية")
    assert "Send for publishing" not in responder_client.get(page_url(private)).content.decode()
    page = responder_client.get(page_url(request)).content.decode()
    assert "Send for publishing" in page
    assert "\nكيف أجدد رخصتي؟</textarea>" in page and "\nعبر البوابة الإلكترونية</textarea>" in page
    response = responder_client.post(
        page_url(request, "publish"),
        {"question": "كيف أجدد الرخصة؟", "answer": "عبر البوابة الإلكترونية"},
    )
    assert response.status_code == 302
    published = PublishedAnswer.objects.get(request=request)
    assert published.question == "كيف أجدد الرخصة؟"
    page = responder_client.get(response.url).content.decode()
    assert "on its way to the public questions and answers" in page
    response = responder_client.post(
        page_url(private, "publish"), {"question": "سؤال", "answer": "جواب"}
    )
    assert response.status_code == 400
    assert "did not agree to publishing" in response.content.decode()


def test_request_page_queries_do_not_grow_with_the_conversation(responder_client, inbox, responder):
    request = send(inbox)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert responder_client.get(page_url(request)).status_code == 200
        return len(queries)

    before = count()
    for i in range(6):
        services.request_note(actor=responder, request=request, body=f"ملاحظة {i}")
        services.citizen_reply(actor=request.citizen, request=request, body=f"إضافة {i}")
    assert count() == before


def test_a_manager_can_take_a_request_themselves(client, agency, inbox):
    request = send(inbox)
    manager = make_staff(agency, Role.MANAGER)
    client.force_login(manager)
    page = client.get(page_url(request)).content.decode()
    assignee = re.search(r'<select name="assignee".*?</select>', page, re.S)[0]
    assert f'value="{manager.pk}"' in assignee
    assert client.post(page_url(request, "assign"), {"assignee": manager.pk}).status_code == 302
    request.refresh_from_db()
    assert request.assigned_to == manager
