"""Every write of direct communication: a citizen's request and replies, the agency's answers,
assignments, pauses while waiting for the citizen, reopening, rating, merging, transfers, and
the scheduled escalation scan.

Deadlines are working time (``calendar.py``): the clock runs while the request is with the
agency and stops while the agency waits for the citizen (the working seconds left are kept and
spent again from the citizen's reply). The working time to the first response, the answer and
closing is recorded as each happens, counted the same way (``_worked``), for the dashboard.
Staff actions are audited; reading a request is too (``request_open``), because requests are
private.
"""

from datetime import datetime, timedelta

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Count
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from musharaka.contact import selectors
from musharaka.contact.calendar import (
    WorkingTime,
    add_working_seconds,
    subtract_working_seconds,
    working_seconds_between,
)
from musharaka.contact.models import (
    CLOCK_STATUSES,
    OPEN_STATUSES,
    Inbox,
    Kind,
    Message,
    MessageAttachment,
    MessageRole,
    PublishedAnswer,
    Request,
    Status,
)
from musharaka.core import files
from musharaka.core.arabic import normalize_key
from musharaka.core.audit import audit_record
from musharaka.core.models import User
from musharaka.notifications.services import notify
from musharaka.participation import ratelimit
from musharaka.participation.selectors import current_rules
from musharaka.participation.services import contribution_submit, space_get_or_create

CHANNEL = "contact"
REOPEN_DAYS = 14
SUBJECT_MAX = 200
BODY_MAX = 5000
ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
ATTACHMENTS_MAX = 3
ATTACHMENT_KINDS = ("pdf", "jpg", "png", "docx", "xlsx")
REQUESTS_PER_HOUR = {"limit": 10, "period": 3600}
HANDLED_STATUSES = (*OPEN_STATUSES, Status.WAITING)


def _citizen_url(request: Request) -> str:
    return reverse("contact:request", args=[request.number])


def _staff_url(request: Request) -> str:
    return reverse("workspace:contact_request", args=[request.agency.slug, request.pk])


def _clean_text(value: str, *, field: str, limit: int, empty: str) -> str:
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: empty})
    if len(value) > limit:
        raise ValidationError(
            {
                field: _("Keep it within %(limit)d characters (it has %(n)d).")
                % {"limit": limit, "n": len(value)}
            }
        )
    if any(ord(c) < 32 and c not in "\n\r\t" for c in value) or any(
        c in value for c in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
    ):
        raise ValidationError({field: _("The text contains characters that cannot be stored.")})
    return value


def _check_files(uploads: list[UploadedFile]) -> list[tuple[UploadedFile, str]]:
    """Each file's real kind, or a refusal naming the file and what is wrong with it."""
    if len(uploads) > ATTACHMENTS_MAX:
        raise ValidationError({"files": _("Attach at most %(n)d files.") % {"n": ATTACHMENTS_MAX}})
    checked = []
    for upload in uploads:
        extension = files.extension_of(upload.name)
        if upload.size > ATTACHMENT_MAX_BYTES:
            problem = _("“%(name)s” is larger than 5 MB.")
        elif extension not in ATTACHMENT_KINDS or files.detect(upload) != extension:
            problem = _(
                "“%(name)s” is not a PDF, JPEG, PNG, Word (DOCX) or Excel (XLSX) file "
                "(or it contains macros)."
            )
        else:
            checked.append((upload, extension))
            continue
        raise ValidationError({"files": problem % {"name": upload.name[:80]}})
    return checked


def _message(
    request: Request,
    *,
    role: str,
    body: str,
    author: User | None,
    uploads: list[tuple[UploadedFile, str]] = (),
) -> Message:
    message = Message.objects.create(request=request, role=role, body=body, author=author)
    for upload, extension in uploads:
        stem = slugify(upload.name.rsplit(".", 1)[0])[:60] or "file"
        name = upload.name[:200]
        upload.name = f"{stem}.{extension}"
        MessageAttachment.objects.create(
            message=message,
            file=upload,
            name=name,
            content_type=files.content_type(extension),
            size=upload.size,
        )
    return message


def _route(inbox: Inbox, kind: str, subject: str, body: str) -> User | None:
    """The responder of the first routing rule that matches the kind and/or a keyword."""
    text = normalize_key(f"{subject} {body}")
    for rule in inbox.routing_rules.select_related("assign_to"):
        if rule.kind and rule.kind != kind:
            continue
        words = [normalize_key(w) for w in rule.keywords.split(",") if w.strip()]
        if words and not any(w in text for w in words):
            continue
        return rule.assign_to
    return None


