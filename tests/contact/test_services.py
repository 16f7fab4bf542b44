"""The request lifecycle: numbers, routing, the clock and its pauses, answers, reopening,
rating, merging, transfers and the escalation scan."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from musharaka.contact import services
from musharaka.contact.calendar import working_seconds_between
from musharaka.contact.models import Kind, MessageRole, Status
from musharaka.contact.selectors import working_time
from musharaka.core.models import AuditEvent
from musharaka.notifications.models import Notification
from tests.conftest import make_staff
from tests.contact.contact_data import add_chain, make_inbox, route, send
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    from django.utils import translation

    translation.activate("en")


def test_a_request_gets_a_number_a_deadline_and_a_receipt(english, agency):
    inbox = make_inbox(agency, hours=16)
    citizen = UserFactory()
    request = send(inbox, citizen)
    assert request.number == f"{timezone.localtime().year}-{request.pk:07d}"
    owed = working_seconds_between(timezone.now(), request.due_at, working_time(agency=agency))
    assert 16 * 3600 - 120 <= owed <= 16 * 3600
    assert Notification.objects.filter(recipient=citizen, kind="contact_request_received").exists()


def test_routing_by_kind_and_keyword(english, agency):
    licences, complaints = make_staff(agency, "responder"), make_staff(agency, "responder")
    inbox = make_inbox(agency)
    inbox.team.add(licences, complaints)
    route(inbox, complaints, kind=Kind.COMPLAINT)
    route(inbox, licences, keywords="رخصه, ترخيص")
    assert send(inbox, kind=Kind.COMPLAINT).assigned_to == complaints
    routed = send(inbox, subject="سؤال عن الرُّخصة")  # normalised: ة/ه and diacritics
    assert (routed.assigned_to, routed.status) == (licences, Status.ASSIGNED)
    assert send(inbox, subject="سؤال عام", body="نص").assigned_to is None


def test_a_request_to_an_inactive_inbox_is_refused(english, agency):
    inbox = make_inbox(agency, is_active=False)
    with pytest.raises(ValidationError, match="not taking requests"):
        send(inbox)


def test_waiting_for_the_citizen_pauses_the_clock(english, agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    request = send(inbox)
    before = working_seconds_between(timezone.now(), request.due_at, working_time(agency=agency))
    services.request_ask_information(actor=responder, request=request, body="أرسل رقم الطلب")
    assert (request.status, request.due_at) == (Status.WAITING, None)
    services.citizen_reply(actor=request.citizen, request=request, body="الرقم ١٢٣")
    after = working_seconds_between(timezone.now(), request.due_at, working_time(agency=agency))
    assert request.status == Status.RECEIVED
    assert abs(after - before) < 120


def test_answer_rate_and_reopen_within_14_days(english, agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    request = send(inbox)
    services.request_answer(actor=responder, request=request, body="يمكنك التجديد إلكترونيًا")
    assert request.status == Status.ANSWERED and request.due_at is None
    services.request_rate(actor=request.citizen, request=request, rating=2, comment="غير واضح")
    assert request.status == Status.CLOSED
    services.request_reopen(actor=request.citizen, request=request, reason="لم أجد الرابط")
    assert request.status == Status.IN_PROGRESS and request.due_at is not None
    services.request_answer(actor=responder, request=request, body="الرابط في الصفحة الرئيسية")
    request.answered_at = timezone.now() - timedelta(days=15)
    request.save()
    with pytest.raises(ValidationError, match="14 days"):
        services.request_reopen(actor=request.citizen, request=request, reason="ما زلت")


def test_privacy_only_the_inbox_people_read_and_every_read_is_audited(english, agency):
    inbox = make_inbox(agency)
    request = send(inbox)
    for outsider in [
        make_staff(agency, "responder"),  # same agency, not on this inbox's team
        make_staff(agency, "editor"),
        make_staff(AgencyFactory(), "manager"),
        UserFactory(),
    ]:
        with pytest.raises(Http404):
            services.request_open(actor=outsider, request=request)
    services.request_open(actor=make_staff(agency, "manager"), request=request)
    services.request_open(actor=inbox.team.get(), request=request)
    assert AuditEvent.objects.filter(verb="contact.request_read").count() == 2
    with pytest.raises(PermissionDenied):
        services.citizen_reply(actor=UserFactory(), request=request, body="ليس طلبي")


def test_notes_stay_internal_and_transfer_carries_the_conversation(english, agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    request = send(inbox)
    services.request_note(actor=responder, request=request, body="ملاحظة داخلية سرية")
    other = make_inbox(AgencyFactory(), slug="licences")
    moved = services.request_transfer(
        actor=responder, request=request, to_inbox=other, reason="من اختصاصهم"
    )
    assert request.status == Status.TRANSFERRED and request.transferred_to == moved
    roles = list(moved.messages.values_list("role", flat=True))
    assert MessageRole.NOTE not in roles and MessageRole.CITIZEN in roles
    assert Notification.objects.filter(
        recipient=request.citizen, kind="contact_transferred"
    ).exists()


def test_merge_only_the_same_citizens_requests(english, agency):
    inbox = make_inbox(agency)
    responder = inbox.team.get()
    citizen = UserFactory()
    first, again = send(inbox, citizen), send(inbox, citizen, subject="مرة أخرى")
    with pytest.raises(ValidationError):
        services.request_merge(actor=responder, duplicate=send(inbox), into=first)
    services.request_merge(actor=responder, duplicate=again, into=first)
    assert (again.status, again.merged_into) == (Status.CLOSED, first)


def test_escalation_scan_warns_then_climbs_the_chain(english, agency):
    inbox = make_inbox(agency, hours=8, warn_hours=4, escalation_step_hours=8)
    lead, director = make_staff(agency, "manager"), make_staff(agency, "manager")
    add_chain(inbox, lead, director)
    request = send(inbox)
    calendar = working_time(agency=agency)
    from musharaka.contact.calendar import add_working_seconds

    nearly = add_working_seconds(request.due_at, 1, calendar) - timedelta(hours=0)
    result = services.escalation_scan(now=request.due_at - timedelta(minutes=30))
    assert result["warned"] == 1
    result = services.escalation_scan(now=nearly)
    request.refresh_from_db()
    assert (result["escalated"], request.escalation_level) == (1, 1)
    later = add_working_seconds(request.due_at, 9 * 3600, calendar)
    services.escalation_scan(now=later)
    request.refresh_from_db()
    assert request.escalation_level == 2
    assert Notification.objects.filter(recipient=director, kind="contact_escalated").exists()
    assert services.escalation_scan(now=later)["escalated"] == 0  # nothing twice
