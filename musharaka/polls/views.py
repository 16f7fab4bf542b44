"""Public poll and survey pages: the index (open, scheduled, closed), an agency's polls, and the
poll page where people answer, one page of a survey at a time, without JavaScript.

Who is answering is found from the account (signed in) or from a signed cookie (anonymous),
never from the form: the form sends only the page number, the button pressed and the answers.
The cookie holds one random secret per browser; each poll's response token is derived from it,
so anonymous answers to different polls cannot be linked to each other in the database.

Buttons: *Next* saves the page and moves on; *Back* saves the page when its answers are valid
and otherwise goes back without saving it (the respondent is told); *Submit* (last page) sends
the response; *Save and continue later* (signed-in, surveys) saves and comes back to the same
place. Staff who may edit the poll open it with ``?preview=1``: every page by ``?page=N``,
answers checked but never saved.
"""

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from musharaka.core.middleware import client_ip
from musharaka.core.selectors import public_agency
from musharaka.participation.selectors import current_rules, rules_accepted, rules_accepted_on_form
from musharaka.participation.templatetags.comments import rules_url
from musharaka.polls import answers as answer_values
from musharaka.polls import selectors, services
from musharaka.polls.models import (
    TEXT_KINDS,
    Audience,
    Option,
    Phase,
    Poll,
    PollKind,
    Question,
    QuestionKind,
    Response,
    ResponseStatus,
)
from musharaka.polls.rules import why_not_answer

# One cookie for every poll: a random secret per browser, signed so it cannot be forged.
COOKIE_NAME = "musharaka_polls"
COOKIE_SALT = "musharaka.polls.browser"
COOKIE_AGE = timedelta(days=365)
ACTIONS = ("next", "back", "submit", "save")


