"""The staff queue and request pages of direct communication, under
``/workspace/<agency>/contact/``.

The queue is for the roles that answer requests (``requests.respond``: 403 for other staff) and
lists only what the reader may handle. A request's page and its actions follow the rule
``contact.handle``: anyone else, other staff of the agency included, gets a 404 as if the
request did not exist. Every display of a request goes through ``services.request_open``, which
records the read in the audit trail. Writes go through ``services.py``; a refusal comes back on
the request page with what was typed (400 for invalid input, 403 for not allowed).

The URL's request id is named ``pk``: a keyword ``request`` would collide with the view's and
the decorators' first argument.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

import musharaka.contact.rules  # noqa: F401  (registers "contact.handle" and "contact.assign")
from musharaka.contact import queue as reads
from musharaka.contact import services
from musharaka.contact.models import OPEN_STATUSES, MessageAttachment, Request, Status
from musharaka.contact.workspace_forms import (
    AnswerForm,
    AskForm,
    AssignForm,
    MergeForm,
    NoteForm,
    PublishForm,
    QueueFilterForm,
    TemplatePickForm,
    TransferForm,
)
from musharaka.core.models import Agency
from musharaka.core.selectors import workspace_agency
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for

RESPOND = "requests.respond"
QUEUE_FILTERS = ("inbox", "status", "kind", "assigned", "overdue", "escalated")

# One page holds several forms with a field "body": each gets its own prefix for element ids.
FORM_IDS = {
    "assign": "assign_%s",
    "answer": "answer_%s",
    "ask": "ask_%s",
    "note": "note_%s",
    "merge": "merge_%s",
    "transfer": "transfer_%s",
    "publish": "publish_%s",
    "template": "template_%s",
}


# --- The queue --------------------------------------------------------------------------------


@login_required
@require_safe
def queue(request: HttpRequest, agency: str) -> HttpResponse:
    """The responder's working queue: what they may handle, soonest deadline first, 50 to a
    page. Filters come by GET and stay in the paging links."""
    agency_obj = workspace_for(request, agency, RESPOND)
    inboxes = reads.handled_inboxes(user=request.user, agency=agency_obj)
    filter_form = QueueFilterForm(request.GET, inboxes=inboxes, auto_id="filter_%s")
    status = 200 if filter_form.is_valid() else 400
    rows = reads.staff_queue(
        user=request.user, agency=agency_obj, inboxes=inboxes, **filter_form.filters()
    )
    page = reads.queue_page(rows, request.GET.get("page"))
    calendar = reads.with_deadlines(page.object_list, agency=agency_obj)
    return render(
        request,
        "contact/workspace/queue.html",
        {
            "agency": agency_obj,
            "filter_form": filter_form,
            "page": page,
            "inboxes": inboxes,
            "filtered": any(request.GET.get(k) for k in QUEUE_FILTERS),
            "day_hours": round(calendar.day_seconds / 3600, 1),
        },
        status=status,
    )


# --- One request ------------------------------------------------------------------------------


def _handled(request: HttpRequest, agency: str, pk: int) -> tuple[Agency, Request]:
    """The agency and request of the URL for someone who may handle it; 404 for anyone else
    (not on the agency's staff, or not one of the request's people)."""
    agency_obj = workspace_agency(user=request.user, slug=agency)
    found = reads.staff_request(agency=agency_obj, pk=pk)
    if not rules.test_rule("contact.handle", request.user, found):
        raise Http404
    return agency_obj, found


def _error_summary(forms: dict[str, Form]) -> list[tuple[str, str]]:
    """(anchor, text) for each error of the bound forms, for the summary atop the page."""
    summary = []
    for form in forms.values():
        if not form.is_bound or not form.errors:
            continue
        summary += [("", str(error)) for error in form.non_field_errors()]
        for name in form.fields:
            field = form[name]
            summary += [(field.id_for_label, f"{field.label}: {error}") for error in field.errors]
    return summary


def _page(
    request: HttpRequest,
    agency: Agency,
    found: Request,
    *,
    forms: dict[str, Form] | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    """The request page with its conversation and the actions the reader may take. It shows
    the request, so it goes through ``request_open``: 404 for outsiders, and an audit event."""
    services.request_open(actor=request.user, request=found)
    forms = forms or {}
    handling = found.status in reads.HANDLED_STATUSES
    may_assign = rules.test_rule("contact.assign", request.user, found)
    templates = reads.reply_templates(agency=agency)
    publishable = (
        found.status in (Status.ANSWERED, Status.CLOSED)
        and found.consent_publish
        and found.inbox.answers_publishable
    )
    published = reads.published_answer(request=found)
    calendar = reads.with_deadlines([found], agency=agency)
    # A form sent back with a refusal is shown even where the request's status would not
    # offer it any more (say, answered meanwhile), so that what was typed is not lost.
    posted = {name for name, form in forms.items() if form.is_bound}
    open_now = found.status in OPEN_STATUSES
    context = {
        "agency": agency,
        "item": found,
        "conversation": reads.conversation(request=found),
        "deadline": found.deadline,
        "chain": reads.escalation_chain(request=found),
        "merged": reads.merged_requests(request=found),
        "day_hours": round(calendar.day_seconds / 3600, 1),
        "handling": handling,
        "show_answer": open_now or "answer" in posted,
        "show_ask": open_now or "ask" in posted,
        "may_start": found.status in (Status.RECEIVED, Status.ASSIGNED),
        "may_close": found.status == Status.ANSWERED,
        "may_take": handling and not may_assign and found.assigned_to_id is None,
        "templates": templates,
        "template_form": forms.get("template")
        or TemplatePickForm(templates=templates, auto_id=FORM_IDS["template"]),
        "answer_form": forms.get("answer") or AnswerForm(auto_id=FORM_IDS["answer"]),
        "ask_form": forms.get("ask") or AskForm(auto_id=FORM_IDS["ask"]),
        "note_form": forms.get("note") or NoteForm(auto_id=FORM_IDS["note"]),
        "errors": errors or [],
        "summary": _error_summary(forms),
        "published": published,
    }
    if (may_assign and handling) or "assign" in posted:
        context["assign_form"] = forms.get("assign") or AssignForm(
            people=reads.assignable_people(request=found, also=request.user),
            auto_id=FORM_IDS["assign"],
        )
    if handling or "merge" in posted:
        context["merge_form"] = forms.get("merge") or MergeForm(
            candidates=reads.merge_candidates(user=request.user, request=found),
            auto_id=FORM_IDS["merge"],
        )
    if handling or "transfer" in posted:
        context["transfer_form"] = forms.get("transfer") or TransferForm(
            inboxes=reads.transfer_inboxes(agency=agency), auto_id=FORM_IDS["transfer"]
        )
    if (publishable and published is None) or "publish" in posted:
        context["publish_form"] = forms.get("publish") or PublishForm(
            initial={"question": found.body, "answer": reads.last_staff_answer(request=found)},
            auto_id=FORM_IDS["publish"],
        )
    return render(request, "contact/workspace/request.html", context, status=status)


@login_required
@require_safe
def request_detail(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    """The whole conversation (internal notes marked), the deadline and the actions.
    ``?template=<id>`` (or ``<id>-en``) puts a saved reply into the answer box, so choosing one
    needs no JavaScript."""
    agency_obj, found = _handled(request, agency, pk)
    if "template" not in request.GET:
        return _page(request, agency_obj, found)
    picker = TemplatePickForm(
        request.GET,
        templates=reads.reply_templates(agency=agency_obj),
        auto_id=FORM_IDS["template"],
    )
    if not picker.is_valid():
        return _page(request, agency_obj, found, forms={"template": picker}, status=400)
    answer = AnswerForm(initial={"body": picker.text()}, auto_id=FORM_IDS["answer"])
    return _page(request, agency_obj, found, forms={"template": picker, "answer": answer})


def _back(found: Request) -> HttpResponse:
    return redirect("workspace:contact_request", found.agency.slug, found.pk)


def _refused(
    request: HttpRequest,
    agency: Agency,
    found: Request,
    name: str,
    form: Form | None,
    error: ValidationError | PermissionDenied | None = None,
) -> HttpResponse:
    """The page again with the form as typed and the refusal: on the form's fields when the
    service names them, else above the page (400 invalid, 403 not allowed)."""
    forms = {name: form} if form is not None else {}
    if isinstance(error, PermissionDenied):
        text = str(error) or _("You cannot do this with this request.")
        return _page(request, agency, found, forms=forms, errors=[text], status=403)
    if error is not None and form is None:
        return _page(request, agency, found, errors=error.messages, status=400)
    if error is not None:
        add_service_errors(form, error)
    return _page(request, agency, found, forms=forms, status=400)


FAILED = (ValidationError, PermissionDenied)


@login_required
@require_POST
def request_assign(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    """Managers give the request to a team member; a team member takes an unassigned one
    (the "Take it" button posts their own id)."""
    agency_obj, found = _handled(request, agency, pk)
    people = reads.assignable_people(request=found, also=request.user)
    form = AssignForm(request.POST, people=people, auto_id=FORM_IDS["assign"])
    if not form.is_valid():
        return _refused(request, agency_obj, found, "assign", form)
    assignee = form.cleaned_data["assignee"]
    try:
        services.request_assign(actor=request.user, request=found, assignee=assignee)
    except FAILED as error:
        return _refused(request, agency_obj, found, "assign", form, error)
    if assignee.pk == request.user.pk:
        messages.success(request, _("The request is yours now."))
    else:
        messages.success(
            request,
            _("Assigned to %(name)s; they are told.") % {"name": str(assignee)},
        )
    return _back(found)


@login_required
@require_POST
def request_start(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    agency_obj, found = _handled(request, agency, pk)
    try:
        services.request_start(actor=request.user, request=found)
    except FAILED as error:
        return _refused(request, agency_obj, found, "start", None, error)
    messages.success(request, _("Work has started: the request is in progress."))
    return _back(found)


@login_required
@require_POST
def request_note(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    agency_obj, found = _handled(request, agency, pk)
    form = NoteForm(request.POST, auto_id=FORM_IDS["note"])
    if not form.is_valid():
        return _refused(request, agency_obj, found, "note", form)
    try:
        services.request_note(actor=request.user, request=found, body=form.cleaned_data["body"])
    except FAILED as error:
        return _refused(request, agency_obj, found, "note", form, error)
    messages.success(request, _("Internal note added. The citizen does not see it."))
    return _back(found)


@login_required
@require_POST
def request_answer(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    agency_obj, found = _handled(request, agency, pk)
    form = AnswerForm(request.POST, request.FILES, auto_id=FORM_IDS["answer"])
    if not form.is_valid():
        return _refused(request, agency_obj, found, "answer", form)
    try:
        services.request_answer(
            actor=request.user,
            request=found,
            body=form.cleaned_data["body"],
            uploads=form.cleaned_data["files"],
        )
    except FAILED as error:
        return _refused(request, agency_obj, found, "answer", form, error)
    messages.success(request, _("The answer is sent; the citizen is told."))
    return _back(found)


@login_required
@require_POST
def request_ask(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    agency_obj, found = _handled(request, agency, pk)
    form = AskForm(request.POST, auto_id=FORM_IDS["ask"])
    if not form.is_valid():
        return _refused(request, agency_obj, found, "ask", form)
    try:
        services.request_ask_information(
            actor=request.user, request=found, body=form.cleaned_data["body"]
        )
    except FAILED as error:
        return _refused(request, agency_obj, found, "ask", form, error)
    messages.success(
        request,
        _("The request is returned to the citizen for more information; the clock is paused."),
    )
    return _back(found)


@login_required
@require_POST
def request_close(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    agency_obj, found = _handled(request, agency, pk)
    try:
        services.request_close(actor=request.user, request=found)
    except FAILED as error:
        return _refused(request, agency_obj, found, "close", None, error)
    messages.success(
        request,
        _("The request is closed. The citizen may still reopen it within 14 days of the answer."),
    )
    return _back(found)


@login_required
@require_POST
def request_merge(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    """Merge this repeated request into another of the same citizen, then show that one."""
    agency_obj, found = _handled(request, agency, pk)
    form = MergeForm(
        request.POST,
        candidates=reads.merge_candidates(user=request.user, request=found),
        auto_id=FORM_IDS["merge"],
    )
    if not form.is_valid():
        return _refused(request, agency_obj, found, "merge", form)
    try:
        into = services.request_merge(
            actor=request.user, duplicate=found, into=form.cleaned_data["into"]
        )
    except FAILED as error:
        return _refused(request, agency_obj, found, "merge", form, error)
    messages.success(
        request,
        _("Request %(duplicate)s is merged into this one; the citizen is told.")
        % {"duplicate": found.number},
    )
    return _back(into)


@login_required
@require_POST
def request_transfer(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    agency_obj, found = _handled(request, agency, pk)
    form = TransferForm(
        request.POST,
        inboxes=reads.transfer_inboxes(agency=agency_obj),
        auto_id=FORM_IDS["transfer"],
    )
    if not form.is_valid():
        return _refused(request, agency_obj, found, "transfer", form)
    try:
        moved = services.request_transfer(
            actor=request.user,
            request=found,
            to_inbox=form.cleaned_data["to_inbox"],
            reason=form.cleaned_data["reason"],
        )
    except FAILED as error:
        return _refused(request, agency_obj, found, "transfer", form, error)
    messages.success(
        request,
        _("Transferred to %(agency)s as request %(number)s; the citizen is told.")
        % {"agency": moved.agency.name, "number": moved.number},
    )
    return _back(found)


@login_required
@require_POST
def answer_publish(request: HttpRequest, agency: str, pk: int) -> HttpResponse:
    """Put the question (rewritten without personal details) and the answer on the agency's
    public Q&A page, through the moderation pipeline."""
    agency_obj, found = _handled(request, agency, pk)
    form = PublishForm(request.POST, auto_id=FORM_IDS["publish"])
    if not form.is_valid():
        return _refused(request, agency_obj, found, "publish", form)
    try:
        services.answer_publish(actor=request.user, request=found, **form.cleaned_data)
    except FAILED as error:
        return _refused(request, agency_obj, found, "publish", form, error)
    messages.success(
        request,
        _(
            "The question and answer are sent to the public page. Personal details the checks "
            "find are masked, and they are shown once moderation allows."
        ),
    )
    return _back(found)


# --- Attachments ------------------------------------------------------------------------------


def _download(found: MessageAttachment) -> FileResponse:
    """Always a download with the type detected at upload, never rendered in the browser."""
    extension = found.file.name.rsplit(".", 1)[-1].lower()
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    stem = slugify(found.name.rsplit(".", 1)[0], allow_unicode=True) or "attachment"
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem[:80]}.{extension}",
        content_type=found.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_safe
def attachment_download(
    request: HttpRequest, agency: str, pk: int, attachment: int
) -> HttpResponse:
    """A file of the conversation, for the request's people only (404 for anyone else). Not
    audited separately: the link is only on the request page, whose every display is."""
    _agency, found = _handled(request, agency, pk)
    return _download(reads.staff_attachment(request=found, pk=attachment))
