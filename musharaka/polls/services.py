"""Every write to polls and surveys: building them (staff), publishing and closing, answering
(respondents) and the agency's statement of what it will do with the results.

Staff writes check the role, then write an audit event. Answers are not audited one by one (they
are the public's, not staff decisions); the one-response-per-person rule is a database constraint
for accounts and a signed cookie plus a rate limit for anonymous quick polls.
"""

import secrets
from datetime import datetime

import rules
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from musharaka.core.audit import audit_record
from musharaka.core.models import Agency, ParticipantType, User
from musharaka.notifications.services import notify
from musharaka.participation import ratelimit
from musharaka.participation.models import ParticipationRules
from musharaka.participation.services import contribution_submit, space_get_or_create
from musharaka.polls import answers as answer_values
from musharaka.polls.models import (
    CHOICE_KINDS,
    SCALE_KINDS,
    Answer,
    Audience,
    Option,
    Phase,
    Poll,
    PollKind,
    Question,
    QuestionKind,
    QuestionRevision,
    Response,
    ResponseStatus,
    ResultsPolicy,
)
from musharaka.polls.rules import invited_representation, why_not_answer

CHANNEL = "polls"
# Anonymous answers to one poll from one network address per hour: a best-effort guard that a
# shared office or school connection still gets through.
ANONYMOUS_PER_ADDRESS = {"limit": 30, "period": 3600}
POLL_FIELDS = (
    "title_ar",
    "title_en",
    "intro_ar",
    "intro_en",
    "audience",
    "results_policy",
    "anonymous_results",
    "opens_at",
    "closes_at",
)
QUESTION_TEXT_FIELDS = ("text_ar", "text_en", "help_ar", "help_en")
QUESTION_LABEL_FIELDS = ("low_label_ar", "low_label_en", "high_label_ar", "high_label_en")
# Changing these once answers exist would change what the stored answers mean.
QUESTION_STRUCTURE_FIELDS = (
    "kind",
    "scale_min",
    "scale_max",
    "min_choices",
    "max_choices",
    "number_min",
    "number_max",
)


def _require(actor: User | None, action: str, agency: Agency) -> None:
    if not rules.test_rule(f"core.{action}", actor, agency):
        raise PermissionDenied(_("Your role in this agency does not allow this."))


def _has_answers(poll: Poll) -> bool:
    return Response.objects.filter(poll=poll).exists()


# --- Building a poll ------------------------------------------------------------------------


def _clean_poll(data: dict, *, poll: Poll | None) -> dict:
    errors: dict[str, str] = {}
    values = {name: data[name] for name in POLL_FIELDS if name in data}
    for name in ("title_ar", "title_en", "intro_ar", "intro_en"):
        if name in values:
            values[name] = (values[name] or "").strip()
    if "title_ar" in values and not values["title_ar"]:
        errors["title_ar"] = _("Give the poll an Arabic title.")
    opens = values.get("opens_at", poll.opens_at if poll else None)
    closes = values.get("closes_at", poll.closes_at if poll else None)
    if not isinstance(opens, datetime):
        errors["opens_at"] = _("Give the date and time the poll opens.")
    if not isinstance(closes, datetime):
        errors["closes_at"] = _("Give the date and time the poll closes.")
    elif isinstance(opens, datetime) and closes <= opens:
        errors["closes_at"] = _("The poll must close after it opens.")
    if values.get("audience", Audience.SIGNED_IN) not in Audience.values:
        errors["audience"] = _("Choose who may answer from the list.")
    if values.get("results_policy", ResultsPolicy.LIVE) not in ResultsPolicy.values:
        errors["results_policy"] = _("Choose when results are shown from the list.")
    if errors:
        raise ValidationError(errors)
    return values


