"""The citizen's pages: where to write, sending a request, following it (conversation, reply,
reopen, rating, files) and the agency's public questions and answers."""

import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from musharaka.contact import services
from musharaka.contact.models import Kind, Message, MessageAttachment, MessageRole, Request, Status
from musharaka.notifications.models import Notification
from musharaka.participation.models import Status as ContributionStatus
from musharaka.participation.moderation import contribution_approve
from tests.conftest import make_staff
from tests.contact.contact_data import make_inbox, send
from tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def _en(name: str, *args) -> str:
    with translation.override("en"):
        return reverse(f"contact:{name}", args=args)


def _ar(name: str, *args) -> str:
    with translation.override("ar"):
        return reverse(f"contact:{name}", args=args)


def _text(response) -> str:
    """The page as a reader gets it: tags dropped, whitespace collapsed."""
    html = response.content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def _pdf(name="letter.pdf", content=PDF):
    return SimpleUploadedFile(name, content, "application/pdf")


def _form(**extra):
    return {
        "kind": Kind.QUESTION,
        "subject": "Renewing my licence",
        "body": "When can I renew my shop licence?",
        **extra,
    }


def _named(agency, name_en: str, **extra):
    inbox = make_inbox(agency, **extra)
    inbox.name_en = name_en
    inbox.save(update_fields=["name_en"])
    return inbox


@pytest.fixture
def citizen_client(client, citizen):
    client.force_login(citizen)
    return client


# --- Where to write ---------------------------------------------------------------------------


def test_the_index_lists_agencies_taking_requests_in_constant_queries(client, agency):
    make_inbox(agency)
    quiet = AgencyFactory(name_en="Quiet agency")
    make_inbox(quiet, is_active=False)
    response = client.get(_en("index"))
    assert response.status_code == 200
    assert agency.name_en in _text(response) and "Quiet agency" not in _text(response)
    with CaptureQueriesContext(connection) as few:
        client.get(_en("index"))
    for _ in range(3):
        make_inbox(AgencyFactory(), slug="minister")
    with CaptureQueriesContext(connection) as many:
        response = client.get(_en("index"))
    assert len(many) == len(few)
    assert _text(response).count("Customer care") == 4


def test_the_agency_page_says_what_each_inbox_is_for_and_how_soon_it_answers(client, agency):
    make_inbox(agency, hours=35, answers_publishable=True, purpose_en="Licences and permits")
    _named(agency, "Ask the Minister", hours=16, slug="minister")
    _named(agency, "Old inbox", slug="closed", is_active=False)
    response = client.get(_en("agency", agency.slug))
    page = _text(response)
    assert "Answered within 5 working days" in page  # 35 hours of a 7-hour working day
    assert "Answered within 16 working hours" in page
    assert "Licences and permits" in page and "Ask the Minister" in page
    assert "may be published" in page and "Old inbox" not in page
    assert _en("new", agency.slug, "minister") in response.content.decode()
    assert _en("qa", agency.slug) in response.content.decode()


# --- Sending a request ------------------------------------------------------------------------