def _deadline(
    request: Request, start: datetime, seconds: int, calendar: WorkingTime | None = None
) -> datetime:
    calendar = calendar or selectors.working_time(agency=request.agency)
    if seconds >= 0:
        return add_working_seconds(start, seconds, calendar)
    return subtract_working_seconds(start, -seconds, calendar)


@transaction.atomic
def request_submit(
    *,
    actor: User,
    inbox: Inbox,
    kind: str,
    subject: str,
    body: str,
    consent_publish: bool = False,
    uploads: list[UploadedFile] | None = None,
    ip: str | None = None,
) -> Request:
    """A citizen's request: it gets its tracking number at once, is routed, and its deadline
    is set from the inbox's service level in the agency's working hours."""
    if not actor.is_authenticated or not actor.is_active:
        raise PermissionDenied(_("Sign in to send a request."))
    if not inbox.is_active or not inbox.agency.is_active:
        raise ValidationError(_("This inbox is not taking requests at the moment."))
    errors: dict[str, str] = {}
    if kind not in Kind.values:
        errors["kind"] = _("Choose what kind of request this is.")
    for name, value, limit, empty in [
        ("subject", subject, SUBJECT_MAX, _("Give your request a subject.")),
        ("body", body, BODY_MAX, _("Write your request.")),
    ]:
        try:
            _clean_text(value, field=name, limit=limit, empty=empty)
        except ValidationError as error:
            errors.update({k: v[0] for k, v in error.message_dict.items()})
    if errors:
        raise ValidationError(errors)
    checked = _check_files(uploads or [])
    if not ratelimit.hit(f"contact:user:{actor.pk}", **REQUESTS_PER_HOUR) or (
        ip and not ratelimit.hit(f"contact:ip:{ip}", limit=30, period=3600)
    ):
        raise ValidationError(
            _("You have sent many requests in the last hour. Please wait before sending more.")
        )
    assignee = _route(inbox, kind, subject, body)
    request = Request.objects.create(
        agency=inbox.agency,
        inbox=inbox,
        citizen=actor,
        kind=kind,
        subject=subject.strip(),
        body=body.strip(),
        consent_publish=bool(consent_publish),
        status=Status.ASSIGNED if assignee else Status.RECEIVED,
        assigned_to=assignee,
    )
    request.number = tracking_number(request)
    request.due_at = _deadline(request, timezone.now(), inbox.response_hours * 3600)
    request.save(update_fields=["number", "due_at"])
    _message(request, role=MessageRole.CITIZEN, body=request.body, author=actor, uploads=checked)
    notify(
        recipient=actor,
        kind="contact_request_received",
        context={"request": request},
        url=_citizen_url(request),
    )
    if assignee is not None:
        notify(
            recipient=assignee,
            kind="contact_assigned",
            context={"request": request},
            url=_staff_url(request),
        )
    return request


def tracking_number(request: Request) -> str:
    """Readable and unique, Western digits: year, then the request's serial (e.g. 2026-0004521)."""
    return f"{timezone.localtime(request.created_at).year}-{request.pk:07d}"


def _require(actor: User, rule: str, request: Request) -> None:
    if not rules.test_rule(rule, actor, request):
        raise PermissionDenied(_("You cannot do this with this request."))


@transaction.atomic
def request_open(*, actor: User, request: Request) -> Request:
    """A staff member reads a request: allowed to the inbox's people only (404 otherwise, so
    its existence is not revealed), and recorded in the audit trail."""
    if not rules.test_rule("contact.handle", actor, request):
        raise Http404
    audit_record(actor=actor, verb="contact.request_read", target=request)
    return request


