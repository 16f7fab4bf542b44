"""Direct communication with officials: inboxes, requests (questions, suggestions, complaints…),
the conversation on each, and what runs an agency's service levels.

A ``Request`` is private between its citizen and the staff of its inbox's team (plus the people
of the inbox's escalation chain and the agency's managers). Its deadline is counted in the
agency's working hours (``WorkCalendar``) and stops while the agency waits for the citizen.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from musharaka.core.bilingual import BilingualMixin
from musharaka.core.models import Agency


def _default_working_days() -> list[int]:
    return [6, 0, 1, 2, 3]  # Python weekdays: Sunday to Thursday


class WorkCalendar(models.Model):
    """When an agency works: days, hours, and whether Saudi public holidays (from the
    ``holidays`` library) apply. Extra closures and working days are ``CalendarDay`` rows."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="work_calendar")
    working_days = models.JSONField(_("working days"), default=_default_working_days)
    day_starts = models.TimeField(_("working day starts"), default="08:00")
    day_ends = models.TimeField(_("working day ends"), default="15:00")
    national_holidays = models.BooleanField(_("observe Saudi public holidays"), default=True)

    def __str__(self) -> str:
        return str(self.agency)


class CalendarDay(models.Model):
    """An agency's own exception: a closure (``working=False``) or a working day on a holiday."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="calendar_days")
    date = models.DateField(_("date"))
    working = models.BooleanField(_("a working day"), default=False)
    name = models.CharField(_("name"), max_length=200, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["agency", "date"], name="one_calendar_day_per_date")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.name}"


class Inbox(BilingualMixin, models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="inboxes")
    slug = models.SlugField(_("short name in the address"), max_length=80)
    name_ar = models.CharField(_("name (Arabic)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    purpose_ar = models.TextField(_("purpose (Arabic)"), blank=True)
    purpose_en = models.TextField(_("purpose (English)"), blank=True)
    response_hours = models.PositiveIntegerField(_("answer within (working hours)"), default=40)
    warn_hours = models.PositiveIntegerField(
        _("warn when this many working hours are left"), default=8
    )
    escalation_step_hours = models.PositiveIntegerField(
        _("escalate one level further every (working hours overdue)"), default=8
    )
    answers_publishable = models.BooleanField(
        _("answers may be published (with the asker's consent)"), default=False
    )
    is_active = models.BooleanField(_("accepting requests"), default=True)
    team = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="inboxes", verbose_name=_("team")
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inbox")
        verbose_name_plural = _("inboxes")
        ordering = ["agency", "id"]
        constraints = [models.UniqueConstraint(fields=["agency", "slug"], name="unique_inbox_slug")]

    def __str__(self) -> str:
        return self.name_ar


class EscalationLevel(models.Model):
    """Level 1 is told first when a request nears or passes its deadline; each later level
    is told as the delay grows (``Inbox.escalation_step_hours`` per level)."""

    inbox = models.ForeignKey(Inbox, on_delete=models.CASCADE, related_name="escalation_levels")
    level = models.PositiveSmallIntegerField()
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        ordering = ["inbox", "level"]
        constraints = [
            models.UniqueConstraint(fields=["inbox", "level"], name="one_person_per_level")
        ]

    def __str__(self) -> str:
        return f"{self.inbox_id}:{self.level}"


class Kind(models.TextChoices):
    QUESTION = "question", _("Question")
    SUGGESTION = "suggestion", _("Suggestion")
    COMPLAINT = "complaint", _("Complaint")
    PRAISE = "praise", _("Praise")
    REPORT = "report", _("Report")


class RoutingRule(models.Model):
    """Requests of a kind and/or containing a keyword go to a responder (first matching rule
    by position); unmatched ones wait in the inbox's team queue."""

    inbox = models.ForeignKey(Inbox, on_delete=models.CASCADE, related_name="routing_rules")
    position = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, blank=True)
    keywords = models.CharField(
        _("keywords (comma-separated; any one matches)"), max_length=500, blank=True
    )
    assign_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("assign to"),
    )

    class Meta:
        ordering = ["inbox", "position", "id"]

    def __str__(self) -> str:
        return f"{self.inbox_id}:{self.position}"


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Returned for more information")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")
    TRANSFERRED = "transferred", _("Transferred to another agency")


OPEN_STATUSES = (Status.RECEIVED, Status.ASSIGNED, Status.IN_PROGRESS)
# The clock runs in these; it stops while waiting for the citizen and after the answer.
CLOCK_STATUSES = OPEN_STATUSES