def _unique_slug(agency: Agency, title: str) -> str:
    base = slugify(title, allow_unicode=False)[:60] or "poll"
    slug, n = base, 1
    while Poll.objects.filter(agency=agency, slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def poll_create(
    *, actor: User, agency: Agency, kind: str, data: dict, invited: list[Agency] | None = None
) -> Poll:
    """A draft poll or survey; questions are added next, then it is published."""
    _require(actor, "content.edit", agency)
    if kind not in PollKind.values:
        raise ValidationError({"kind": _("Choose a quick poll or a survey.")})
    values = _clean_poll(data, poll=None)
    poll = Poll.objects.create(
        agency=agency,
        kind=kind,
        created_by=actor,
        slug=_unique_slug(agency, data.get("title_en") or data.get("slug") or ""),
        **values,
    )
    if invited:
        poll.invited_agencies.set(invited)
    audit_record(actor=actor, verb="poll.create", target=poll, changes={"kind": kind})
    return poll


@transaction.atomic
def poll_update(
    *, actor: User, poll: Poll, data: dict, invited: list[Agency] | None = None
) -> Poll:
    """Edit the poll's settings. Once answers exist, who may answer cannot change, and anonymous
    results cannot be turned off (the respondents were promised anonymity)."""
    _require(actor, "content.edit", poll.agency)
    values = _clean_poll(data, poll=poll)
    if _has_answers(poll):
        if values.get("audience", poll.audience) != poll.audience:
            raise ValidationError(
                {"audience": _("People have answered already: who may answer cannot change.")}
            )
        if poll.anonymous_results and not values.get("anonymous_results", True):
            raise ValidationError(
                {
                    "anonymous_results": _(
                        "Respondents were promised anonymity: it cannot be taken away."
                    )
                }
            )
    changes = {
        k: str(v) for k, v in values.items() if getattr(poll, k) != v and not k.endswith("_en")
    }
    for name, value in values.items():
        setattr(poll, name, value)
    poll.save()
    if invited is not None:
        poll.invited_agencies.set(invited)
    audit_record(actor=actor, verb="poll.update", target=poll, changes=changes)
    return poll


def _clean_options(kind: str, options: list[dict] | None) -> list[dict]:
    options = [
        {
            "id": o.get("id"),
            "label_ar": (o.get("label_ar") or "").strip(),
            "label_en": (o.get("label_en") or "").strip(),
        }
        for o in (options or [])
    ]
    options = [o for o in options if o["label_ar"] or o["label_en"] or o["id"]]
    if any(not o["label_ar"] for o in options):
        raise ValidationError({"options": _("Every option needs an Arabic label.")})
    if kind in CHOICE_KINDS and len(options) < 2:
        raise ValidationError({"options": _("Give at least two options.")})
    if kind == QuestionKind.MATRIX and not options:
        raise ValidationError({"options": _("Give the matrix at least one row.")})
    if kind not in CHOICE_KINDS | {QuestionKind.MATRIX} and options:
        raise ValidationError({"options": _("This type of question has no options.")})
    return options


def _clean_question(poll: Poll, data: dict, *, question: Question | None) -> dict:
    errors: dict[str, str] = {}
    kind = data.get("kind", question.kind if question else "")
    if kind not in QuestionKind.values:
        errors["kind"] = _("Choose the type of question from the list.")
    text = (data.get("text_ar", question.text_ar if question else "") or "").strip()
    if not text:
        errors["text_ar"] = _("Write the question in Arabic.")
    low = data.get("scale_min", question.scale_min if question else 1)
    high = data.get("scale_max", question.scale_max if question else 5)
    if kind in SCALE_KINDS and (low, high) not in ((1, 5), (0, 10)):
        errors["scale_max"] = _("A scale runs from 1 to 5 or from 0 to 10.")
    least, most = data.get("min_choices"), data.get("max_choices")
    if least and most and least > most:
        errors["max_choices"] = _("“At most” cannot be less than “at least”.")
    condition = data.get("show_if")
    if condition is not None and not _is_earlier(condition, poll, data, question):
        errors["show_if"] = _("A question can only depend on an answer to an earlier question.")
    if (data.get("page") or 1) < 1:
        errors["page"] = _("Pages are numbered from 1.")
    if errors:
        raise ValidationError(errors)
    values = {k: data[k] for k in data if k in _question_model_fields()}
    for name in (*QUESTION_TEXT_FIELDS, *QUESTION_LABEL_FIELDS):
        if name in values:
            values[name] = (values[name] or "").strip()
    return values


def _question_model_fields() -> set[str]:
    return {
        "page",
        "position",
        "required",
        "answers_public",
        "show_if",
        *QUESTION_TEXT_FIELDS,
        *QUESTION_LABEL_FIELDS,
        *QUESTION_STRUCTURE_FIELDS,
    }


def _is_earlier(option: Option, poll: Poll, data: dict, question: Question | None) -> bool:
    source = option.question
    if source.poll_id != poll.pk or source.kind not in CHOICE_KINDS - {QuestionKind.RANKING}:
        return False
    page = data.get("page", question.page if question else 1)
    position = data.get("position", question.position if question else 10_000)
    if question is not None and source.pk == question.pk:
        return False
    return (source.page, source.position, source.pk) < (
        page,
        position,
        question.pk if question else 1 << 62,
    )


@transaction.atomic
def question_add(
    *, actor: User, poll: Poll, data: dict, options: list[dict] | None = None
) -> Question:
    """Add a question at the end of its page (a quick poll has exactly one)."""
    _require(actor, "content.edit", poll.agency)
    if poll.published_at is not None:
        raise ValidationError(_("Questions cannot be added once the poll is published."))
    if poll.kind == PollKind.QUICK and poll.questions.exists():
        raise ValidationError(_("A quick poll has one question; make a survey to ask more."))
    data = {**data}
    data.setdefault("position", (poll.questions.filter(page=data.get("page") or 1).count() + 1))
    values = _clean_question(poll, data, question=None)
    cleaned = _clean_options(data["kind"], options)
    question = Question.objects.create(poll=poll, **values)
    Option.objects.bulk_create(
        [
            Option(question=question, position=i, label_ar=o["label_ar"], label_en=o["label_en"])
            for i, o in enumerate(cleaned, start=1)
        ]
    )
    audit_record(
        actor=actor, verb="poll.question_add", target=poll, changes={"question": question.pk}
    )
    return question


def _revise(actor: User, question: Question) -> None:
    QuestionRevision.objects.create(
        question=question,
        revision=question.revision,
        text_ar=question.text_ar,
        text_en=question.text_en,
        help_ar=question.help_ar,
        help_en=question.help_en,
        options=[[o.pk, o.label_ar, o.label_en] for o in question.options.all()],
        changed_by=actor,
    )
    question.revision += 1


def _save_options(question: Question, cleaned: list[dict], *, answered: bool) -> bool:
    """Apply the edited option list; returns whether a label changed. Once answered, options
    may be relabelled and added but never removed (answers point at them)."""
    existing = {o.pk: o for o in question.options.all()}
    kept = {int(o["id"]) for o in cleaned if o["id"]}
    if kept - set(existing):
        raise ValidationError({"options": _("Choose from the options given.")})
    if answered and set(existing) - kept:
        raise ValidationError(
            {"options": _("People have answered already: options cannot be removed.")}
        )
    relabelled = False
    for position, o in enumerate(cleaned, start=1):
        if o["id"]:
            option = existing[int(o["id"])]
            relabelled |= (option.label_ar, option.label_en) != (o["label_ar"], o["label_en"])
            option.label_ar, option.label_en, option.position = (
                o["label_ar"],
                o["label_en"],
                position,
            )
            option.save()
        else:
            Option.objects.create(
                question=question, position=position, label_ar=o["label_ar"], label_en=o["label_en"]
            )
    Option.objects.filter(question=question).exclude(pk__in=kept).filter(
        pk__in=list(existing)
    ).delete()
    return relabelled


@transaction.atomic
def question_update(
    *, actor: User, question: Question, data: dict, options: list[dict] | None = None
) -> Question:
    """Edit a question. Once answers exist its wording may change (each change kept as a
    revision) but not its type, scale or bounds, and no option may be removed."""
    poll = question.poll
    _require(actor, "content.edit", poll.agency)
    values = _clean_question(poll, data, question=question)
    answered = question.answers.exists()
    if answered:
        changed = [
            k
            for k in QUESTION_STRUCTURE_FIELDS
            if k in values and values[k] != getattr(question, k)
        ]
        if changed:
            raise ValidationError(
                {
                    changed[0]: _(
                        "People have answered already: the type, scale and limits cannot change."
                    )
                }
            )
    kind = values.get("kind", question.kind)
    reworded = any(k in values and values[k] != getattr(question, k) for k in QUESTION_TEXT_FIELDS)
    if options is not None or kind in CHOICE_KINDS | {QuestionKind.MATRIX}:
        cleaned = _clean_options(
            kind,
            options
            if options is not None
            else [
                {"id": o.pk, "label_ar": o.label_ar, "label_en": o.label_en}
                for o in question.options.all()
            ],
        )
    else:
        cleaned = []
    if answered and (reworded or _labels_change(question, cleaned)):
        _revise(actor, question)
    for name, value in values.items():
        setattr(question, name, value)
    question.save()
    _save_options(question, cleaned, answered=answered)
    audit_record(
        actor=actor,
        verb="poll.question_update",
        target=poll,
        changes={"question": question.pk, "revision": question.revision},
    )
    return question


def _labels_change(question: Question, cleaned: list[dict]) -> bool:
    existing = {o.pk: (o.label_ar, o.label_en) for o in question.options.all()}
    return any(
        o["id"] and existing.get(int(o["id"])) != (o["label_ar"], o["label_en"]) for o in cleaned
    )


@transaction.atomic
def question_remove(*, actor: User, question: Question) -> None:
    poll = question.poll
    _require(actor, "content.edit", poll.agency)
    if question.answers.exists():
        raise ValidationError(_("People have answered this question: it cannot be removed."))
    Question.objects.filter(show_if__question=question).update(show_if=None)
    pk = question.pk
    question.delete()
    audit_record(actor=actor, verb="poll.question_remove", target=poll, changes={"question": pk})


@transaction.atomic
def question_move(*, actor: User, question: Question, offset: int) -> Question:
    """Move a question one place up (``offset=-1``) or down (``+1``) within its page, before
    publishing only: respondents with a draft would otherwise find their page rearranged. A
    question asked only after an answer to another must stay after it."""
    poll = question.poll
    _require(actor, "content.edit", poll.agency)
    if offset not in (-1, 1):
        raise ValidationError(_("Move a question one place up or down."))
    if poll.published_at is not None:
        raise ValidationError(_("Questions cannot be reordered once the poll is published."))
    page = list(
        poll.questions.filter(page=question.page)
        .select_related("show_if")
        .order_by("position", "pk")
    )
    at = next(i for i, q in enumerate(page) if q.pk == question.pk)
    other = at + offset
    if not 0 <= other < len(page):
        raise ValidationError(_("The question is already at that end of its page."))
    first, second = page[min(at, other)], page[max(at, other)]
    if second.show_if_id and second.show_if.question_id == first.pk:
        raise ValidationError(
            _("A question asked only after an answer to another must stay after that question.")
        )
    page[at], page[other] = page[other], page[at]
    for position, item in enumerate(page, start=1):
        item.position = position
    Question.objects.bulk_update(page, ["position"])
    audit_record(
        actor=actor,
        verb="poll.question_move",
        target=poll,
        changes={"question": question.pk, "position": other + 1},
    )
    return question


# --- Publishing, closing, the statement -----------------------------------------------------


def _publish_errors(poll: Poll) -> list[str]:
    questions = list(poll.questions.prefetch_related("options"))
    errors = []
    if not questions:
        errors.append(_("Add at least one question."))
    if poll.kind == PollKind.QUICK and len(questions) > 1:
        errors.append(_("A quick poll has one question."))
    for q in questions:
        n = len(q.options.all())
        if (q.kind in CHOICE_KINDS and n < 2) or (q.kind == QuestionKind.MATRIX and n < 1):
            errors.append(_("“%(q)s” needs its options.") % {"q": q.text_ar})
    if poll.audience == Audience.INVITED and not poll.invited_agencies.exists():
        errors.append(_("Choose the agencies invited to answer."))
    if poll.closes_at <= timezone.now():
        errors.append(_("The closing date has passed: move it later."))
    return errors


@transaction.atomic
def poll_publish(*, actor: User, poll: Poll) -> Poll:
    """Publish: shown as scheduled until it opens, then open for answers."""
    _require(actor, "content.publish", poll.agency)
    if poll.published_at is not None:
        raise ValidationError(_("This poll is already published."))
    errors = _publish_errors(poll)
    if errors:
        raise ValidationError(errors)
    poll.published_at = timezone.now()
    poll.save(update_fields=["published_at", "updated_at"])
    space_get_or_create(
        agency=poll.agency,
        channel=CHANNEL,
        owner=poll,
        title_ar=poll.title_ar,
        title_en=poll.title_en,
        url=poll.public_path(),
    )
    audit_record(actor=actor, verb="poll.publish", target=poll)
    return poll


@transaction.atomic
def poll_close(*, actor: User, poll: Poll) -> Poll:
    """Close now (before the closing date); results then show as the policy says."""
    _require(actor, "content.publish", poll.agency)
    if poll.phase != Phase.OPEN:
        raise ValidationError(_("Only an open poll can be closed."))
    poll.closes_at = timezone.now()
    poll.save(update_fields=["closes_at", "updated_at"])
    audit_record(actor=actor, verb="poll.close", target=poll)
    return poll


@transaction.atomic
def poll_statement_publish(
    *, actor: User, poll: Poll, statement_ar: str, statement_en: str = ""
) -> Poll:
    """The agency says what it will do with what it heard; respondents with an account are told."""
    _require(actor, "content.publish", poll.agency)
    if poll.phase != Phase.CLOSED:
        raise ValidationError(_("The statement is published after the poll closes."))
    statement_ar = (statement_ar or "").strip()
    if not statement_ar:
        raise ValidationError({"statement_ar": _("Write the statement in Arabic.")})
    first = poll.statement_at is None
    poll.statement_ar, poll.statement_en = statement_ar, (statement_en or "").strip()
    poll.statement_at = timezone.now()
    poll.save(update_fields=["statement_ar", "statement_en", "statement_at", "updated_at"])
    audit_record(actor=actor, verb="poll.statement", target=poll)
    if first:
        url = poll.public_path()
        for user in User.objects.filter(
            pk__in=Response.objects.filter(
                poll=poll, status=ResponseStatus.SUBMITTED, respondent__isnull=False
            ).values("respondent")
        ):
            notify(recipient=user, kind="poll_statement", context={"poll": poll}, url=url)
    return poll


# --- Answering ------------------------------------------------------------------------------


def new_token() -> str:
    return secrets.token_urlsafe(24)


def _refuse_unless_may_answer(actor: User, poll: Poll) -> None:
    reason = why_not_answer(actor, poll)
    if reason:
        raise PermissionDenied(reason)


@transaction.atomic
def response_start(*, actor: User, poll: Poll, token: str = "", ip: str | None = None) -> Response:
    """The respondent's response to fill in: their draft if they have one, else a new one.
    A second response is refused: per account, or (anonymous) per browser token."""
    _refuse_unless_may_answer(actor, poll)
    if actor.is_authenticated:
        found = Response.objects.filter(poll=poll, respondent=actor).first()
    else:
        found = Response.objects.filter(poll=poll, token=token).first() if token else None
    if found is not None:
        if found.status == ResponseStatus.SUBMITTED:
            raise PermissionDenied(_("You have already answered this poll. Thank you."))
        return found
    if not actor.is_authenticated:
        if not token:
            raise PermissionDenied(_("Your browser must accept cookies to answer this poll."))
        if ip and not ratelimit.hit(f"poll:{poll.pk}:ip:{ip}", **ANONYMOUS_PER_ADDRESS):
            raise PermissionDenied(
                _("Many answers came from your network just now. Try again in an hour.")
            )
    participant_type, on_behalf_of = _participant(actor, poll)
    try:
        with transaction.atomic():
            return Response.objects.create(
                poll=poll,
                respondent=actor if actor.is_authenticated else None,
                token="" if actor.is_authenticated else token,
                participant_type=participant_type,
                on_behalf_of=on_behalf_of,
            )
    except IntegrityError:  # a second tab raced this one
        raise PermissionDenied(_("You have already answered this poll. Thank you.")) from None


def _participant(actor: User, poll: Poll) -> tuple[str, Agency | None]:
    if not actor.is_authenticated:
        return ParticipantType.CITIZEN, None
    if poll.audience == Audience.INVITED:
        representation = invited_representation(actor, poll)
        return ParticipantType.AGENCY, representation.agency if representation else None
    from musharaka.consultations.comments import confirmed_representations

    found = confirmed_representations(user=actor)
    if found:
        return found[0].kind, found[0].agency
    return ParticipantType.CITIZEN, None


def _questions(poll: Poll) -> list[Question]:
    return list(poll.questions.prefetch_related("options"))


def _chosen(response: Response) -> set[int]:
    return set(
        Answer.objects.filter(response=response, option__isnull=False).values_list(
            "option_id", flat=True
        )
    )


def pages(poll: Poll) -> list[int]:
    return sorted({q.page for q in poll.questions.all()}) or [1]


@transaction.atomic
def response_save_page(
    *,
    actor: User,
    response: Response,
    page: int,
    data: dict[str, list[str]],
    submit: bool = False,
    show_publicly: bool = False,
    accepted_rules: ParticipationRules | None = None,
    ip: str | None = None,
) -> Response:
    """Check and keep the answers given on one page. ``submit`` on the last page sends the
    whole response. Invalid answers raise ValidationError keyed by question field name; nothing
    of the page is kept then (the view shows what was typed)."""
    poll = response.poll
    _refuse_unless_may_answer(actor, poll)
    if response.status == ResponseStatus.SUBMITTED:
        raise PermissionDenied(_("You have already answered this poll. Thank you."))
    questions = _questions(poll)
    all_pages = sorted({q.page for q in questions}) or [1]
    if page not in all_pages:
        raise ValidationError(_("This page of the survey does not exist."))
    chosen = _chosen(response) - {
        o.pk for q in questions if q.page == page for o in q.options.all()
    }
    on_page = [q for q in questions if q.page == page]
    found, errors, chosen = answer_values.check_page(on_page, data, chosen)
    if errors:
        raise ValidationError(errors)
    Answer.objects.filter(response=response, question__in=on_page).delete()
    Answer.objects.bulk_create(
        [_answer_row(response, q, v) for q in on_page for v in found.get(q.pk, [])]
    )
    later = [p for p in all_pages if p > page]
    response.page = later[0] if later else page
    response.save(update_fields=["page"])
    if submit and not later:
        _submit(actor, response, questions, show_publicly, accepted_rules, ip)
    return response


def _answer_row(response: Response, question: Question, v: answer_values.Value) -> Answer:
    return Answer(
        response=response,
        poll_id=response.poll_id,
        question=question,
        option_id=v.option_id,
        value=v.value,
        number=v.number,
        date=v.date,
        text=v.text,
        participant_type=response.participant_type,
    )


def _submit(
    actor: User,
    response: Response,
    questions: list[Question],
    show_publicly: bool,
    accepted_rules: ParticipationRules | None,
    ip: str | None,
) -> None:
    chosen = _chosen(response)
    answered = set(Answer.objects.filter(response=response).values_list("question_id", flat=True))
    hidden = [q.pk for q in questions if not answer_values.visible(q, chosen)]
    missing = [q for q in questions if q.required and q.pk not in hidden and q.pk not in answered]
    if missing:
        response.page = missing[0].page
        response.save(update_fields=["page"])
        raise ValidationError(
            {answer_values.field_name(missing[0]): [_("This question needs an answer.")]}
        )
    Answer.objects.filter(response=response, question_id__in=hidden).delete()
    Answer.objects.filter(response=response).update(final=True)
    response.status = ResponseStatus.SUBMITTED
    response.submitted_at = timezone.now()
    response.save(update_fields=["status", "submitted_at"])
    Poll.objects.filter(pk=response.poll_id).update(response_count=F("response_count") + 1)
    if show_publicly and actor.is_authenticated:
        _put_forward(actor, response, questions, accepted_rules, ip)


def check_public_text(*, actor, space, target, parent) -> None:
    """Registered with ``participation.channels``: a poll's space holds only the written
    answers respondents chose to show, put forward as they submit while the poll is open; no
    replies, and nothing once it has closed."""
    if (
        parent is not None
        or not isinstance(target, Question)
        or not target.answers_public
        or space.owner_id != str(target.poll_id)
    ):
        raise ValidationError(_("A poll shows the answers given to it; it takes no comments."))
    if target.poll.phase != Phase.OPEN:
        raise PermissionDenied(_("This poll is closed."))


def _put_forward(
    actor: User,
    response: Response,
    questions: list[Question],
    accepted_rules: ParticipationRules | None,
    ip: str | None,
) -> None:
    """Free-text answers to questions shown publicly go to the poll's space, through the same
    checks and moderation as every public text. One the pipeline refuses (a duplicate, too
    fast) stays a private answer: it still counts, it is just not shown."""
    from musharaka.participation.selectors import space_for

    space = space_for(owner=response.poll)
    public = {q.pk: q for q in questions if q.answers_public}
    if space is None or not public:
        return
    texts = Answer.objects.filter(response=response, question_id__in=public).exclude(text="")
    for answer in texts:
        try:
            with transaction.atomic():
                contribution = contribution_submit(
                    actor=actor,
                    space=space,
                    body=answer.text,
                    target=public[answer.question_id],
                    accepted_rules=accepted_rules,
                    ip=ip,
                    extra={"poll_answer": answer.pk},
                )
        except (ValidationError, PermissionDenied):
            continue
        answer.contribution = contribution
        answer.save(update_fields=["contribution"])
