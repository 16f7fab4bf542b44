"""Public reads of polls and surveys: the index, one poll with its questions, a respondent's
response and saved answers, and the ``open_now`` provider.

The public sees published polls of active agencies only; drafts are found for the agency's
authors (``content.edit``) who preview them.
"""

from datetime import datetime

import rules
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from musharaka.core.models import Agency, User
from musharaka.core.open_now import OpenItem
from musharaka.polls import answers as answer_values
from musharaka.polls.models import (
    Answer,
    Phase,
    Poll,
    PollKind,
    Question,
    Response,
    ResponseStatus,
    ResultsPolicy,
)

INDEX_PER_PAGE = 20
INDEX_SECTIONS = ("open", "scheduled", "closed")


def _public() -> QuerySet[Poll]:
    return Poll.objects.filter(published_at__isnull=False, agency__is_active=True).select_related(
        "agency"
    )


def polls_index(
    *, agency: Agency | None = None, pages: dict[str, str | None], now: datetime | None = None
) -> dict[str, Page]:
    """One page of each section: open (closing soonest first), scheduled (opening soonest
    first) and closed (latest first). Two queries a section, whatever the number of polls."""
    now = now or timezone.now()
    found = _public()
    if agency is not None:
        found = found.filter(agency=agency)
    sections = {
        "open": found.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at", "id"),
        "scheduled": found.filter(opens_at__gt=now).order_by("opens_at", "id"),
        "closed": found.filter(closes_at__lte=now).order_by("-closes_at", "-id"),
    }
    return {
        name: Paginator(query, INDEX_PER_PAGE).get_page(pages.get(name))
        for name, query in sections.items()
    }


def answered_poll_ids(*, user: User, polls: list[Poll]) -> set[int]:
    """Which of these polls the signed-in user has answered (one query; none if anonymous)."""
    if not user.is_authenticated or not polls:
        return set()
    return set(
        Response.objects.filter(
            respondent=user, status=ResponseStatus.SUBMITTED, poll__in=[p.pk for p in polls]
        ).values_list("poll_id", flat=True)
    )


def may_preview(*, user: User, poll: Poll) -> bool:
    """The agency's authors may open any of its polls, drafts included, as a preview."""
    return rules.test_rule("core.content.edit", user, poll.agency)


def public_poll(*, agency_slug: str, slug: str, user: User, preview: bool = False) -> Poll:
    """The poll behind a public address, or 404. Drafts are found only when its author asks
    for a preview; for everyone else they do not exist."""
    found = (
        Poll.objects.filter(agency__slug=agency_slug, agency__is_active=True, slug=slug)
        .select_related("agency")
        .first()
    )
    if found is None:
        raise Http404
    if found.published_at is None and not (preview and may_preview(user=user, poll=found)):
        raise Http404
    return found


def poll_questions(*, poll: Poll) -> list[Question]:
    """Every question in page order with its options and its condition's option (two queries)."""
    return list(
        Question.objects.filter(poll=poll)
        .select_related("show_if", "show_if__question")
        .prefetch_related("options")
        .order_by("page", "position", "id")
    )


def poll_pages(*, questions: list[Question]) -> list[int]:
    """The page numbers in use, in order (a poll without questions has page 1)."""
    return sorted({q.page for q in questions}) or [1]


def respondent_response(*, poll: Poll, user: User, token: str = "") -> Response | None:
    """The respondent's response, found from their account or their browser's token, never
    from anything the form sends."""
    if user.is_authenticated:
        return Response.objects.filter(poll=poll, respondent=user).first()
    if not token:
        return None
    return Response.objects.filter(poll=poll, token=token, respondent__isnull=True).first()


def saved_form_data(*, response: Response | None, questions: list[Question]) -> dict:
    """The answers kept in a draft, as form data (to fill the form in when it is reopened)."""
    if response is None:
        return {}
    values: dict[int, list[answer_values.Value]] = {}
    for a in Answer.objects.filter(response=response).order_by("id"):
        values.setdefault(a.question_id, []).append(
            answer_values.Value(
                option_id=a.option_id, value=a.value, number=a.number, date=a.date, text=a.text
            )
        )
    data: dict[str, list[str]] = {}
    for question in questions:
        if question.pk in values:
            data.update(answer_values.as_form_data(question, values[question.pk]))
    return data


def chosen_options(*, response: Response | None) -> set[int]:
    """The options a respondent has picked so far (conditions on earlier pages read these)."""
    if response is None:
        return set()
    return set(
        Answer.objects.filter(response=response, option__isnull=False).values_list(
            "option_id", flat=True
        )
    )


def results_public(poll: Poll, *, now: datetime | None = None) -> bool:
    """Whether the public may see the results now, as the poll's policy says."""
    if poll.published_at is None:
        return False
    phase = poll.phase_at(now or timezone.now())
    if poll.results_policy == ResultsPolicy.LIVE:
        return phase in (Phase.OPEN, Phase.CLOSED)
    if poll.results_policy == ResultsPolicy.AFTER_CLOSE:
        return phase == Phase.CLOSED
    return False


def open_polls(agency: Agency | None) -> list[OpenItem]:
    """The ``open_now`` provider: polls and surveys open for answers, closing soonest first."""
    now = timezone.now()
    found = _public().filter(opens_at__lte=now, closes_at__gt=now)
    if agency is not None:
        found = found.filter(agency=agency)
    return [
        OpenItem(
            title=str(p.local("title")),
            url=reverse("polls:detail", args=[p.agency.slug, p.slug]),
            kind=str(_("Survey") if p.kind == PollKind.SURVEY else _("Poll")),
            agency=p.agency,
            closes_at=p.closes_at,
        )
        for p in found.order_by("closes_at", "id")[:12]
    ]