class Request(models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="requests")
    inbox = models.ForeignKey(Inbox, on_delete=models.PROTECT, related_name="requests")
    number = models.CharField(_("tracking number"), max_length=20, unique=True, null=True)
    citizen = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contact_requests"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    consent_publish = models.BooleanField(
        _("the answer may be published without my name"), default=False
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.RECEIVED
    )
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="assigned_requests",
    )
    # Service level: the deadline while the clock runs; the working seconds left while paused.
    due_at = models.DateTimeField(_("answer due"), null=True, blank=True)
    remaining_seconds = models.IntegerField(null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(default=0)
    warned = models.BooleanField(default=False)
    first_response_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    # Kept for reports: ``due_at`` is cleared once answered, so whether the answer came after
    # the deadline is recorded when it is given.
    answered_late = models.BooleanField(default=False)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Kept for reports, in the agency's working seconds like the deadlines, and recorded when
    # each moment happens: from arrival to the first response (an answer or a request for more
    # information), to the answer (``answered_at``) and to closing (``closed_at``), less the
    # working time spent returned to the citizen for more information (the clock's pauses).
    first_response_working_seconds = models.PositiveIntegerField(null=True, blank=True)
    answer_working_seconds = models.PositiveIntegerField(null=True, blank=True)
    close_working_seconds = models.PositiveIntegerField(null=True, blank=True)
    # The pauses so far: when the current one began (while ``waiting``), and the working
    # seconds of those that ended.
    waiting_since = models.DateTimeField(null=True, blank=True)
    waiting_working_seconds = models.PositiveIntegerField(default=0)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rating_comment = models.TextField(blank=True)
    reopen_count = models.PositiveSmallIntegerField(default=0)
    merged_into = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="merged"
    )
    transferred_to = models.OneToOneField(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="transferred_from"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("request")
        verbose_name_plural = _("requests")
        indexes = [
            models.Index(fields=["inbox", "status", "due_at"]),
            models.Index(fields=["assigned_to", "status", "due_at"]),
            # The dashboard (dashboard.py) reads one range of each of these four, and each
            # holds every column its query needs, so the table is not read (tested at 200,000
            # requests by bench/contact.py).
            models.Index(
                fields=["agency", "status", "created_at", "assigned_to", "due_at", "inbox"],
                name="contact_req_by_status",
            ),
            models.Index(
                fields=["agency", "first_response_at", "first_response_working_seconds", "inbox"],
                name="contact_req_first_work",
            ),
            models.Index(
                fields=[
                    "agency",
                    "answered_at",
                    "answer_working_seconds",
                    "assigned_to",
                    "answered_late",
                    "rating",
                    "inbox",
                ],
                name="contact_req_answered_work",
            ),
            models.Index(
                fields=[
                    "agency",
                    "status",
                    "closed_at",
                    "close_working_seconds",
                    "merged_into",
                    "inbox",
                ],
                name="contact_req_closed_work",
            ),
            models.Index(fields=["citizen", "created_at"]),
            models.Index(
                fields=["due_at"],
                name="contact_open_due",
                condition=Q(status__in=["received", "assigned", "in_progress"]),
            ),
        ]

    def __str__(self) -> str:
        return self.number or f"#{self.pk}"


class MessageRole(models.TextChoices):
    CITIZEN = "citizen", _("Citizen")
    STAFF = "staff", _("Agency")
    NOTE = "note", _("Internal note")
    SYSTEM = "system", _("Platform")


class Message(models.Model):
    """One entry of a request's conversation. Internal notes are never shown to the citizen."""

    request = models.ForeignKey(Request, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    role = models.CharField(max_length=8, choices=MessageRole.choices)
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["request", "created_at"])]

    def __str__(self) -> str:
        return f"{self.request_id}:{self.role}"


class MessageAttachment(models.Model):
    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(upload_to="contact/%Y/%m/")
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()

    def __str__(self) -> str:
        return self.name


class ReplyTemplate(BilingualMixin, models.Model):
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="reply_templates")
    title_ar = models.CharField(_("title (Arabic)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    body_ar = models.TextField(_("text (Arabic)"))
    body_en = models.TextField(_("text (English)"), blank=True)

    class Meta:
        ordering = ["agency", "title_ar"]

    def __str__(self) -> str:
        return self.title_ar


class PublishedAnswer(models.Model):
    """An answered question shown on the agency's public Q&A page, with the asker's consent:
    the question as staff anonymised it, which then goes through the shared moderation
    pipeline (personal data masked, pre-moderated), and the agency's answer."""

    request = models.OneToOneField(
        Request, on_delete=models.CASCADE, related_name="published_answer"
    )
    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    question = models.TextField(_("question, without personal details"))
    answer = models.TextField(_("answer"))
    contribution = models.ForeignKey(
        "participation.Contribution", on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.question[:60]
