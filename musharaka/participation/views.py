"""The comments component's actions (submit, reply, edit, withdraw, endorse, report) and the
participant's own list of contributions.

Every action is a plain POST form on the channel's page (``{% comments_thread %}``) that comes
back here, calls one service, and then either redirects to the thread anchor (``#c<id>``) with
a message, or, when the service refuses, renders the channel's page again in place with the
form as it was sent and its errors (status 400 or 403). Channels write no view of their own for
comments: the page to go back to is the ``next`` field the thread renders.
"""

import copy
from functools import wraps
from urllib.parse import urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, QueryDict
from django.shortcuts import redirect, render
from django.template.response import SimpleTemplateResponse
from django.urls import Resolver404, get_script_prefix, resolve, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musharaka.core.middleware import client_ip
from musharaka.notifications.selectors import is_local_url, url_in_language
from musharaka.participation import selectors, services
from musharaka.participation.forms import (
    ContributionForm,
    EditForm,
    FlagForm,
    ThreadFormState,
    target_from_token,
)
from musharaka.participation.models import Contribution, QueueReason, Space, Status

MINE_PAGE_SIZE = 20
_FIELDS = {"body", "accept_rules", "reason", "note"}


# --- Going back to the thread page ----------------------------------------------------------


def _thread_url(request: HttpRequest, space: Space) -> str:
    """The page the form was on (a local path), else the space's own page, else the
    participant's list of contributions."""
    target = request.POST.get("next", "").split("#", 1)[0]
    if target and is_local_url(target):
        return target
    if space.url and is_local_url(space.url):
        return url_in_language(space.url, get_language() or "ar")
    return reverse("participation:mine")


def _back(request: HttpRequest, space: Space, contribution: Contribution | None) -> HttpResponse:
    anchor = f"#c{contribution.pk}" if contribution is not None else "#comments"
    return redirect(_thread_url(request, space) + anchor)


def _page_at(request: HttpRequest, url: str, state: ThreadFormState) -> HttpResponse | None:
    """Render the channel page at ``url`` as a GET of it, carrying ``state`` for the thread.
    None when the address is not a page that renders (then a plain thread page is used)."""
    parts = urlsplit(url)
    prefix = get_script_prefix()
    path_info = (
        "/" + parts.path.removeprefix(prefix) if parts.path.startswith(prefix) else parts.path
    )
    try:
        match = resolve(path_info)
    except Resolver404:
        return None
    if match.func.__module__ == __name__:
        return None
    page_request = copy.copy(request)
    page_request.method = "GET"
    page_request.path, page_request.path_info = parts.path, path_info
    page_request.GET = QueryDict(parts.query)
    page_request.POST = QueryDict()
    page_request.META = {
        **request.META,
        "REQUEST_METHOD": "GET",
        "QUERY_STRING": parts.query,
        "PATH_INFO": path_info,
    }
    page_request.resolver_match = match
    page_request.comments_state = state
    try:
        response = match.func(page_request, *match.args, **match.kwargs)
    except (Http404, PermissionDenied):
        return None
    if isinstance(response, SimpleTemplateResponse) and not response.is_rendered:
        response = response.render()
    return response if response.status_code == 200 else None


def _thread_page(
    request: HttpRequest, space: Space, state: ThreadFormState, status: int
) -> HttpResponse:
    """The thread page again, with the form as it was sent and its errors."""
    response = _page_at(request, _thread_url(request, space), state)
    if response is None:
        request.comments_state = state
        response = render(request, "participation/comments/page.html", {"space": space})
    response.status_code = status
    return response


def _errors(error: ValidationError) -> dict[str, list[str]]:
    """A service's errors keyed by the field they concern; anything else is about the text."""
    if not hasattr(error, "error_dict"):
        return {"body": list(error.messages)}
    errors: dict[str, list[str]] = {}
    for name, texts in error.message_dict.items():
        errors.setdefault(name if name in _FIELDS else "body", []).extend(texts)
    return errors


