"""Polls and surveys in the staff workspace, ``/workspace/<agency>/polls/``: the list, building
(settings and questions), publishing, closing, the statement and the submitted responses.

Each view fetches the agency with ``workspace_for`` (404 for other agencies' staff, 403 for roles
without the action), looks the poll up within that agency (404 otherwise) and calls one service.
A refused service call comes back beside the fields it names, with status 400 and what was typed.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.models import Agency
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for
from musharaka.polls import services, staff_selectors
from musharaka.polls.models import Phase, Poll, PollKind
from musharaka.polls.workspace_forms import (
    PollCreateForm,
    PollSettingsForm,
    QuestionForm,
    StatementForm,
    new_poll_initial,
    option_formset,
    option_rows,
    poll_initial,
    question_initial,
)

PAGE_SIZE = 30
RESPONSES_PAGE_SIZE = 30
# Service error keys that the question form shows under another field.
_QUESTION_FIELD_OF = {"scale_min": "scale", "scale_max": "scale"}


def _agency_and_poll(request: HttpRequest, agency: str, poll: int, action: str):
    agency_obj = workspace_for(request, agency, action)
    return agency_obj, staff_selectors.workspace_poll(agency=agency_obj, pk=poll)


def _may_see_responses(request: HttpRequest, agency: str) -> Agency:
    """Authors and the agency's analysts (rule ``polls.see_responses``)."""
    agency_obj = workspace_for(request, agency, "workspace.view")
    if not rules.test_rule("polls.see_responses", request.user, agency_obj):
        raise PermissionDenied
    return agency_obj


def _edit_url(poll: Poll, anchor: str = "") -> str:
    url = reverse("workspace:poll_edit", args=[poll.agency.slug, poll.pk])
    return f"{url}#{anchor}" if anchor else url


def _phase_label(poll: Poll) -> str:
    return Phase(poll.phase).label


# --- The list -------------------------------------------------------------------------------