@transaction.atomic
def request_assign(*, actor: User, request: Request, assignee: User) -> Request:
    """Managers assign to any member of the inbox's team; a team member may take an
    unassigned request for themselves."""
    taking = assignee.pk == actor.pk and request.assigned_to_id is None
    if not (taking and rules.test_rule("contact.handle", actor, request)):
        _require(actor, "contact.assign", request)
    if request.status not in HANDLED_STATUSES:
        raise ValidationError(_("Only requests still being handled can be assigned."))
    if not request.inbox.team.filter(pk=assignee.pk).exists() and not rules.test_rule(
        "contact.handle", assignee, request
    ):
        raise ValidationError({"assignee": _("Choose a member of this inbox's team.")})
    before = request.assigned_to_id
    request.assigned_to = assignee
    if request.status == Status.RECEIVED:
        request.status = Status.ASSIGNED
    request.save(update_fields=["assigned_to", "status", "updated_at"])
    audit_record(
        actor=actor,
        verb="contact.assign",
        target=request,
        changes={"assigned_to": [before, assignee.pk]},
    )
    if assignee.pk != actor.pk:
        notify(
            recipient=assignee,
            kind="contact_assigned",
            context={"request": request},
            url=_staff_url(request),
        )
    return request


def _staff_action(actor: User, request: Request, *, allowed: tuple[str, ...]) -> None:
    _require(actor, "contact.handle", request)
    if request.status not in allowed:
        raise ValidationError(
            _("This cannot be done while the request is “%(status)s”.")
            % {"status": Status(request.status).label}
        )


@transaction.atomic
def request_start(*, actor: User, request: Request) -> Request:
    _staff_action(actor, request, allowed=(Status.RECEIVED, Status.ASSIGNED))
    if request.assigned_to_id is None:
        request.assigned_to = actor
    request.status = Status.IN_PROGRESS
    request.save(update_fields=["status", "assigned_to", "updated_at"])
    audit_record(actor=actor, verb="contact.start", target=request)
    return request


@transaction.atomic
def request_note(*, actor: User, request: Request, body: str) -> Message:
    """An internal note: never shown to the citizen."""
    _require(actor, "contact.handle", request)
    body = _clean_text(body, field="body", limit=BODY_MAX, empty=_("Write the note."))
    message = _message(request, role=MessageRole.NOTE, body=body, author=actor)
    audit_record(actor=actor, verb="contact.note", target=request)
    return message


def _worked(request: Request, now: datetime, calendar: WorkingTime) -> int:
    """Working seconds from the request's arrival to ``now``, less those it spent returned to
    the citizen for more information: what the deadline counts (for a reopened request, the
    time between an earlier answer and the reopening counts too)."""
    paused = request.waiting_working_seconds
    if request.waiting_since is not None:
        paused += working_seconds_between(request.waiting_since, now, calendar)
    return max(working_seconds_between(request.created_at, now, calendar) - paused, 0)


def _end_pause(request: Request, now: datetime, calendar: WorkingTime) -> None:
    """The request is no longer waiting for the citizen: its pause is added to the total."""
    if request.waiting_since is not None:
        request.waiting_working_seconds += max(
            working_seconds_between(request.waiting_since, now, calendar), 0
        )
        request.waiting_since = None


def _first_response(request: Request, now: datetime, calendar: WorkingTime) -> None:
    if request.first_response_at is None:
        request.first_response_at = now
        request.first_response_working_seconds = _worked(request, now, calendar)


def _close(request: Request, now: datetime) -> None:
    """Closed now (answered and rated or closed by staff, merged or transferred), with the
    working time it took recorded for the dashboard."""
    calendar = selectors.working_time(agency=request.agency)
    _end_pause(request, now, calendar)
    request.closed_at = now
    request.close_working_seconds = _worked(request, now, calendar)


@transaction.atomic
def request_answer(
    *, actor: User, request: Request, body: str, uploads: list[UploadedFile] | None = None
) -> Message:
    """The agency's answer: the clock stops, and the citizen may rate it, reply, or reopen it
    within 14 days."""
    _staff_action(actor, request, allowed=OPEN_STATUSES)
    body = _clean_text(body, field="body", limit=BODY_MAX, empty=_("Write the answer."))
    checked = _check_files(uploads or [])
    now = timezone.now()
    message = _message(request, role=MessageRole.STAFF, body=body, author=actor, uploads=checked)
    calendar = selectors.working_time(agency=request.agency)
    _first_response(request, now, calendar)
    request.answered_late = request.due_at is not None and now > request.due_at
    request.status, request.answered_at, request.due_at = Status.ANSWERED, now, None
    request.answer_working_seconds = _worked(request, now, calendar)
    request.remaining_seconds = None
    if request.assigned_to_id is None:
        request.assigned_to = actor
    request.save()
    audit_record(actor=actor, verb="contact.answer", target=request)
    notify(
        recipient=request.citizen,
        kind="contact_answered",
        context={"request": request},
        url=_citizen_url(request),
    )
    return message