def _form_errors(form) -> dict[str, list[str]]:
    return {
        (name if name in _FIELDS else "__all__"): list(texts) for name, texts in form.errors.items()
    }


def _refused(error: PermissionDenied) -> dict[str, list[str]]:
    return {"__all__": [str(error) or _("You cannot do this.")]}


def _sign_in_first(request: HttpRequest, space: Space) -> HttpResponse:
    return redirect_to_login(_thread_url(request, space) + "#comments")


class _Refused(Exception):
    """A service said no: ``response`` is the thread page again with the reason."""

    def __init__(self, response: HttpResponse):
        super().__init__()
        self.response = response


def _attempt(request, space: Space, state: ThreadFormState, call, *, field_errors: bool = True):
    """Run one service call; a refusal becomes the thread page with what was typed and why
    (400 for bad input, 403 for not allowed), raised as ``_Refused``."""
    try:
        return call()
    except ValidationError as error:
        state.errors = _errors(error) if field_errors else {"__all__": list(error.messages)}
        raise _Refused(_thread_page(request, space, state, 400)) from error
    except PermissionDenied as error:
        state.errors = _refused(error)
        raise _Refused(_thread_page(request, space, state, 403)) from error


def _answer_refusals(view):
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except _Refused as refused:
            return refused.response

    return wrapper


# --- Telling the author what happened -------------------------------------------------------


def _tell_author(request: HttpRequest, contribution: Contribution, *, edited: bool) -> None:
    if contribution.status == Status.PUBLISHED:
        if edited:
            messages.success(request, _("Your changes are saved and published."))
        else:
            messages.success(request, _("Your contribution is published."))
        return
    if edited:
        text = _("Your changes are saved. A moderator will review them before they are public.")
    else:
        text = _("Your contribution was received. A moderator will review it before it is public.")
    if QueueReason.PRE_MODERATION in contribution.queue_reasons:
        text += " " + _("Every contribution here is reviewed before publication.")
    messages.info(request, text)
    seen: set[str] = set()
    for finding in getattr(contribution, "new_findings", []):
        message = str(finding.message or "")
        if message and message not in seen:
            seen.add(message)
            messages.warning(request, message)


# --- Actions --------------------------------------------------------------------------------


def _target(token: str) -> Model | None:
    if not token:
        return None
    target = target_from_token(token)
    if target is None:
        raise Http404
    return target


@require_POST
@_answer_refusals
def comment_submit(request: HttpRequest, space: int) -> HttpResponse:
    """A new comment, or a reply when ``parent`` is posted."""
    space_obj = selectors.commentable_space(pk=space)
    if not request.user.is_authenticated:
        return _sign_in_first(request, space_obj)
    form = ContributionForm(request.POST)
    parent_id = request.POST.get("parent") or None
    state = ThreadFormState(
        space_id=space_obj.pk,
        action="reply" if parent_id else "submit",
        contribution_id=int(parent_id) if parent_id and parent_id.isdigit() else None,
        data={
            "body": request.POST.get("body", ""),
            "accept_rules": bool(request.POST.get("accept_rules")),
        },
    )
    if not form.is_valid():
        state.errors = _form_errors(form)
        return _thread_page(request, space_obj, state, 400)
    try:
        target = _target(form.cleaned_data["target"])
    except (signing.BadSignature, ValueError):
        return HttpResponseBadRequest()
    parent = None
    if form.cleaned_data["parent"]:
        parent = selectors.contribution_for_reader(pk=form.cleaned_data["parent"])
    accepted = selectors.rules_accepted_on_form(
        agency=space_obj.agency,
        ticked=form.cleaned_data["accept_rules"],
        version_id=form.cleaned_data["rules_version"],
    )
    contribution = _attempt(
        request,
        space_obj,
        state,
        lambda: services.contribution_submit(
            actor=request.user,
            space=space_obj,
            body=form.cleaned_data["body"],
            target=target,
            parent=parent,
            accepted_rules=accepted,
            ip=client_ip(request),
        ),
    )
    _tell_author(request, contribution, edited=False)
    return _back(request, space_obj, contribution)


