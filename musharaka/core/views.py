"""Public pages, display preferences, page feedback, and the workspace entry pages."""

import rules
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from musharaka.core import selectors, services
from musharaka.core.forms import PageFeedbackForm

TEXT_SIZES = {"normal", "large", "larger"}
ONE_YEAR = 365 * 24 * 3600


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"agencies": selectors.agency_directory()[:12], "open_items": []},
    )


def agency_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/agency_list.html", {"agencies": selectors.agency_directory()})


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.public_agency(slug=slug)
    return render(request, "core/agency_detail.html", {"agency": agency})


def static_page(request: HttpRequest, page: str) -> HttpResponse:
    return render(request, f"core/pages/{page}.html")


def display_settings(request: HttpRequest) -> HttpResponse:
    """Text size and contrast, kept in a cookie so they work without JavaScript."""
    response = redirect(_safe_next(request))
    size = request.GET.get("size")
    if size in TEXT_SIZES:
        response.set_cookie("text_size", size, max_age=ONE_YEAR, samesite="Lax")
    contrast = request.GET.get("contrast")
    if contrast in {"high", "normal"}:
        response.set_cookie("contrast", contrast, max_age=ONE_YEAR, samesite="Lax")
    return response


@require_POST
def page_feedback(request: HttpRequest) -> HttpResponse:
    form = PageFeedbackForm(request.POST)
    back = _safe_next(request, request.POST.get("path", "/"))
    if not form.is_valid():
        messages.error(request, _("Please choose Yes or No before sending."))
        return redirect(back)
    services.page_feedback_record(
        path=form.cleaned_data["path"],
        useful=form.cleaned_data["useful"],
        reason=form.cleaned_data["reason"],
        language=get_language() or "ar",
    )
    messages.success(request, _("Thank you for your feedback."))
    return redirect(back)


def lockout(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """Shown by django-axes after too many failed sign-ins."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "core/lockout.html", {"LOCKOUT_MINUTES": minutes}, status=429)


@login_required
def workspace_index(request: HttpRequest) -> HttpResponse:
    agencies = list(selectors.workspace_agencies(user=request.user))
    if len(agencies) == 1:
        return redirect("workspace:home", agency=agencies[0].slug)
    if not agencies:
        raise PermissionDenied
    return render(request, "core/workspace/index.html", {"agencies": agencies})


@login_required
def workspace_home(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = selectors.workspace_agency(user=request.user, slug=agency)
    return render(
        request,
        "core/workspace/home.html",
        {
            "agency": agency_obj,
            "counts": selectors.workspace_counts(agency=agency_obj),
            "roles": selectors.roles_in_agency(user=request.user, agency=agency_obj),
            "may_audit": rules.test_rule("core.audit.view", request.user, agency_obj),
            "may_manage": rules.test_rule("core.members.manage", request.user, agency_obj),
        },
    )
