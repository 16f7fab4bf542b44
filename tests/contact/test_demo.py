"""The demo's direct communication: two inboxes per agency with teams, chains and routing rules;
a few hundred requests each in every state, consistent with what the services would have
stored; the demo citizen's own requests; escalations; answers on the public Q&A pages."""

import re

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from musharaka.contact.models import (
    EscalationLevel,
    Inbox,
    Message,
    MessageRole,
    PublishedAnswer,
    Request,
    RoutingRule,
    Status,
)
from musharaka.contact.services import tracking_number
from musharaka.core.models import Agency, User
from musharaka.participation.models import Status as ContributionStatus

pytestmark = pytest.mark.django_db

HANDLED_STATES = {"received", "assigned", "in_progress", "waiting", "answered", "closed"}


@pytest.fixture
def demo(settings):
    settings.MUSHARAKA_DEMO = True
    call_command("demo_load", verbosity=0)


def test_inboxes_and_every_state_in_every_agency(demo):
    for agency in Agency.objects.all():
        inboxes = list(Inbox.objects.filter(agency=agency))
        assert len(inboxes) == 2, agency.slug
        for inbox in inboxes:
            team = {u.email for u in inbox.team.all()}
            assert f"responder.{agency.slug}@demo.musharaka.sa" in team
            chain = EscalationLevel.objects.get(inbox=inbox, level=1)
            assert chain.person.email == f"manager.{agency.slug}@demo.musharaka.sa"
            assert inbox.name_en and inbox.purpose_ar
        assert RoutingRule.objects.filter(inbox__agency=agency).count() == 2
        assert sum(i.answers_publishable for i in inboxes) == 1
        requests = Request.objects.filter(agency=agency)
        states = set(requests.values_list("status", flat=True))
        assert states >= HANDLED_STATES, agency.slug
        assert requests.exclude(merged_into=None).exists(), agency.slug
        assert requests.filter(reopen_count__gt=0).exists(), agency.slug
        assert requests.filter(answered_late=True).exists(), agency.slug
        # Overdue now and escalated to the manager (the chain's first level).
        overdue = requests.filter(
            status__in=["received", "assigned", "in_progress"], due_at__lt=timezone.now()
        )
        assert overdue.exists(), agency.slug
        assert not overdue.filter(escalation_level=0).exists()
        for inbox in Inbox.objects.filter(agency=agency):
            assert 150 <= inbox.requests.count() <= 300, inbox
    transferred = Request.objects.get(status=Status.TRANSFERRED)
    assert transferred.transferred_to.agency != transferred.agency
    assert transferred.transferred_to.citizen == transferred.citizen


def test_requests_are_what_the_services_would_store(demo):
    now = timezone.now()
    requests = Request.objects.all()
    for request in requests.only("pk", "number", "created_at"):
        assert re.fullmatch(r"\d{4}-\d{7}", request.number)
        assert request.number == tracking_number(request)
    running = requests.filter(status__in=["received", "assigned", "in_progress"])
    assert not running.filter(Q(due_at=None) | ~Q(remaining_seconds=None)).exists()
    assert not requests.filter(status="received").exclude(assigned_to=None).exists()
    assert not requests.exclude(status="received").filter(assigned_to=None).exists()
    waiting = requests.filter(status=Status.WAITING)
    assert not waiting.filter(Q(due_at__isnull=False) | Q(remaining_seconds=None)).exists()
    assert not waiting.filter(first_response_at=None).exists()
    answered = requests.filter(status__in=["answered", "closed"], merged_into=None)
    assert not answered.filter(
        Q(answered_at=None) | Q(first_response_at=None) | Q(due_at__isnull=False)
    ).exists()
    assert not answered.filter(first_response_at__gt=F("answered_at")).exists()
    # The working time each took, as the services record it: an answer is late exactly when it
    # took more working hours (less the time returned to the citizen) than the service level.
    assert not answered.filter(
        Q(first_response_working_seconds=None) | Q(answer_working_seconds=None)
    ).exists()
    over = Q(answer_working_seconds__gt=F("inbox__response_hours") * 3600)
    assert answered.filter(answered_late=True).exists()
    assert not answered.filter(answered_late=True).exclude(over).exists()
    assert not answered.filter(answered_late=False).filter(over).exists()
    assert not answered.filter(
        first_response_working_seconds__gt=F("answer_working_seconds")
    ).exists()
    assert not requests.filter(status=Status.CLOSED, close_working_seconds=None).exists()
    assert requests.filter(status=Status.WAITING).exclude(waiting_since=None).exists()
    assert not answered.filter(answered_at__lt=F("created_at")).exists()
    closed = requests.filter(status=Status.CLOSED)
    assert not closed.filter(Q(closed_at=None) | Q(closed_at__gt=now)).exists()
    assert not closed.filter(merged_into=None, closed_at__lt=F("answered_at")).exists()
    assert not requests.exclude(status=Status.CLOSED).exclude(rating=None).exists()
    assert closed.exclude(rating=None).count() > closed.filter(rating=None).count()
    assert not requests.filter(answered_late=True, escalation_level=0, reopen_count=0).exists()
    merged = requests.exclude(merged_into=None).select_related("merged_into")
    for duplicate in merged:
        assert duplicate.status == Status.CLOSED and duplicate.answered_at is None
        assert duplicate.citizen_id == duplicate.merged_into.citizen_id
        assert duplicate.agency_id == duplicate.merged_into.agency_id
        assert duplicate.merged_into.merged_into_id is None
    system = Message.objects.filter(role=MessageRole.SYSTEM, request__in=merged)
    assert system.count() == merged.count()
    # Every request opens with the citizen's text, and no message predates its request.
    firsts = requests.annotate(
        citizen_messages=Count("messages", filter=Q(messages__role=MessageRole.CITIZEN))
    )
    assert not firsts.filter(citizen_messages=0).exists()
    assert not Message.objects.filter(created_at__lt=F("request__created_at")).exists()
    staff_answers = Message.objects.filter(role=MessageRole.STAFF, request__in=answered)
    assert staff_answers.values("request").distinct().count() == answered.count()


def test_citizen_public_answers_and_dashboard(demo, client):
    mine = Request.objects.filter(citizen__email="citizen@demo.musharaka.sa")
    states = set(mine.values_list("status", flat=True))
    assert {"received", "waiting", "answered", "closed", "transferred", "assigned"} <= states
    assert mine.exclude(merged_into=None).exists()
    assert mine.filter(status="in_progress", due_at__lt=timezone.now()).exists()

    # Each agency's public Q&A: two answers a moderator published, one waiting.
    for agency in Agency.objects.all():
        answers = PublishedAnswer.objects.filter(agency=agency).select_related("contribution")
        statuses = sorted(a.contribution.status for a in answers)
        assert statuses == [
            ContributionStatus.PENDING,
            ContributionStatus.PUBLISHED,
            ContributionStatus.PUBLISHED,
        ], agency.slug
        for answer in answers:
            assert answer.request.consent_publish and answer.request.inbox.answers_publishable

    client.force_login(User.objects.get(email="manager.moh@demo.musharaka.sa"))
    response = client.get("/en/workspace/moh/contact/dashboard/")
    assert response.status_code == 200
    board = response.context["board"]
    assert board.open_total > 50 and board.overdue > 0 and board.rated > 0
    assert board.answered_late > 0 and board.first_response_hours
