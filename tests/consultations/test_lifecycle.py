"""A consultation's lifecycle: each transition, its refusals, roles, timeline, audit, the
participation space, and the periodic task that opens and closes on time."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from musharaka.consultations import services
from musharaka.consultations.models import (
    Attachment,
    Consultation,
    ConsultationPolicy,
    Kind,
    Phase,
    TimelineEntry,
)
from musharaka.core.management.commands.scheduler import PERIODIC_TASKS
from musharaka.core.models import AuditEvent, Role
from musharaka.core.roles import ACTIONS
from musharaka.participation.models import ModerationMode
from tests.conftest import make_staff
from tests.consultations.lifecycle_helpers import make_consultation, publish_text, space_of
from tests.factories import AgencyFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_create_keeps_bilingual_fields_team_and_invitations(agency, manager):
    editor = make_staff(agency, Role.EDITOR, totp=False)
    invited = AgencyFactory()
    c = make_consultation(
        agency,
        editor=manager,
        team=[editor],
        audience="both",
        invited_agencies=[invited],
        sectors="health، education, health",
    )
    assert c.phase == Phase.DRAFT
    assert c.title_en == "Draft e-participation guideline"
    assert c.sectors == ["health", "education"]
    assert list(c.team.all()) == [editor]
    assert list(c.invited_agencies.all()) == [invited]
    assert c.slug == "draft-e-participation-guideline"
    assert AuditEvent.objects.filter(verb="consultation.create", target_id=str(c.pk)).exists()


def test_create_refuses_owner_and_team_from_outside_the_agency(agency, manager, other_agency):
    outsider = make_staff(other_agency, Role.EDITOR, totp=False)
    with pytest.raises(ValidationError) as error:
        make_consultation(agency, editor=manager, owner=outsider, team=[outsider], title_ar="")
    assert {"owner", "team", "title_ar"} <= set(error.value.message_dict)
    assert not Consultation.objects.exists()


def test_invited_audience_needs_an_invited_agency(agency, manager):
    with pytest.raises(ValidationError) as error:
        make_consultation(agency, editor=manager, audience="invited")
    assert "invited_agencies" in error.value.message_dict


def test_schedule_needs_a_published_version(agency, manager):
    c = make_consultation(agency, editor=manager)
    with pytest.raises(ValidationError, match="Publish a version"):
        services.consultation_schedule(actor=manager, consultation=c)
    c.refresh_from_db()
    assert c.phase == Phase.DRAFT
    assert space_of(c) is None


def test_schedule_needs_a_future_opening_and_the_minimum_period(agency, manager):
    now = timezone.now()
    c = make_consultation(agency, editor=manager, opens_at=now - timedelta(hours=1))
    publish_text(c)
    with pytest.raises(ValidationError) as error:
        services.consultation_schedule(actor=manager, consultation=c)
    assert "opens_at" in error.value.message_dict
    c.opens_at, c.closes_at = now + timedelta(days=1), now + timedelta(days=10)
    c.save()
    with pytest.raises(ValidationError) as error:
        services.consultation_schedule(actor=manager, consultation=c)
    assert "15" in error.value.message_dict["closes_at"][0]
    # The agency's own floor applies.
    ConsultationPolicy.objects.create(agency=agency, minimum_period_days=7, default_period_days=20)
    services.consultation_schedule(actor=manager, consultation=c)
    assert c.phase == Phase.SCHEDULED


def test_schedule_creates_a_closed_space_and_a_timeline_step(agency, manager):
    c = make_consultation(agency, editor=manager, phase=Phase.SCHEDULED)
    space = space_of(c)
    assert space.channel == "consultations"
    assert space.is_open is False
    assert space.url == f"/consultations/{agency.slug}/{c.slug}/"
    assert space.moderation == ModerationMode.POST
    assert c.current_version.number == 1
    assert list(c.timeline.values_list("phase", flat=True)) == [Phase.DRAFT, Phase.SCHEDULED]
    assert AuditEvent.objects.filter(verb="consultation.schedule").exists()


def test_a_draft_regulation_gets_pre_moderation(agency, manager):
    c = make_consultation(agency, editor=manager, phase=Phase.SCHEDULED, kind=Kind.REGULATION)
    assert space_of(c).moderation == ModerationMode.PRE


def test_open_close_review_archive(agency, manager):
    c = make_consultation(agency, editor=manager, phase=Phase.SCHEDULED)
    services.consultation_open(actor=manager, consultation=c)
    assert c.phase == Phase.OPEN and space_of(c).is_open
    assert c.opens_at <= timezone.now()
    assert c.consulted_version_id == c.current_version_id

    with pytest.raises(ValidationError) as error:
        services.consultation_close(actor=manager, consultation=c, reason_ar="  ")
    assert "reason_ar" in error.value.message_dict
    services.consultation_close(
        actor=manager, consultation=c, reason_ar="اكتمل النقاش", reason_en="Done"
    )
    c.refresh_from_db()
    assert c.phase == Phase.CLOSED and not space_of(c).is_open
    assert c.outcome_due_at == c.closed_at + timedelta(weeks=12)
    entry = c.timeline.last()
    assert (entry.phase, entry.note_ar, entry.note_en) == (Phase.CLOSED, "اكتمل النقاش", "Done")

    services.consultation_start_review(actor=manager, consultation=c)
    assert c.phase == Phase.UNDER_REVIEW
    Consultation.objects.filter(pk=c.pk).update(phase=Phase.OUTCOME_PUBLISHED)
    c.refresh_from_db()
    services.consultation_archive(actor=manager, consultation=c)
    assert c.phase == Phase.ARCHIVED
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {
        "consultation.open",
        "consultation.close_early",
        "consultation.start_review",
        "consultation.archive",
    } <= verbs


def test_extend_needs_a_later_date_and_a_public_reason(agency, manager):
    c = make_consultation(agency, editor=manager, phase=Phase.OPEN)
    before = c.closes_at
    with pytest.raises(ValidationError) as error:
        services.consultation_extend(
            actor=manager, consultation=c, new_closes_at=before - timedelta(days=1), reason_ar=""
        )
    assert {"new_closes_at", "reason_ar"} <= set(error.value.message_dict)
    later = before + timedelta(days=7)
    services.consultation_extend(
        actor=manager,
        consultation=c,
        new_closes_at=later,
        reason_ar="طلبات الجهات",
        reason_en="Asked",
    )
    c.refresh_from_db()
    assert c.closes_at == later
    entry = c.timeline.last()
    assert (entry.phase, entry.note_en) == (Phase.OPEN, "Asked")
    assert AuditEvent.objects.filter(verb="consultation.extend").exists()


SERVICES = {
    "schedule": lambda actor, c: services.consultation_schedule(actor=actor, consultation=c),
    "open": lambda actor, c: services.consultation_open(actor=actor, consultation=c),
    "close": lambda actor, c: services.consultation_close(
        actor=actor, consultation=c, reason_ar="x"
    ),
    "extend": lambda actor, c: services.consultation_extend(
        actor=actor,
        consultation=c,
        new_closes_at=(c.closes_at or timezone.now()) + timedelta(days=60),
        reason_ar="سبب",
    ),
    "review": lambda actor, c: services.consultation_start_review(actor=actor, consultation=c),
    "archive": lambda actor, c: services.consultation_archive(actor=actor, consultation=c),
}
ALLOWED_FROM = {
    "schedule": {Phase.DRAFT},
    "open": {Phase.SCHEDULED},
    "close": {Phase.OPEN},
    "extend": {Phase.SCHEDULED, Phase.OPEN},
    "review": {Phase.CLOSED},
    "archive": {Phase.OUTCOME_PUBLISHED},
}


@pytest.mark.parametrize("phase", Phase.values)
@pytest.mark.parametrize("step", list(SERVICES))
def test_every_step_from_every_phase(agency, manager, phase, step):
    c = make_consultation(agency, editor=manager, phase=phase)
    if phase == Phase.DRAFT:
        publish_text(c)
    if step not in ("close", "extend") or phase != Phase.OPEN:
        pass
    entries = TimelineEntry.objects.filter(consultation=c).count()
    if phase in ALLOWED_FROM[step]:
        SERVICES[step](manager, c)
        assert TimelineEntry.objects.filter(consultation=c).count() == entries + 1
    else:
        with pytest.raises(ValidationError):
            SERVICES[step](manager, c)
        c.refresh_from_db()
        assert c.phase == phase
        assert TimelineEntry.objects.filter(consultation=c).count() == entries


# Which rule each step asks for: lifecycle is content.edit; closing early is for managers.
STEP_ACTION = {
    "schedule": "content.edit",
    "open": "content.edit",
    "close": "agency.edit",
    "extend": "content.edit",
    "review": "content.edit",
    "archive": "content.edit",
}
STEP_PHASE = {
    "schedule": Phase.DRAFT,
    "open": Phase.SCHEDULED,
    "close": Phase.OPEN,
    "extend": Phase.OPEN,
    "review": Phase.CLOSED,
    "archive": Phase.OUTCOME_PUBLISHED,
}


@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize("step", list(SERVICES))
def test_every_step_for_every_role(agency, manager, role, step):
    c = make_consultation(agency, editor=manager, phase=STEP_PHASE[step])
    if step == "schedule":
        publish_text(c)
    actor = make_staff(agency, role, totp=False)
    if role in ACTIONS[STEP_ACTION[step]]:
        SERVICES[step](actor, c)
    else:
        with pytest.raises(PermissionDenied):
            SERVICES[step](actor, c)
        c.refresh_from_db()
        assert c.phase == STEP_PHASE[step]


@pytest.mark.parametrize("role", Role.values)
def test_create_and_policy_follow_the_role_table(agency, manager, role):
    actor = make_staff(agency, role, totp=False)
    allowed = role in ACTIONS["content.edit"]
    if allowed:
        make_consultation(agency, editor=actor)
    else:
        with pytest.raises(PermissionDenied):
            services.consultation_create(actor=actor, agency=agency, data={})
    if role in ACTIONS["agency.edit"]:
        services.consultation_policy_update(
            actor=actor,
            agency=agency,
            default_period_days=40,
            minimum_period_days=20,
            outcome_due_weeks=8,
        )
        assert ConsultationPolicy.objects.get(agency=agency).minimum_period_days == 20
    else:
        with pytest.raises(PermissionDenied):
            services.consultation_policy_update(
                actor=actor,
                agency=agency,
                default_period_days=40,
                minimum_period_days=20,
                outcome_due_weeks=8,
            )


def test_staff_of_another_agency_cannot_move_it(agency, manager, other_agency):
    c = make_consultation(agency, editor=manager, phase=Phase.SCHEDULED)
    with pytest.raises(PermissionDenied):
        services.consultation_open(actor=make_staff(other_agency, Role.MANAGER), consultation=c)


def test_policy_refuses_a_default_shorter_than_the_floor(agency, manager):
    with pytest.raises(ValidationError) as error:
        services.consultation_policy_update(
            actor=manager,
            agency=agency,
            default_period_days=10,
            minimum_period_days=15,
            outcome_due_weeks=12,
        )
    assert "default_period_days" in error.value.message_dict


def test_periodic_task_opens_and_closes_on_time(agency, manager):
    from musharaka.consultations.tasks import open_and_close_due

    due = make_consultation(agency, editor=manager, phase=Phase.SCHEDULED)
    later = make_consultation(agency, editor=manager, phase=Phase.SCHEDULED, slug="later")
    ending = make_consultation(agency, editor=manager, phase=Phase.OPEN, slug="ending")
    past = timezone.now() - timedelta(minutes=1)
    Consultation.objects.filter(pk=due.pk).update(opens_at=past)
    Consultation.objects.filter(pk=ending.pk).update(closes_at=past)

    result = open_and_close_due.enqueue().return_value
    assert result == {"opened": 1, "closed": 1}
    due.refresh_from_db(), later.refresh_from_db(), ending.refresh_from_db()
    assert due.phase == Phase.OPEN and space_of(due).is_open
    assert later.phase == Phase.SCHEDULED
    assert ending.phase == Phase.CLOSED and not space_of(ending).is_open
    assert ending.closed_at == past
    assert ending.outcome_due_at == past + timedelta(weeks=12)
    system = AuditEvent.objects.filter(verb="consultation.close", target_id=str(ending.pk)).get()
    assert system.actor is None
    # Running again changes nothing.
    assert open_and_close_due.enqueue().return_value == {"opened": 0, "closed": 0}


def test_the_task_runs_every_five_minutes():
    assert ("musharaka.consultations.tasks.open_and_close_due", 300) in PERIODIC_TASKS


def test_the_task_does_not_close_before_the_end(agency, manager):
    c = make_consultation(agency, editor=manager, phase=Phase.OPEN)
    with pytest.raises(ValidationError):
        services.consultation_close(actor=None, consultation=c)


# --- Attachments ------------------------------------------------------------------------------


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    return buffer.getvalue()


DOCX = _zip({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF"


def test_attachments_accept_real_documents(agency, manager):
    c = make_consultation(agency, editor=manager)
    pdf = services.attachment_add(
        actor=manager, consultation=c, title="المسودة", upload=SimpleUploadedFile("d.pdf", PDF)
    )
    docx = services.attachment_add(
        actor=manager, consultation=c, title="Draft", upload=SimpleUploadedFile("d.docx", DOCX)
    )
    assert pdf.content_type == "application/pdf"
    assert docx.content_type.endswith("wordprocessingml.document")
    odt = _zip({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<x/>"})
    services.attachment_add(
        actor=manager, consultation=c, title="ODT", upload=SimpleUploadedFile("d.odt", odt)
    )
    services.attachment_remove(actor=manager, attachment=pdf)
    assert Attachment.objects.filter(consultation=c).count() == 2
    assert AuditEvent.objects.filter(verb="consultation.attachment_remove").exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("page.pdf", b"<html><script>alert(1)</script></html>"),  # not what the name says
        ("d.docx", PDF),  # a PDF named .docx
        (
            "d.docx",
            _zip({"[Content_Types].xml": b"", "word/x.xml": b"", "word/vbaProject.bin": b""}),
        ),
        ("d.exe", PDF),
        ("page.html", b"<html></html>"),
        ("d.xlsx", DOCX),  # a Word file named .xlsx
    ],
)
def test_attachments_refuse_what_the_bytes_do_not_support(agency, manager, name, content):
    c = make_consultation(agency, editor=manager)
    with pytest.raises(ValidationError) as error:
        services.attachment_add(
            actor=manager, consultation=c, title="x", upload=SimpleUploadedFile(name, content)
        )
    assert "file" in error.value.message_dict
    assert not Attachment.objects.exists()


def test_attachments_refuse_more_than_ten_megabytes(agency, manager):
    c = make_consultation(agency, editor=manager)
    big = SimpleUploadedFile("big.pdf", PDF + b"0" * (10 * 1024 * 1024))
    with pytest.raises(ValidationError, match="10 MB"):
        services.attachment_add(actor=manager, consultation=c, title="big", upload=big)


def test_only_content_editors_attach(agency, manager):
    c = make_consultation(agency, editor=manager)
    with pytest.raises(PermissionDenied):
        services.attachment_add(
            actor=make_staff(agency, Role.MODERATOR, totp=False),
            consultation=c,
            title="x",
            upload=SimpleUploadedFile("d.pdf", PDF),
        )