@transaction.atomic
def request_ask_information(*, actor: User, request: Request, body: str) -> Message:
    """Return the request to the citizen for more information: the clock stops, keeping the
    working time left, until they reply."""
    _staff_action(actor, request, allowed=OPEN_STATUSES)
    body = _clean_text(
        body, field="body", limit=BODY_MAX, empty=_("Say what information is needed.")
    )
    now = timezone.now()
    message = _message(request, role=MessageRole.STAFF, body=body, author=actor)
    calendar = selectors.working_time(agency=request.agency)
    _first_response(request, now, calendar)
    request.remaining_seconds = working_seconds_between(now, request.due_at, calendar)
    request.status, request.due_at = Status.WAITING, None
    request.waiting_since = now
    request.save()
    audit_record(actor=actor, verb="contact.ask_information", target=request)
    notify(
        recipient=request.citizen,
        kind="contact_information_needed",
        context={"request": request},
        url=_citizen_url(request),
    )
    return message


def reopen_deadline(request: Request) -> datetime | None:
    return request.answered_at + timedelta(days=REOPEN_DAYS) if request.answered_at else None


@transaction.atomic
def citizen_reply(
    *, actor: User, request: Request, body: str, uploads: list[UploadedFile] | None = None
) -> Message:
    """The citizen adds to their request. A reply to a request waiting for them restarts the
    clock with the working time that was left."""
    _require(actor, "contact.follow", request)
    if request.status in (Status.CLOSED, Status.TRANSFERRED):
        raise ValidationError(
            _("This request is closed. You can reopen it within 14 days of the answer.")
        )
    body = _clean_text(body, field="body", limit=BODY_MAX, empty=_("Write your reply."))
    checked = _check_files(uploads or [])
    message = _message(request, role=MessageRole.CITIZEN, body=body, author=actor, uploads=checked)
    if request.status == Status.WAITING:
        now = timezone.now()
        calendar = selectors.working_time(agency=request.agency)
        _end_pause(request, now, calendar)
        request.due_at = _deadline(request, now, request.remaining_seconds or 0, calendar)
        request.remaining_seconds = None
        request.status = Status.IN_PROGRESS if request.assigned_to_id else Status.RECEIVED
        request.warned = False
        request.save()
    if request.assigned_to_id:
        notify(
            recipient=request.assigned_to,
            kind="contact_citizen_replied",
            context={"request": request},
            url=_staff_url(request),
        )
    return message


@transaction.atomic
def request_reopen(*, actor: User, request: Request, reason: str) -> Request:
    """Not satisfied: within 14 days of the answer the citizen reopens it, with a new deadline."""
    _require(actor, "contact.follow", request)
    deadline = reopen_deadline(request)
    if request.status not in (Status.ANSWERED, Status.CLOSED) or request.merged_into_id:
        raise ValidationError(_("Only an answered request can be reopened."))
    if deadline is None or timezone.now() > deadline:
        raise ValidationError(_("The 14 days to reopen this request have passed; send a new one."))
    reason = _clean_text(
        reason, field="body", limit=BODY_MAX, empty=_("Say why the answer did not help.")
    )
    _message(request, role=MessageRole.CITIZEN, body=reason, author=actor)
    request.status = Status.IN_PROGRESS if request.assigned_to_id else Status.RECEIVED
    request.reopen_count += 1
    request.closed_at = request.close_working_seconds = None
    request.warned = False
    request.escalation_level = 0
    request.due_at = _deadline(request, timezone.now(), request.inbox.response_hours * 3600)
    request.save()
    if request.assigned_to_id:
        notify(
            recipient=request.assigned_to,
            kind="contact_citizen_replied",
            context={"request": request},
            url=_staff_url(request),
        )
    return request


@transaction.atomic
def request_rate(*, actor: User, request: Request, rating: int, comment: str = "") -> Request:
    """The citizen rates the answer (1–5); an answered request is then closed."""
    _require(actor, "contact.follow", request)
    if request.status not in (Status.ANSWERED, Status.CLOSED) or request.answered_at is None:
        raise ValidationError(_("You can rate the answer once the agency has answered."))
    if rating not in range(1, 6):
        raise ValidationError({"rating": _("Choose a rating from 1 to 5.")})
    request.rating, request.rating_comment = rating, (comment or "").strip()[:BODY_MAX]
    if request.status == Status.ANSWERED:
        request.status = Status.CLOSED
        _close(request, timezone.now())
    request.save()
    return request