@login_required
@require_safe
def poll_list(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = _may_see_responses(request, agency)
    page = Paginator(staff_selectors.workspace_polls(agency=agency_obj), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for poll in page.object_list:
        poll.phase_label = _phase_label(poll)
    return render(request, "polls/workspace/list.html", {"agency": agency_obj, "page": page})


# --- Settings -------------------------------------------------------------------------------


def _settings_form(poll: Poll | None, data=None) -> PollSettingsForm:
    agencies = staff_selectors.invitable_agencies()
    if poll is None:
        return PollCreateForm(data, initial=new_poll_initial(), agencies=agencies)
    return PollSettingsForm(
        data,
        initial=poll_initial(poll),
        agencies=agencies,
        answered=staff_selectors.poll_answered(poll=poll),
        anonymous=poll.anonymous_results,
    )


@login_required
def poll_create(request: HttpRequest, agency: str) -> HttpResponse:
    """Choose a quick poll or a survey and its settings; the questions come next."""
    agency_obj = workspace_for(request, agency, "content.edit")
    if request.method != "POST":
        form = _settings_form(None)
        return render(request, "polls/workspace/create.html", {"agency": agency_obj, "form": form})
    form = _settings_form(None, request.POST)
    if form.is_valid():
        try:
            poll = services.poll_create(
                actor=request.user,
                agency=agency_obj,
                kind=form.cleaned_data["kind"],
                data=form.service_data(),
                invited=list(form.cleaned_data["invited_agencies"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The poll was created. Now add its questions."))
            return redirect(_edit_url(poll, "questions"))
    return render(
        request, "polls/workspace/create.html", {"agency": agency_obj, "form": form}, status=400
    )


def _edit_page(
    request: HttpRequest,
    agency: Agency,
    poll: Poll,
    *,
    status: int = 200,
    settings_form: PollSettingsForm | None = None,
    question_form: QuestionForm | None = None,
    option_forms=None,
    option_errors: list[str] | None = None,
    problems: list[str] | None = None,
    publish_problems: list[str] | None = None,
) -> HttpResponse:
    """The settings, the questions by page and the form to add one, the lifecycle buttons."""
    questions = staff_selectors.builder_questions(poll=poll)
    may_add = poll.published_at is None and not (poll.kind == PollKind.QUICK and questions)
    if question_form is None and may_add:
        last_page = max((row.question.page for row in questions), default=1)
        question_form = QuestionForm(
            survey=poll.kind == PollKind.SURVEY,
            conditions=staff_selectors.condition_choices(questions=questions),
            initial={"page": last_page},
        )
        option_forms = option_formset()
    return render(
        request,
        "polls/workspace/edit.html",
        {
            "agency": agency,
            "poll": poll,
            "phase_label": _phase_label(poll),
            "pages": staff_selectors.pages_of(questions),
            "form": settings_form or _settings_form(poll),
            "question_form": question_form,
            "option_forms": option_forms,
            "option_errors": option_errors or [],
            "problems": problems or [],
            "publish_problems": publish_problems or [],
            "preview_url": _preview_url(poll),
        },
        status=status,
    )


def _preview_url(poll: Poll) -> str:
    return reverse("polls:detail", args=[poll.agency.slug, poll.slug]) + "?preview=1"


@login_required
def poll_edit(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    agency_obj, found = _agency_and_poll(request, agency, poll, "content.edit")
    if request.method != "POST":
        return _edit_page(request, agency_obj, found)
    form = _settings_form(found, request.POST)
    if form.is_valid():
        try:
            services.poll_update(
                actor=request.user,
                poll=found,
                data=form.service_data(),
                invited=list(form.cleaned_data["invited_agencies"]),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect(_edit_url(found))
        found.refresh_from_db()  # the service may have set values before refusing
    return _edit_page(request, agency_obj, found, status=400, settings_form=form)


# --- Questions ------------------------------------------------------------------------------


def _question_errors(form: QuestionForm, error: ValidationError) -> list[str]:
    """Put a service refusal beside the question's fields; the options' problems are returned
    for the options table."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return []
    option_errors: list[str] = []
    for key, errors in error.error_dict.items():
        texts = [text for e in errors for text in e.messages]
        if key == "options":
            option_errors += texts
        else:
            name = _QUESTION_FIELD_OF.get(key, key)
            form.add_error(name if name in form.fields else None, texts)
    return option_errors


def _bound_question(request: HttpRequest, poll: Poll, conditions, *, question=None, locked=False):
    form = QuestionForm(
        request.POST,
        survey=poll.kind == PollKind.SURVEY,
        conditions=conditions,
        locked=locked,
        initial=question_initial(question) if question is not None else None,
    )
    formset = option_formset(request.POST, question=question)
    form_ok, rows_ok = form.is_valid(), formset.is_valid()  # both, to show every error at once
    return form, formset, form_ok and rows_ok


def _formset_errors(formset) -> list[str]:
    if formset.is_bound and not formset.is_valid():
        texts = list(formset.non_form_errors())
        if any(form.errors for form in formset.forms):
            texts.append(_("Check the options marked below."))
        return texts
    return []


@login_required
@require_POST
def question_add(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    agency_obj, found = _agency_and_poll(request, agency, poll, "content.edit")
    questions = staff_selectors.builder_questions(poll=found)
    conditions = staff_selectors.condition_choices(questions=questions)
    form, formset, valid = _bound_question(request, found, conditions)
    option_errors = _formset_errors(formset)
    if valid:
        try:
            services.question_add(
                actor=request.user,
                poll=found,
                data=form.service_data(),
                options=option_rows(formset),
            )
        except ValidationError as error:
            option_errors = _question_errors(form, error)
        else:
            messages.success(request, _("The question was added."))
            return redirect(_edit_url(found, "questions"))
    return _edit_page(
        request,
        agency_obj,
        found,
        status=400,
        question_form=form,
        option_forms=formset,
        option_errors=option_errors,
    )


def _builder_row(poll: Poll, pk: int):
    questions = staff_selectors.builder_questions(poll=poll)
    row = next((r for r in questions if r.question.pk == pk), None)
    if row is None:
        raise Http404
    return questions, row


@login_required
def question_edit(request: HttpRequest, agency: str, poll: int, question: int) -> HttpResponse:
    """Edit a question. Once answered, only its wording and option labels change (each change
    kept as a revision), options may be added but not removed; the rest is shown disabled."""
    agency_obj, found = _agency_and_poll(request, agency, poll, "content.edit")
    questions, row = _builder_row(found, question)
    conditions = staff_selectors.condition_choices(questions=questions, before=row.question)
    status = 200
    option_errors: list[str] = []
    if request.method != "POST":
        form = QuestionForm(
            initial=question_initial(row.question),
            survey=found.kind == PollKind.SURVEY,
            conditions=conditions,
            locked=row.answered,
        )
        formset = option_formset(question=row.question)
    else:
        form, formset, valid = _bound_question(
            request, found, conditions, question=row.question, locked=row.answered
        )
        option_errors = _formset_errors(formset)
        if valid:
            try:
                services.question_update(
                    actor=request.user,
                    question=row.question,
                    data=form.service_data(),
                    options=option_rows(formset),
                )
            except ValidationError as error:
                option_errors = _question_errors(form, error)
            else:
                messages.success(request, _("The question was saved."))
                return redirect(_edit_url(found, f"question-{row.question.pk}"))
        status = 400
        # The refused service may have changed the question in memory: show it as stored.
        questions, row = _builder_row(found, question)
    return render(
        request,
        "polls/workspace/question.html",
        {
            "agency": agency_obj,
            "poll": found,
            "row": row,
            "question_form": form,
            "option_forms": formset,
            "option_errors": option_errors,
        },
        status=status,
    )


@login_required
@require_POST
def question_remove(request: HttpRequest, agency: str, poll: int, question: int) -> HttpResponse:
    agency_obj, found = _agency_and_poll(request, agency, poll, "content.edit")
    _questions, row = _builder_row(found, question)
    try:
        services.question_remove(actor=request.user, question=row.question)
    except ValidationError as error:
        return _edit_page(request, agency_obj, found, status=400, problems=error.messages)
    messages.success(request, _("The question was removed."))
    return redirect(_edit_url(found, "questions"))


MOVES = {"up": -1, "down": 1}


@login_required
@require_POST
def question_move(request: HttpRequest, agency: str, poll: int, question: int) -> HttpResponse:
    agency_obj, found = _agency_and_poll(request, agency, poll, "content.edit")
    _questions, row = _builder_row(found, question)
    try:
        services.question_move(
            actor=request.user,
            question=row.question,
            offset=MOVES.get(request.POST.get("direction", ""), 0),
        )
    except ValidationError as error:
        return _edit_page(request, agency_obj, found, status=400, problems=error.messages)
    return redirect(_edit_url(found, f"question-{row.question.pk}"))


# --- Publishing, closing, the statement -----------------------------------------------------


@login_required
@require_POST
def poll_publish(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    agency_obj, found = _agency_and_poll(request, agency, poll, "content.publish")
    try:
        services.poll_publish(actor=request.user, poll=found)
    except ValidationError as error:
        return _edit_page(request, agency_obj, found, status=400, publish_problems=error.messages)
    messages.success(request, _("The poll is published."))
    return redirect(_edit_url(found))


@login_required
def poll_close(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    """GET asks to confirm; POST closes the poll now."""
    agency_obj, found = _agency_and_poll(request, agency, poll, "content.publish")
    problems: list[str] = []
    if request.method == "POST":
        try:
            services.poll_close(actor=request.user, poll=found)
        except ValidationError as error:
            problems = error.messages
        else:
            messages.success(request, _("The poll is closed."))
            return redirect(_edit_url(found))
    return render(
        request,
        "polls/workspace/close.html",
        {"agency": agency_obj, "poll": found, "problems": problems},
        status=400 if problems else 200,
    )


@login_required
def poll_statement(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    """What the agency will do with what it heard, published after the poll closes; respondents
    with an account are told the first time."""
    agency_obj, found = _agency_and_poll(request, agency, poll, "content.publish")
    status = 200
    if request.method != "POST":
        form = StatementForm(
            initial={"statement_ar": found.statement_ar, "statement_en": found.statement_en}
        )
    else:
        form = StatementForm(request.POST)
        first = found.statement_at is None
        if form.is_valid():
            try:
                services.poll_statement_publish(actor=request.user, poll=found, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("The statement is published and respondents were told.")
                    if first
                    else _("The statement was updated."),
                )
                return redirect(_edit_url(found))
        status = 400
    return render(
        request,
        "polls/workspace/statement.html",
        {"agency": agency_obj, "poll": found, "form": form, "closed": found.phase == Phase.CLOSED},
        status=status,
    )


# --- Responses ------------------------------------------------------------------------------


@login_required
@require_safe
def poll_responses(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    """Each submitted response with its answers; who answered is hidden when the poll promised
    anonymous results."""
    agency_obj = _may_see_responses(request, agency)
    found = staff_selectors.workspace_poll(agency=agency_obj, pk=poll)
    page = Paginator(staff_selectors.submitted_responses(poll=found), RESPONSES_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    rows = staff_selectors.response_rows(
        poll=found,
        responses=list(page.object_list),
        first_number=page.paginator.count - max(page.start_index(), 1) + 1,
    )
    return render(
        request,
        "polls/workspace/responses.html",
        {"agency": agency_obj, "poll": found, "page": page, "rows": rows},
    )