@require_POST
@_answer_refusals
def contribution_edit(request: HttpRequest, contribution: int) -> HttpResponse:
    found = selectors.contribution_for_reader(pk=contribution)
    if not request.user.is_authenticated:
        return _sign_in_first(request, found.space)
    form = EditForm(request.POST)
    form.is_valid()
    body = form.cleaned_data.get("body") or ""
    state = ThreadFormState(
        space_id=found.space_id, action="edit", contribution_id=found.pk, data={"body": body}
    )
    _attempt(
        request,
        found.space,
        state,
        lambda: services.contribution_edit(actor=request.user, contribution=found, body=body),
    )
    _tell_author(request, found, edited=True)
    return _back(request, found.space, found)


@require_POST
@_answer_refusals
def contribution_withdraw(request: HttpRequest, contribution: int) -> HttpResponse:
    found = selectors.contribution_for_reader(pk=contribution)
    if not request.user.is_authenticated:
        return _sign_in_first(request, found.space)
    state = ThreadFormState(space_id=found.space_id, action="withdraw", contribution_id=found.pk)
    _attempt(
        request,
        found.space,
        state,
        lambda: services.contribution_withdraw(actor=request.user, contribution=found),
        field_errors=False,
    )
    messages.success(request, _("Your contribution was withdrawn."))
    return _back(request, found.space, None)


@require_POST
@_answer_refusals
def contribution_endorse(request: HttpRequest, contribution: int) -> HttpResponse:
    found = selectors.contribution_for_reader(pk=contribution)
    if not request.user.is_authenticated:
        return _sign_in_first(request, found.space)
    state = ThreadFormState(space_id=found.space_id, action="endorse", contribution_id=found.pk)
    endorsed = _attempt(
        request,
        found.space,
        state,
        lambda: services.contribution_endorse(actor=request.user, contribution=found),
        field_errors=False,
    )
    if endorsed:
        messages.success(request, _("You endorsed this contribution."))
    else:
        messages.success(request, _("Your endorsement was removed."))
    return _back(request, found.space, found)


@require_POST
@_answer_refusals
def contribution_flag(request: HttpRequest, contribution: int) -> HttpResponse:
    found = selectors.contribution_for_reader(pk=contribution)
    if not request.user.is_authenticated:
        return _sign_in_first(request, found.space)
    form = FlagForm(request.POST)
    state = ThreadFormState(
        space_id=found.space_id,
        action="flag",
        contribution_id=found.pk,
        data={"reason": request.POST.get("reason", ""), "note": request.POST.get("note", "")},
    )
    if not form.is_valid():
        state.errors = _form_errors(form)
        return _thread_page(request, found.space, state, 400)
    _attempt(
        request,
        found.space,
        state,
        lambda: services.contribution_flag(
            actor=request.user,
            contribution=found,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
        ),
        field_errors=False,
    )
    messages.success(request, _("Thank you. A moderator will look at your report."))
    return _back(request, found.space, found)


# --- The participant's own contributions ----------------------------------------------------


def _where(contribution: Contribution, language: str) -> str:
    """Where the author finds the text: its place in the thread while it shows there."""
    url = contribution.space.url
    if not url or not is_local_url(url):
        return ""
    url = url_in_language(url, language)
    if contribution.status in (Status.PUBLISHED, Status.PENDING):
        return f"{url}#c{contribution.pk}"
    return url


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    page = Paginator(
        selectors.contributions_with_history(user=request.user), MINE_PAGE_SIZE
    ).get_page(request.GET.get("page"))
    language = get_language() or "ar"
    page.object_list = list(page.object_list)
    for contribution in page.object_list:
        history = [d for d in contribution.history if d.action != "edit"]
        contribution.latest_decision = history[-1] if history else None
        contribution.link = _where(contribution, language)
        contribution.reason_labels = [
            QueueReason(r).label for r in contribution.queue_reasons if r in QueueReason.values
        ]
    return render(request, "participation/mine.html", {"page": page})