@transaction.atomic
def request_close(*, actor: User, request: Request) -> Request:
    """Staff close an answered request (the citizen may still reopen it within 14 days)."""
    _staff_action(actor, request, allowed=(Status.ANSWERED,))
    request.status = Status.CLOSED
    _close(request, timezone.now())
    request.save(
        update_fields=[
            "status",
            "closed_at",
            "close_working_seconds",
            "waiting_since",
            "waiting_working_seconds",
            "updated_at",
        ]
    )
    audit_record(actor=actor, verb="contact.close", target=request)
    return request


@transaction.atomic
def request_merge(*, actor: User, duplicate: Request, into: Request) -> Request:
    """A citizen's repeated request joins their earlier one: it is closed with a pointer, its
    messages stay readable, and the citizen is told which number to follow."""
    _staff_action(actor, duplicate, allowed=HANDLED_STATUSES)
    _require(actor, "contact.handle", into)
    if duplicate.pk == into.pk or into.merged_into_id:
        raise ValidationError({"into": _("Choose another request to merge into.")})
    if duplicate.citizen_id != into.citizen_id or duplicate.agency_id != into.agency_id:
        raise ValidationError(
            {"into": _("Only requests of the same citizen to this agency can be merged.")}
        )
    _message(
        duplicate,
        role=MessageRole.SYSTEM,
        body=_("Merged into request %(number)s, where it will be answered.")
        % {"number": into.number},
        author=actor,
    )
    _message(
        into,
        role=MessageRole.SYSTEM,
        body=_("Request %(number)s was merged into this one.") % {"number": duplicate.number},
        author=actor,
    )
    duplicate.status, duplicate.merged_into = Status.CLOSED, into
    _close(duplicate, timezone.now())
    duplicate.due_at = None
    duplicate.save()
    audit_record(actor=actor, verb="contact.merge", target=duplicate, changes={"into": into.number})
    notify(
        recipient=duplicate.citizen,
        kind="contact_merged",
        context={"request": duplicate, "into": into},
        url=_citizen_url(into),
    )
    return into


@transaction.atomic
def request_transfer(*, actor: User, request: Request, to_inbox: Inbox, reason: str) -> Request:
    """Send the request to another agency's inbox: a new request there, with the conversation
    (not the internal notes) travelling along; the citizen is told the new number."""
    _staff_action(actor, request, allowed=HANDLED_STATUSES)
    if to_inbox.agency_id == request.agency_id:
        raise ValidationError({"to_inbox": _("Choose an inbox of another agency.")})
    if not to_inbox.is_active or not to_inbox.agency.is_active:
        raise ValidationError({"to_inbox": _("That inbox is not taking requests.")})
    reason = _clean_text(
        reason, field="reason", limit=BODY_MAX, empty=_("Say why it is transferred.")
    )
    moved = Request.objects.create(
        agency=to_inbox.agency,
        inbox=to_inbox,
        citizen=request.citizen,
        kind=request.kind,
        subject=request.subject,
        body=request.body,
        consent_publish=request.consent_publish,
        assigned_to=_route(to_inbox, request.kind, request.subject, request.body),
    )
    moved.status = Status.ASSIGNED if moved.assigned_to_id else Status.RECEIVED
    moved.number = tracking_number(moved)
    moved.due_at = _deadline(moved, timezone.now(), to_inbox.response_hours * 3600)
    moved.save()
    history = [
        Message(request=moved, role=m.role, body=m.body, author_id=m.author_id)
        for m in request.messages.exclude(role=MessageRole.NOTE)
    ]
    Message.objects.bulk_create(history)
    note = _("Transferred from %(agency)s (request %(number)s): %(reason)s") % {
        "agency": request.agency.name_ar,
        "number": request.number,
        "reason": reason,
    }
    _message(moved, role=MessageRole.SYSTEM, body=note, author=actor)
    _message(
        request,
        role=MessageRole.SYSTEM,
        body=_("Transferred to %(agency)s as request %(number)s.")
        % {"agency": to_inbox.agency.name_ar, "number": moved.number},
        author=actor,
    )
    request.status, request.transferred_to, request.due_at = Status.TRANSFERRED, moved, None
    _close(request, timezone.now())
    request.save()
    audit_record(
        actor=actor,
        verb="contact.transfer",
        target=request,
        changes={"to": moved.number, "agency": to_inbox.agency.slug},
    )
    notify(
        recipient=request.citizen,
        kind="contact_transferred",
        context={"request": request, "moved": moved},
        url=_citizen_url(moved),
    )
    return moved


