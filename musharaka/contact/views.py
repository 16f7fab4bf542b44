"""Citizens' pages of direct communication: which agencies take requests and through which
inboxes, sending a request, following one's requests (conversation, reply, reopen, rate) and an
agency's public questions and answers.

Requests are private: every page about one finds it through ``selectors.citizen_request``, so
somebody else's tracking number is a 404. Internal notes never reach these pages. Staff are not
named to the citizen: answers come from "the agency".
"""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from musharaka.contact import selectors, services
from musharaka.contact.calendar import WorkingTime
from musharaka.contact.forms import RateForm, ReopenForm, ReplyForm, RequestForm
from musharaka.contact.models import CLOCK_STATUSES, Inbox, Request, Status
from musharaka.core.middleware import client_ip
from musharaka.core.selectors import public_agency
from musharaka.core.workspace_forms import add_service_errors

PER_PAGE = 20
RECEIVED_KEY = "contact:received"  # the number just sent, shown once on the request page


def signed_in(view):
    """Sign in first, then come back: to the page itself, or, from a form posted on a
    request's page, to that page (the form's own address only takes posts)."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        back = request.get_full_path()
        if request.method == "POST" and "number" in kwargs:
            back = reverse("contact:request", args=[kwargs["number"]])
        return redirect_to_login(back)

    return wrapper


def _see_other(url: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(url, status=303)


def _request_url(found: Request) -> str:
    return reverse("contact:request", args=[found.number])


def _response_time(inbox: Inbox, calendar: WorkingTime) -> str:
    unit, n = selectors.response_time(inbox=inbox, calendar=calendar)
    if unit == "days":
        return ngettext(
            "Answered within %(n)d working day", "Answered within %(n)d working days", n
        ) % {"n": n}
    return ngettext(
        "Answered within %(n)d working hour", "Answered within %(n)d working hours", n
    ) % {"n": n}


def _error_summary(*forms) -> list[tuple[str, str]]:
    """(anchor, message) for every error of the bound forms: the summary above the forms links
    to the control each message is about."""
    summary = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for name, texts in form.errors.items():
            if name in form.fields:
                field = form[name]
                anchor = field.auto_id + ("_0" if field.field.widget.use_fieldset else "")
                summary += [(anchor, text) for text in texts]
            else:
                summary += [("", text) for text in texts]
    return summary


# --- Where to write ------------------------------------------------------------------------


@require_safe
def contact_index(request: HttpRequest) -> HttpResponse:
    return render(request, "contact/public/index.html", {"agencies": selectors.contact_agencies()})


@require_safe
def agency_inboxes(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = public_agency(slug=agency_slug)
    calendar = selectors.working_time(agency=agency)
    inboxes = list(selectors.public_inboxes(agency=agency))
    for inbox in inboxes:
        inbox.response_time = _response_time(inbox, calendar)
    return render(request, "contact/public/agency.html", {"agency": agency, "inboxes": inboxes})


@require_safe
def public_answers(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = public_agency(slug=agency_slug)
    page = Paginator(selectors.published_answers(agency=agency), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "contact/public/answers.html", {"agency": agency, "page": page})


# --- Sending a request ---------------------------------------------------------------------


@signed_in
@require_http_methods(["GET", "HEAD", "POST"])
def request_new(request: HttpRequest, agency_slug: str, inbox_slug: str) -> HttpResponse:
    """The form of one inbox. Refusals come back with what was typed (files must be chosen
    again: browsers cannot refill a file input) and the reason beside the field."""
    inbox = selectors.public_inbox(agency_slug=agency_slug, slug=inbox_slug)
    calendar = selectors.working_time(agency=inbox.agency)
    context = {
        "inbox": inbox,
        "agency": inbox.agency,
        "response_time": _response_time(inbox, calendar),
    }
    publishable = inbox.answers_publishable
    if request.method != "POST":
        context["form"] = RequestForm(publishable=publishable)
        return render(request, "contact/public/new.html", context)
    form = RequestForm(request.POST, request.FILES, publishable=publishable)
    context["form"] = form
    if not inbox.is_active:
        # The page says the inbox is closed; nothing is saved.
        return render(request, "contact/public/new.html", context, status=400)
    if form.is_valid():
        data = form.cleaned_data
        try:
            sent = services.request_submit(
                actor=request.user,
                inbox=inbox,
                kind=data["kind"],
                subject=data["subject"],
                body=data["body"],
                consent_publish=data.get("consent_publish", False),
                uploads=data["files"],
                ip=client_ip(request),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            request.session[RECEIVED_KEY] = sent.number
            return _see_other(_request_url(sent))
    context["summary"] = _error_summary(form)
    return render(request, "contact/public/new.html", context, status=400)


# --- Following one's requests ---------------------------------------------------------------


@signed_in
@require_safe
def my_requests(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.citizen_requests(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "contact/public/mine.html",
        {"page": page, "clock_statuses": [str(s) for s in CLOCK_STATUSES]},
    )


def _actions(found: Request) -> dict[str, bool]:
    """Which forms the request page offers; the services refuse the others anyway."""
    deadline = services.reopen_deadline(found)
    answered = found.status in (Status.ANSWERED, Status.CLOSED) and found.answered_at
    return {
        "may_reply": found.status not in (Status.CLOSED, Status.TRANSFERRED),
        "may_rate": bool(answered) and found.rating is None,
        "may_reopen": bool(answered)
        and not found.merged_into_id
        and deadline is not None
        and timezone.now() <= deadline,
        "reopen_until": deadline,
    }


def _detail(
    request: HttpRequest,
    found: Request,
    *,
    reply_form: ReplyForm | None = None,
    reopen_form: ReopenForm | None = None,
    rate_form: RateForm | None = None,
    refusal: str = "",
    status: int = 200,
) -> HttpResponse:
    summary = _error_summary(reply_form, reopen_form, rate_form)
    if refusal:
        summary.insert(0, ("", refusal))
    context = {
        "req": found,
        "conversation": selectors.conversation(request=found),
        "transferred_from": selectors.transferred_from(request=found),
        "clock_runs": found.status in CLOCK_STATUSES,
        "overdue": found.status in CLOCK_STATUSES
        and found.due_at is not None
        and found.due_at < timezone.now(),
        "just_received": request.session.pop(RECEIVED_KEY, None) == found.number,
        "reply_form": reply_form or ReplyForm(prefix="reply"),
        "reopen_form": reopen_form or ReopenForm(prefix="reopen"),
        "rate_form": rate_form or RateForm(prefix="rate"),
        "summary": summary,
        **_actions(found),
    }
    return render(request, "contact/public/request.html", context, status=status)


@signed_in
@require_safe
def request_detail(request: HttpRequest, number: str) -> HttpResponse:
    return _detail(request, selectors.citizen_request(user=request.user, number=number))


def _refused(error: ValidationError) -> str:
    return " ".join(error.messages)


@signed_in
@require_POST
def request_reply(request: HttpRequest, number: str) -> HttpResponse:
    """A reply to a request waiting for the citizen restarts its clock (the service)."""
    found = selectors.citizen_request(user=request.user, number=number)
    form = ReplyForm(request.POST, request.FILES, prefix="reply")
    if form.is_valid():
        waiting = found.status == Status.WAITING
        try:
            services.citizen_reply(
                actor=request.user,
                request=found,
                body=form.cleaned_data["body"],
                uploads=form.cleaned_data["files"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                # Not about the text (the request is closed): the form is gone, say why.
                return _detail(request, found, refusal=_refused(error), status=400)
            add_service_errors(form, error)
        else:
            if waiting:
                messages.success(
                    request,
                    _("Thank you. The agency has your reply; the time to answer runs again."),
                )
            else:
                messages.success(request, _("Your reply was sent to the agency."))
            return _see_other(_request_url(found) + "#conversation")
    return _detail(request, found, reply_form=form, status=400)


@signed_in
@require_POST
def request_reopen(request: HttpRequest, number: str) -> HttpResponse:
    found = selectors.citizen_request(user=request.user, number=number)
    form = ReopenForm(request.POST, prefix="reopen")
    if form.is_valid():
        try:
            services.request_reopen(
                actor=request.user, request=found, reason=form.cleaned_data["body"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _detail(request, found, refusal=_refused(error), status=400)
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your request is open again. The agency will answer it again.")
            )
            return _see_other(_request_url(found))
    return _detail(request, found, reopen_form=form, status=400)


@signed_in
@require_POST
def request_rate(request: HttpRequest, number: str) -> HttpResponse:
    found = selectors.citizen_request(user=request.user, number=number)
    form = RateForm(request.POST, prefix="rate")
    if form.is_valid():
        try:
            services.request_rate(
                actor=request.user,
                request=found,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                return _detail(request, found, refusal=_refused(error), status=400)
            add_service_errors(form, error)
        else:
            messages.success(request, _("Thank you for rating the answer."))
            return _see_other(_request_url(found))
    return _detail(request, found, rate_form=form, status=400)


@signed_in
@require_safe
def attachment_download(request: HttpRequest, number: str, attachment: int) -> HttpResponse:
    """Only the request's citizen, only files of the conversation they see; always a download
    with the type detected at upload, never rendered in the browser."""
    found = selectors.citizen_request(user=request.user, number=number)
    file = selectors.citizen_attachment(request=found, pk=attachment)
    extension = file.file.name.rsplit(".", 1)[-1].lower()
    stem = file.name.rsplit(".", 1)[0].strip() or "attachment"
    try:
        handle = file.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"{stem[:100]}.{extension}",
        content_type=file.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