def test_anonymous_people_are_sent_to_sign_in(client, agency):
    make_inbox(agency)
    request = send(make_inbox(agency, slug="minister"))
    for url in [
        _en("new", agency.slug, "customer-care"),
        _en("mine"),
        _en("request", request.number),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/en/accounts/login/")
        assert "next=" in response["Location"]
    response = client.post(_en("reply", request.number), {"reply-body": "hello"})
    assert response.status_code == 302 and "requests" in response["Location"]
    assert request.messages.count() == 1


def test_sending_a_request_shows_its_tracking_number(citizen_client, citizen, agency):
    inbox = make_inbox(agency, answers_publishable=True)
    url = _en("new", agency.slug, inbox.slug)
    page = _text(citizen_client.get(url))
    assert "PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX), 5 MB each" in page
    assert "without my name" in page  # the consent, since this inbox may publish answers
    response = citizen_client.post(url, _form(files=[_pdf()], consent_publish="on"))
    assert response.status_code == 303
    sent = Request.objects.get()
    assert response["Location"] == _en("request", sent.number)
    assert (sent.citizen, sent.consent_publish) == (citizen, True)
    assert MessageAttachment.objects.filter(message__request=sent, name="letter.pdf").exists()
    assert Notification.objects.filter(recipient=citizen, kind="contact_request_received").exists()
    page = _text(citizen_client.get(response["Location"]))
    assert f"Your request was received. Your tracking number is {sent.number}" in page
    # Said once: coming back later shows the number without the receipt.
    page = _text(citizen_client.get(response["Location"]))
    assert "Your request was received" not in page and sent.number in page


def test_no_consent_question_when_the_inbox_does_not_publish(citizen_client, agency):
    inbox = make_inbox(agency)
    page = _text(citizen_client.get(_en("new", agency.slug, inbox.slug)))
    assert "without my name" not in page


def test_an_inactive_inbox_takes_nothing(citizen_client, agency):
    inbox = make_inbox(agency, is_active=False)
    url = _en("new", agency.slug, inbox.slug)
    response = citizen_client.get(url)
    assert "not taking requests" in _text(response)
    assert 'name="subject"' not in response.content.decode()
    response = citizen_client.post(url, _form())
    assert response.status_code == 400
    assert "not taking requests" in _text(response)
    assert not Request.objects.exists()


@pytest.mark.parametrize(
    ("upload", "problem"),
    [
        (_pdf("tool.exe", b"MZ\x90\x00"), "is not a PDF, JPEG, PNG"),
        (_pdf("fake.pdf", b"<html>not a pdf</html>"), "is not a PDF, JPEG, PNG"),
        (_pdf("big.pdf", PDF + b"0" * (5 * 1024 * 1024)), "is larger than 5 MB"),
    ],
    ids=["wrong-kind", "disguised", "too-big"],
)
def test_refused_files_keep_what_was_typed(citizen_client, agency, upload, problem):
    inbox = make_inbox(agency)
    response = citizen_client.post(_en("new", agency.slug, inbox.slug), _form(files=[upload]))
    assert response.status_code == 400
    page = _text(response)
    assert problem in page and "There is a problem" in page
    assert "choose them again" in page
    html = response.content.decode()
    assert 'value="Renewing my licence"' in html and "When can I renew my shop licence?" in html
    assert 'aria-invalid="true"' in html
    assert not Request.objects.exists()


def test_more_than_three_files_and_missing_fields(citizen_client, agency):
    inbox = make_inbox(agency)
    url = _en("new", agency.slug, inbox.slug)
    response = citizen_client.post(url, _form(files=[_pdf(f"{i}.pdf") for i in range(4)]))
    assert response.status_code == 400 and "Attach at most 3 files" in _text(response)
    response = citizen_client.post(url, {"subject": "", "body": ""})
    page = _text(response)
    assert response.status_code == 400
    assert "Choose what kind of request this is" in page and "Write your request" in page
    assert 'href="#id_kind_0"' in response.content.decode()  # the summary links to the group
    assert not Request.objects.exists()


def test_too_many_requests_in_an_hour_is_said_on_the_form(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    for _ in range(services.REQUESTS_PER_HOUR["limit"]):
        send(inbox, citizen)
    response = citizen_client.post(_en("new", agency.slug, inbox.slug), _form())
    assert response.status_code == 400
    assert "sent many requests in the last hour" in _text(response)
    assert 'value="Renewing my licence"' in response.content.decode()
    assert Request.objects.count() == services.REQUESTS_PER_HOUR["limit"]


# --- Following one's requests -----------------------------------------------------------------


def test_my_requests_newest_first_in_constant_queries(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    first = send(inbox, citizen, subject="First question")
    waiting = send(inbox, citizen, subject="Second question")
    services.request_ask_information(actor=responder, request=waiting, body="Which shop?")
    send(inbox, subject="Somebody else's question")
    with CaptureQueriesContext(connection) as few:
        response = citizen_client.get(_en("mine"))
    page = _text(response)
    assert page.index("Second question") < page.index("First question")
    assert "Somebody else" not in page and first.number in page
    assert "Paused: waiting for your reply" in page
    for i in range(5):
        send(make_inbox(AgencyFactory(), slug=f"inbox-{i}"), citizen)
    with CaptureQueriesContext(connection) as many:
        response = citizen_client.get(_en("mine"))
    assert _text(response).count(f"{timezone.localtime().year}-") == 7
    assert len(many) == len(few)


def test_my_requests_are_paginated(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    for _ in range(21):
        Request.objects.create(
            agency=agency, inbox=inbox, citizen=citizen, kind=Kind.QUESTION, subject="s", body="b"
        )
    page = _text(citizen_client.get(_en("mine")))
    assert "Page 1 of 2" in page
    assert "Page 2 of 2" in _text(citizen_client.get(_en("mine") + "?page=2"))


def test_someone_elses_tracking_number_is_not_found(citizen_client, agency):
    inbox = make_inbox(agency)
    theirs = send(inbox)
    services.request_answer(actor=inbox.team.get(), request=theirs, body="answer")
    attachment = theirs.messages.first()
    file = MessageAttachment.objects.create(
        message=attachment, file=_pdf(), name="x.pdf", content_type="application/pdf", size=10
    )
    assert citizen_client.get(_en("request", theirs.number)).status_code == 404
    assert citizen_client.get(_en("attachment", theirs.number, file.pk)).status_code == 404
    for action, data in [
        ("reply", {"reply-body": "mine?"}),
        ("reopen", {"reopen-body": "again"}),
        ("rate", {"rate-rating": "1"}),
    ]:
        assert citizen_client.post(_en(action, theirs.number), data).status_code == 404
    theirs.refresh_from_db()
    assert (theirs.status, theirs.rating, theirs.messages.count()) == (Status.ANSWERED, None, 2)


def test_internal_notes_never_reach_the_citizen(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    request = send(inbox, citizen)
    note = services.request_note(actor=responder, request=request, body="Internal: secret note")
    hidden = MessageAttachment.objects.create(
        message=note, file=_pdf(), name="internal.pdf", content_type="application/pdf", size=10
    )
    services.request_answer(actor=responder, request=request, body="Here is the answer")
    response = citizen_client.get(_en("request", request.number))
    page = _text(response)
    assert "Here is the answer" in page and request.body in page
    assert "secret note" not in page and "internal.pdf" not in page
    assert responder.full_name not in page  # staff are not named to the citizen
    url = _en("attachment", request.number, hidden.pk)
    assert citizen_client.get(url).status_code == 404


def test_files_download_only_as_attachments(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    request = send(inbox, citizen, uploads=[_pdf("my letter.pdf")])
    services.request_answer(
        actor=inbox.team.get(), request=request, body="See the form", uploads=[_pdf("form.pdf")]
    )
    response = citizen_client.get(_en("request", request.number))
    files = list(MessageAttachment.objects.order_by("pk"))
    for file in files:
        assert _en("attachment", request.number, file.pk) in response.content.decode()
        download = citizen_client.get(_en("attachment", request.number, file.pk))
        assert download.status_code == 200
        assert download["Content-Disposition"].startswith("attachment")
        assert download["X-Content-Type-Options"] == "nosniff"
        assert download["Content-Type"] == "application/pdf"
        assert b"".join(download.streaming_content) == PDF
    assert citizen_client.get(_en("attachment", request.number, 999999)).status_code == 404


def test_replying_while_waiting_restarts_the_clock(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    request = send(inbox, citizen)
    services.request_ask_information(
        actor=inbox.team.get(), request=request, body="Send your shop's number"
    )
    page = _text(citizen_client.get(_en("request", request.number)))
    assert "The agency needs more information" in page and "Send your shop's number" in page
    assert "Paused: waiting for your reply" in page
    response = citizen_client.post(
        _en("reply", request.number), {"reply-body": "It is 4521", "reply-files": [_pdf()]}
    )
    assert response.status_code == 303
    request.refresh_from_db()
    assert request.status == Status.RECEIVED and request.due_at is not None
    reply = request.messages.get(body="It is 4521")
    assert reply.attachments.count() == 1
    page = _text(citizen_client.get(response["Location"]))
    assert "the time to answer runs again" in page and "Answer due" in page
    assert "needs more information" not in page


def test_an_empty_reply_is_refused_on_the_page(citizen_client, citizen, agency):
    request = send(make_inbox(agency), citizen)
    response = citizen_client.post(_en("reply", request.number), {"reply-body": "  "})
    assert response.status_code == 400
    assert "Write your reply" in _text(response)
    assert request.messages.count() == 1


def test_rating_an_answer_closes_it(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    request = send(inbox, citizen)
    page = _text(citizen_client.get(_en("request", request.number)))
    assert "Rate the answer" not in page  # not answered yet
    services.request_answer(actor=inbox.team.get(), request=request, body="Answer")
    assert "Rate the answer" in _text(citizen_client.get(_en("request", request.number)))
    response = citizen_client.post(_en("rate", request.number), {"rate-comment": "no stars"})
    assert response.status_code == 400 and "Choose a rating from 1 to 5" in _text(response)
    response = citizen_client.post(
        _en("rate", request.number), {"rate-rating": "4", "rate-comment": "Clear, thanks"}
    )
    assert response.status_code == 303
    request.refresh_from_db()
    assert (request.status, request.rating, request.rating_comment) == (
        Status.CLOSED,
        4,
        "Clear, thanks",
    )
    page = _text(citizen_client.get(_en("request", request.number)))
    assert "4 out of 5" in page and "Rate the answer" not in page
    assert "Thank you for rating" in page


def test_rating_before_an_answer_is_refused(citizen_client, citizen, agency):
    request = send(make_inbox(agency), citizen)
    response = citizen_client.post(_en("rate", request.number), {"rate-rating": "5"})
    assert response.status_code == 400
    assert "once the agency has answered" in _text(response)
    request.refresh_from_db()
    assert request.rating is None


def test_reopening_within_14_days_of_the_answer_and_not_after(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    request = send(inbox, citizen)
    services.request_answer(actor=responder, request=request, body="First answer")
    page = _text(citizen_client.get(_en("request", request.number)))
    assert "You can reopen this request until" in page
    response = citizen_client.post(_en("reopen", request.number), {"reopen-body": "Not clear"})
    assert response.status_code == 303
    request.refresh_from_db()
    assert request.status == Status.IN_PROGRESS and request.reopen_count == 1
    services.request_answer(actor=responder, request=request, body="Second answer")
    services.request_close(actor=responder, request=request)
    Request.objects.filter(pk=request.pk).update(answered_at=timezone.now() - timedelta(days=15))
    response = citizen_client.get(_en("request", request.number))
    page, html = _text(response), response.content.decode()
    assert "reopen this request until" not in page and "This request is closed" in page
    assert _en("reopen", request.number) not in html and _en("reply", request.number) not in html
    response = citizen_client.post(_en("reopen", request.number), {"reopen-body": "Still not"})
    assert response.status_code == 400 and "The 14 days to reopen" in _text(response)
    response = citizen_client.post(_en("reply", request.number), {"reply-body": "Hello?"})
    assert response.status_code == 400 and "This request is closed" in _text(response)
    request.refresh_from_db()
    assert request.status == Status.CLOSED
    assert not request.messages.filter(body__in=["Still not", "Hello?"]).exists()


def test_transferred_and_merged_requests_point_to_the_new_number(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    first, again = send(inbox, citizen), send(inbox, citizen, subject="again")
    services.request_merge(actor=responder, duplicate=again, into=first)
    page = _text(citizen_client.get(_en("request", again.number)))
    assert f"merged into your request {first.number}" in page
    moved = services.request_transfer(
        actor=responder,
        request=first,
        to_inbox=make_inbox(AgencyFactory(), slug="licences"),
        reason="Their field",
    )
    response = citizen_client.get(_en("request", first.number))
    assert f"where its number is {moved.number}" in _text(response)
    assert _en("request", moved.number) in response.content.decode()
    assert _en("reply", first.number) not in response.content.decode()
    page = _text(citizen_client.get(_en("request", moved.number)))
    assert f"continues your request {first.number}" in page


# --- The public questions and answers ---------------------------------------------------------


def _published(inbox, question: str, answer: str, *, approve: bool):
    responder = inbox.team.get()
    request = send(inbox, consent_publish=True)
    services.request_answer(actor=responder, request=request, body=answer)
    entry = services.answer_publish(
        actor=responder, request=request, question=question, answer=answer
    )
    assert entry.contribution.status == ContributionStatus.PENDING  # pre-moderated
    if approve:
        moderator = make_staff(inbox.agency, "moderator")
        contribution_approve(actor=moderator, contribution=entry.contribution)
    return entry


def test_the_qa_page_shows_only_published_answers_without_names(client, agency):
    inbox = make_inbox(agency, answers_publishable=True)
    shown = _published(inbox, "How long does renewal take?", "Three working days.", approve=True)
    _published(inbox, "Waiting question?", "Waiting answer.", approve=False)
    other = make_inbox(AgencyFactory(), answers_publishable=True, slug="other")
    _published(other, "Another agency's question?", "Elsewhere.", approve=True)
    with CaptureQueriesContext(connection) as few:
        response = client.get(_en("qa", agency.slug))
    page = _text(response)
    assert "How long does renewal take?" in page and "Three working days." in page
    assert "Waiting" not in page and "Another agency" not in page
    assert shown.request.citizen.full_name not in page
    for i in range(3):
        _published(inbox, f"More question {i}?", f"More answer {i}.", approve=True)
    with CaptureQueriesContext(connection) as many:
        page = _text(client.get(_en("qa", agency.slug)))
    assert page.index("More question 2") < page.index("How long does renewal take?")
    assert len(many) == len(few)


# --- Both languages ---------------------------------------------------------------------------


def test_the_pages_in_arabic_and_english(citizen_client, citizen, agency):
    inbox = make_inbox(agency)
    request = send(inbox, citizen)
    pages = [
        ("index",),
        ("agency", agency.slug),
        ("qa", agency.slug),
        ("new", agency.slug, inbox.slug),
        ("mine",),
        ("request", request.number),
    ]
    for name, *args in pages:
        arabic = citizen_client.get(_ar(name, *args))
        assert arabic.status_code == 200, name
        assert '<html lang="ar" dir="rtl"' in arabic.content.decode()
        english = citizen_client.get(_en(name, *args))
        assert english.status_code == 200, name
        assert '<html lang="en" dir="ltr"' in english.content.decode()
    arabic = citizen_client.get(_ar("agency", agency.slug))
    assert "خدمة العملاء" in arabic.content.decode()
    assert Message.objects.filter(role=MessageRole.CITIZEN).count() == 1