# --- The escalation scan ----------------------------------------------------------------------


def escalation_scan(*, now: datetime | None = None) -> dict[str, int]:
    """Warn about requests nearing their deadline and escalate overdue ones one level of the
    inbox's chain per ``escalation_step_hours`` overdue. One query per inbox and level (never
    one per request), and one notification per person per scan, listing how many."""
    now = now or timezone.now()
    warned = escalated = 0
    told: dict[int, int] = {}
    inboxes = Inbox.objects.select_related("agency").prefetch_related("escalation_levels")
    for inbox in inboxes:
        calendar = selectors.working_time(agency=inbox.agency)
        running = Request.objects.filter(inbox=inbox, status__in=CLOCK_STATUSES)
        levels = list(inbox.escalation_levels.all())
        soon = add_working_seconds(now, inbox.warn_hours * 3600, calendar)
        with transaction.atomic():
            nearing = running.filter(warned=False, due_at__gt=now, due_at__lte=soon)
            for assignee_id, count in _count_by(nearing, "assigned_to"):
                person = assignee_id or (levels[0].person_id if levels else None)
                if person:
                    told[person] = told.get(person, 0) + count
            warned += nearing.update(warned=True)
            for level in levels:
                overdue_by = (level.level - 1) * inbox.escalation_step_hours * 3600
                threshold = (
                    subtract_working_seconds(now, overdue_by, calendar) if overdue_by else now
                )
                due = running.filter(due_at__lte=threshold, escalation_level__lt=level.level)
                n = due.update(escalation_level=level.level)
                if n:
                    told[level.person_id] = told.get(level.person_id, 0) + n
                    escalated += n
    for person in User.objects.filter(pk__in=told):
        notify(
            recipient=person,
            kind="contact_escalated",
            context={"count": told[person.pk]},
            url=reverse("workspace:index"),
        )
    return {"warned": warned, "escalated": escalated, "people_told": len(told)}


def _count_by(queryset, field: str):
    return queryset.values_list(field).annotate(n=Count("id")).order_by()


# --- The public Q&A ---------------------------------------------------------------------------


@transaction.atomic
def answer_publish(*, actor: User, request: Request, question: str, answer: str) -> PublishedAnswer:
    """Put an answered question on the agency's public Q&A page, when the asker consented and
    the inbox allows it. The question (as staff rewrote it without personal details) goes
    through the shared pipeline: masked, and shown only once a moderator publishes it."""
    _staff_action(actor, request, allowed=(Status.ANSWERED, Status.CLOSED))
    if not (request.consent_publish and request.inbox.answers_publishable):
        raise ValidationError(_("The asker did not agree to publishing, or this inbox does not."))
    if PublishedAnswer.objects.filter(request=request).exists():
        raise ValidationError(_("This answer is already on the public page."))
    question = _clean_text(
        question, field="question", limit=BODY_MAX, empty=_("Write the question.")
    )
    answer = _clean_text(answer, field="answer", limit=BODY_MAX, empty=_("Write the answer."))
    space = space_get_or_create(
        agency=request.agency,
        channel=CHANNEL,
        owner=request.agency,
        title_ar="الأسئلة والأجوبة",
        title_en="Questions and answers",
        url=reverse("contact:qa", args=[request.agency.slug]),
        regulation=True,  # the stricter default: pre-moderated unless the agency chose otherwise
    )
    contribution = contribution_submit(
        actor=actor,
        space=space,
        body=question,
        accepted_rules=current_rules(agency=request.agency),
        extra={"contact_request": request.pk},
    )
    published = PublishedAnswer.objects.create(
        request=request,
        agency=request.agency,
        question=question,
        answer=answer,
        contribution=contribution,
        created_by=actor,
    )
    audit_record(actor=actor, verb="contact.answer_publish", target=request)
    return published