# --- Index ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    """One page of an index section, with its neighbours' addresses (other sections' pages
    are kept in the query string)."""

    name: str
    page: Page
    previous_url: str = ""
    next_url: str = ""


def _section_url(request: HttpRequest, name: str, number: int) -> str:
    params = request.GET.copy()
    params[f"{name}_page"] = str(number)
    return "?" + params.urlencode()


def _index(request: HttpRequest, agency) -> HttpResponse:
    pages = selectors.polls_index(
        agency=agency,
        pages={name: request.GET.get(f"{name}_page") for name in selectors.INDEX_SECTIONS},
    )
    sections = {}
    for name, page in pages.items():
        for poll in page.object_list:
            poll.results_shown = selectors.results_public(poll)
        sections[name] = Section(
            name=name,
            page=page,
            previous_url=_section_url(request, name, page.previous_page_number())
            if page.has_previous()
            else "",
            next_url=_section_url(request, name, page.next_page_number())
            if page.has_next()
            else "",
        )
    answered = selectors.answered_poll_ids(user=request.user, polls=list(pages["open"]))
    return render(
        request,
        "polls/public/index.html",
        {"agency": agency, "sections": sections, "answered": answered},
    )


@require_safe
def poll_index(request: HttpRequest) -> HttpResponse:
    return _index(request, None)


@require_safe
def agency_polls(request: HttpRequest, agency_slug: str) -> HttpResponse:
    return _index(request, public_agency(slug=agency_slug))


# --- The form, as the template shows it -----------------------------------------------------


@dataclass
class Choice:
    """One radio, checkbox or <select> option."""

    id: str
    value: str
    checked: bool
    option: Option | None = None
    end_label: str = ""


@dataclass
class Row:
    """A ranking option (its <select> of ranks) or a matrix row (its radios)."""

    id: str
    name: str
    option: Option
    cells: list[Choice]


@dataclass
class Field:
    question: Question
    name: str
    anchor: str  # the first control, where the error summary links to
    errors: list[str] = field(default_factory=list)
    value: str = ""
    choices: list[Choice] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    points: list[tuple[int, str]] = field(default_factory=list)  # matrix: (point, end label)
    hint: str = ""
    condition: str = ""
    condition_control: str = ""  # same-page condition: the input whose choice shows this one
    public_note: str = ""
    max_length: int = 0

    @property
    def describedby(self) -> str:
        ids = []
        q = self.question
        if q.help_ar or q.help_en:
            ids.append(f"{self.name}-help")
        for suffix, present in (
            ("hint", self.hint),
            ("condition", self.condition),
            ("public", self.public_note),
            ("error", self.errors),
        ):
            if present:
                ids.append(f"{self.name}-{suffix}")
        return " ".join(ids)


def _choices_hint(question: Question) -> str:
    low, high = question.min_choices, question.max_choices
    if low and high:
        return _("Choose between %(low)d and %(high)d options.") % {"low": low, "high": high}
    if high:
        return ngettext("Choose up to %(n)d option.", "Choose up to %(n)d options.", high) % {
            "n": high
        }
    if low:
        return ngettext("Choose at least %(n)d option.", "Choose at least %(n)d options.", low) % {
            "n": low
        }
    return _("Choose all that apply.")


def _scale_ends(question: Question) -> dict[int, str]:
    return {
        question.scale_min: str(question.local("low_label")),
        question.scale_max: str(question.local("high_label")),
    }


def _number_hint(question: Question) -> str:
    low, high = question.number_min, question.number_max
    if low is not None and high is not None:
        return _("A number from %(low)s to %(high)s.") % {"low": f"{low:g}", "high": f"{high:g}"}
    if low is not None:
        return _("A number of %(low)s or more.") % {"low": f"{low:g}"}
    if high is not None:
        return _("A number of %(high)s or less.") % {"high": f"{high:g}"}
    return _("A number, for example 12 or 3.5.")


def _first(data: dict[str, list[str]], name: str) -> str:
    found = data.get(name) or [""]
    return found[0]


def _control_id(question: Question, option_id: int) -> str:
    return f"f-q{question.pk}-o{option_id}"


def _field(
    question: Question, data: dict, errors: dict, *, page: int, anonymous: bool, preview: bool
) -> Field:
    """The question as the template draws it, filled with what was typed or saved."""
    name = answer_values.field_name(question)
    kind = question.kind
    f = Field(question=question, name=name, anchor=f"f-{name}", errors=errors.get(name, []))
    options = list(question.options.all())
    picked = set(data.get(name, []))
    if kind in (QuestionKind.SINGLE, QuestionKind.MULTIPLE):
        f.choices = [
            Choice(
                id=_control_id(question, o.pk),
                value=str(o.pk),
                checked=str(o.pk) in picked,
                option=o,
            )
            for o in options
        ]
        if kind == QuestionKind.MULTIPLE:
            f.hint = _choices_hint(question)
    elif kind == QuestionKind.SCALE:
        points = range(question.scale_min, question.scale_max + 1)
        ends = _scale_ends(question)
        f.choices = [
            Choice(
                id=f"f-{name}-v{p}",
                value=str(p),
                checked=str(p) in picked,
                end_label=ends.get(p, ""),
            )
            for p in points
        ]
    elif kind == QuestionKind.RANKING:
        ranks = range(1, len(options) + 1)
        f.hint = _("Give each option a different rank: 1 for the most important.")
        for o in options:
            row_name = answer_values.field_name(question, o.pk)
            given = _first(data, row_name)
            f.rows.append(
                Row(
                    id=f"f-{row_name}",
                    name=row_name,
                    option=o,
                    cells=[Choice(id="", value=str(r), checked=given == str(r)) for r in ranks],
                )
            )
    elif kind == QuestionKind.MATRIX:
        ends = _scale_ends(question)
        f.points = [(p, ends.get(p, "")) for p in range(question.scale_min, question.scale_max + 1)]
        for o in options:
            row_name = answer_values.field_name(question, o.pk)
            given = _first(data, row_name)
            f.rows.append(
                Row(
                    id=f"{name}-row{o.pk}",
                    name=row_name,
                    option=o,
                    cells=[
                        Choice(id=f"f-{row_name}-v{p}", value=str(p), checked=given == str(p))
                        for p, _label in f.points
                    ],
                )
            )
    else:
        f.value = _first(data, name)
        if kind == QuestionKind.NUMBER:
            f.hint = _number_hint(question)
        elif kind == QuestionKind.DATE:
            f.hint = _("As year-month-day, for example 2026-03-15.")
        elif kind == QuestionKind.SHORT_TEXT:
            f.max_length = answer_values.SHORT_TEXT_MAX
        elif kind == QuestionKind.LONG_TEXT:
            f.max_length = answer_values.LONG_TEXT_MAX
    if f.choices:
        f.anchor = f.choices[0].id
    elif f.rows:
        f.anchor = f.rows[0].cells[0].id if kind == QuestionKind.MATRIX else f.rows[0].id
    condition = question.show_if
    if condition is not None:
        label = str(condition.local("label"))
        if condition.question.page == page:
            f.condition = _("Answer this only if you chose “%(option)s” above.") % {"option": label}
            f.condition_control = _control_id(condition.question, condition.pk)
        elif preview:
            f.condition = _(
                "Shown only to respondents who chose “%(option)s” on page %(page)d."
            ) % {
                "option": label,
                "page": condition.question.page,
            }
    if question.answers_public and kind in TEXT_KINDS:
        f.public_note = (
            _("Answers given without signing in are never shown publicly.")
            if anonymous
            else _(
                "You may choose to show your written answers publicly, after moderation, "
                "when you send your answers."
            )
        )
    return f


# --- The poll page --------------------------------------------------------------------------


@dataclass
class Visit:
    """The poll being looked at, and by whom."""

    request: HttpRequest
    poll: Poll
    questions: list[Question]
    pages: list[int]
    preview: bool = False
    token: str = ""
    new_secret: str = ""

    @property
    def url(self) -> str:
        return reverse("polls:detail", args=[self.poll.agency.slug, self.poll.slug])

    def page_url(self, page: int) -> str:
        params = {"preview": "1", "page": page} if self.preview else {"page": page}
        return f"{self.url}?{urlencode(params)}"


def _see_other(url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(url, status=303)


def _browser_token(request: HttpRequest, poll: Poll) -> tuple[str, str]:
    """The anonymous respondent's token for this poll (from the browser's signed cookie), and
    a new browser secret to set when it has none yet and may answer anonymously. A request
    without the cookie gets no token: the service refuses to take its answers."""
    secret = request.get_signed_cookie(
        COOKIE_NAME, default="", salt=COOKIE_SALT, max_age=COOKIE_AGE
    )
    if not secret:
        may_answer = (
            not request.user.is_authenticated
            and poll.audience == Audience.EVERYONE
            and poll.phase == Phase.OPEN
        )
        return "", services.new_token() if may_answer else ""
    digest = hmac.new(secret.encode(), f"poll:{poll.pk}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("="), ""


def _page_number(raw: str | None, pages: list[int]) -> int | None:
    try:
        number = int(raw or "")
    except ValueError:
        return None
    return number if number in pages else None


def _answer_data(post: QueryDict) -> dict[str, list[str]]:
    return {k: post.getlist(k) for k in post if k.startswith("q")}


def _render(
    visit: Visit,
    *,
    page: int,
    response: Response | None = None,
    data: dict | None = None,
    errors: dict | None = None,
    problems: list[str] | None = None,
    refusal: str | None = None,
    status: int = 200,
    chosen: set[int] | None = None,
    form_extra: dict | None = None,
) -> HttpResponse:
    request, poll = visit.request, visit.poll
    user = request.user
    errors = errors or {}
    data = data if data is not None else {}
    phase = poll.phase
    if refusal is None and not visit.preview:
        refusal = why_not_answer(user, poll)
    answered = response is not None and response.status == ResponseStatus.SUBMITTED
    show_form = visit.preview or (refusal is None and not answered)
    if chosen is None:
        chosen = selectors.chosen_options(response=response) if show_form else set()
    anonymous = not user.is_authenticated
    fields = []
    if show_form:
        fields = [
            _field(q, data, errors, page=page, anonymous=anonymous, preview=visit.preview)
            for q in visit.questions
            if q.page == page and (visit.preview or answer_values.asked_on_page(q, page, chosen))
        ]
    summary = [(None, text) for text in problems or []]
    on_page = {f.name: f for f in fields}
    for name, texts in errors.items():
        if name in on_page:
            text = str(on_page[name].question.local("text"))
            summary += [(on_page[name].anchor, f"{text}: {t}") for t in texts]
        elif name == "accept_rules":
            summary += [("poll-rules", t) for t in texts]
        else:
            summary += [(None, t) for t in texts]
    index = visit.pages.index(page) + 1
    is_last = page == visit.pages[-1]
    public_questions = [  # the written answers this respondent is asked for
        q
        for q in visit.questions
        if q.answers_public
        and q.kind in TEXT_KINDS
        and (visit.preview or answer_values.asked_on_page(q, q.page, chosen))
    ]
    rules = current_rules(agency=poll.agency) if public_questions and not anonymous else None
    sign_in_needed = anonymous and poll.audience != Audience.EVERYONE and phase == Phase.OPEN
    context = {
        "poll": poll,
        "agency": poll.agency,
        "title": str(poll.local("title")),
        "phase": phase,
        "phases": Phase,
        "preview": visit.preview,
        "preview_pages": [(p, visit.page_url(p)) for p in visit.pages] if visit.preview else [],
        "page": page,
        "page_index": index,
        "page_total": len(visit.pages),
        "is_first": index == 1,
        "is_last": is_last,
        "is_survey": poll.kind == PollKind.SURVEY,
        "fields": fields,
        "show_form": show_form,
        "form_action": visit.page_url(page) if visit.preview else visit.url,
        "errors": errors,
        "summary": summary,
        "refusal": refusal,
        "answered": answered,
        "sign_in_url": (
            f"{reverse('account_login')}?{urlencode({'next': request.get_full_path()})}"
            if sign_in_needed
            else ""
        ),
        "representation_url": (
            reverse("account:representation")
            if poll.audience == Audience.INVITED
            and not anonymous
            and refusal
            and phase == Phase.OPEN
            else ""
        ),
        "results_url": (
            reverse("polls:results", args=[poll.agency.slug, poll.slug])
            if selectors.results_public(poll)
            else ""
        ),
        "anonymous": anonymous,
        "public_opt_in": bool(public_questions) and is_last and not anonymous,
        "public_questions": public_questions,
        "rules": rules,
        "rules_accepted": bool(rules and rules_accepted(user=user, rules=rules)),
        "rules_url": rules_url(poll.agency),
        "form_extra": form_extra or {},
        "page_updated": poll.updated_at,
    }
    return render(request, "polls/public/detail.html", context, status=status)


def _neighbour(visit: Visit, page: int, chosen: set[int], *, forward: bool) -> int:
    """The next (or previous) page with a question for this respondent; the last page when
    nothing further applies (it offers Submit), the first when nothing earlier does."""
    asked = answer_values.pages_that_apply(visit.questions, visit.pages, chosen)
    if forward:
        later = [p for p in asked if p > page]
        return later[0] if later else visit.pages[-1]
    earlier = [p for p in asked if p < page]
    return earlier[-1] if earlier else visit.pages[0]


def _errors(error: ValidationError) -> tuple[dict[str, list[str]], list[str]]:
    if hasattr(error, "error_dict"):
        return {k: list(v) for k, v in error.message_dict.items()}, []
    return {}, list(error.messages)


def _preview(visit: Visit) -> HttpResponse:
    """The staff preview: every page, answers checked, nothing saved."""
    request = visit.request
    if request.method != "POST":
        page = _page_number(request.GET.get("page") or str(visit.pages[0]), visit.pages)
        if page is None:
            raise Http404
        return _render(visit, page=page, chosen=set())
    data = _answer_data(request.POST)
    page = _page_number(request.POST.get("page"), visit.pages)
    if page is None:
        return _render(
            visit,
            page=visit.pages[0],
            data=data,
            problems=[_("This page of the survey does not exist.")],
            status=400,
        )
    action = request.POST.get("action")
    on_page = [q for q in visit.questions if q.page == page]
    if action != "back":
        _found, errors, _chosen = answer_values.check_page(on_page, data, set())
        if errors:
            return _render(visit, page=page, data=data, errors=errors, chosen=set(), status=400)
    messages.info(request, _("Preview: the answers were checked and nothing was saved."))
    target = _neighbour(visit, page, _every_option(visit), forward=action != "back")
    return _see_other(visit.page_url(target))


def _every_option(visit: Visit) -> set[int]:
    """Every option of the poll: the preview treats every condition as met."""
    return {o.pk for q in visit.questions for o in q.options.all()}


def _answer(visit: Visit) -> HttpResponse:
    """Save the page the respondent sent, then move as the button pressed says."""
    request, poll = visit.request, visit.poll
    user, ip = request.user, client_ip(request)
    data = _answer_data(request.POST)
    existing = selectors.respondent_response(poll=poll, user=user, token=visit.token)
    page = _page_number(request.POST.get("page"), visit.pages)
    if page is None:
        fallback = existing.page if existing and existing.page in visit.pages else visit.pages[0]
        return _render(
            visit,
            page=fallback,
            response=existing,
            data=data,
            problems=[_("This page of the survey does not exist.")],
            status=400,
        )
    reason = why_not_answer(user, poll)
    if reason is not None:
        return _render(visit, page=page, response=existing, refusal=reason, status=403)
    try:
        response = services.response_start(actor=user, poll=poll, token=visit.token, ip=ip)
    except PermissionDenied as refused:
        answered = existing is not None and existing.status == ResponseStatus.SUBMITTED
        return _render(  # already answered: the page says so in place of the form
            visit,
            page=page,
            response=existing,
            data=data,
            problems=None if answered else [str(refused)],
            status=403,
        )
    action = request.POST.get("action")
    if action not in ACTIONS or (action == "save" and not user.is_authenticated):
        action = "next"
    if action == "back":
        try:
            services.response_save_page(actor=user, response=response, page=page, data=data, ip=ip)
        except ValidationError:
            messages.warning(
                request,
                _(
                    "The answers on the page you left were not saved: some were missing or "
                    "not valid."
                ),
            )
        chosen = selectors.chosen_options(response=response)
        return _see_other(visit.page_url(_neighbour(visit, page, chosen, forward=False)))
    submit = action == "submit" and page == visit.pages[-1]
    show_publicly = submit and user.is_authenticated and bool(request.POST.get("show_publicly"))
    accepted = None
    form_extra = {
        "show_publicly": bool(request.POST.get("show_publicly")),
        "accept_rules": bool(request.POST.get("accept_rules")),
    }
    if show_publicly:
        try:
            version = int(request.POST.get("rules_version") or 0) or None
        except ValueError:
            version = None
        accepted = rules_accepted_on_form(
            agency=poll.agency, ticked=bool(request.POST.get("accept_rules")), version_id=version
        )
        if accepted is None and current_rules(agency=poll.agency) is not None:
            return _render(
                visit,
                page=page,
                response=response,
                data=data,
                errors={"accept_rules": [_("Please read and accept the participation rules.")]},
                form_extra=form_extra,
                status=400,
            )
    try:
        services.response_save_page(
            actor=user,
            response=response,
            page=page,
            data=data,
            submit=submit,
            show_publicly=show_publicly,
            accepted_rules=accepted,
            ip=ip,
        )
    except ValidationError as error:
        errors, problems = _errors(error)
        elsewhere = _missing_elsewhere(visit, page, errors)
        if submit and elsewhere is not None:
            # Sending found an unanswered question on another page: keep this page's answers
            # (they were valid) and show that page with the question marked.
            services.response_save_page(actor=user, response=response, page=page, data=data, ip=ip)
            saved = selectors.saved_form_data(response=response, questions=visit.questions)
            return _render(
                visit, page=elsewhere, response=response, data=saved, errors=errors, status=400
            )
        return _render(
            visit,
            page=page,
            response=response,
            data=data,
            errors=errors,
            problems=problems,
            form_extra=form_extra,
            status=400,
        )
    except PermissionDenied as refused:
        return _render(
            visit, page=page, response=response, data=data, problems=[str(refused)], status=403
        )
    if submit:
        messages.success(request, _("Thank you: your answers were sent."))
        return _see_other(visit.url)
    if action == "save":
        messages.success(
            request,
            _(
                "Your answers are saved. Come back to this page while signed in to continue "
                "where you stopped."
            ),
        )
        return _see_other(visit.url)
    chosen = selectors.chosen_options(response=response)
    return _see_other(visit.page_url(_neighbour(visit, page, chosen, forward=True)))


def _missing_elsewhere(visit: Visit, page: int, errors: dict) -> int | None:
    """The page of a question reported missing that is not on the page sent, if any."""
    for q in visit.questions:
        if q.page != page and answer_values.field_name(q) in errors:
            return q.page
    return None


def _show(visit: Visit) -> HttpResponse:
    request, poll = visit.request, visit.poll
    response = selectors.respondent_response(poll=poll, user=request.user, token=visit.token)
    asked = request.GET.get("page")
    if asked is not None:
        page = _page_number(asked, visit.pages)
        if page is None:
            raise Http404
    elif response is not None and response.page in visit.pages:
        page = response.page
    else:
        page = visit.pages[0]
    saved = selectors.saved_form_data(response=response, questions=visit.questions)
    return _render(visit, page=page, response=response, data=saved)


@require_http_methods(["GET", "HEAD", "POST"])
def poll_detail(request: HttpRequest, agency_slug: str, slug: str) -> HttpResponse:
    preview = request.GET.get("preview") == "1"
    poll = selectors.public_poll(
        agency_slug=agency_slug, slug=slug, user=request.user, preview=preview
    )
    questions = selectors.poll_questions(poll=poll)
    visit = Visit(
        request=request,
        poll=poll,
        questions=questions,
        pages=selectors.poll_pages(questions=questions),
        preview=preview and selectors.may_preview(user=request.user, poll=poll),
    )
    if visit.preview:
        return _preview(visit)
    visit.token, visit.new_secret = _browser_token(request, poll)
    found = _answer(visit) if request.method == "POST" else _show(visit)
    if visit.new_secret:
        found.set_signed_cookie(
            COOKIE_NAME,
            visit.new_secret,
            salt=COOKIE_SALT,
            max_age=COOKIE_AGE,
            httponly=True,
            samesite="Lax",
            secure=request.is_secure(),
        )
    return found
