"""Public pages, display preferences, page feedback, and the citizen's representation page.

The staff workspace lives in ``workspace_views``."""

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.static import serve

from musharaka.core import selectors, services
from musharaka.core.forms import PageFeedbackForm
from musharaka.core.open_now import open_items
from musharaka.core.workspace_forms import RepresentationDeclareForm, add_service_errors

TEXT_SIZES = {"normal", "large", "larger"}
ONE_YEAR = 365 * 24 * 3600


def _safe_next(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return default


def healthz(request: HttpRequest) -> HttpResponse:
    """For load balancers (and the benchmarks' ceiling): the app answers, touching nothing."""
    return HttpResponse("ok", content_type="text/plain")


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/home.html",
        {"agencies": selectors.agency_directory()[:12], "open_items": open_items()},
    )


def agency_list(request: HttpRequest) -> HttpResponse:
    return render(request, "core/agency_list.html", {"agencies": selectors.agency_directory()})


def agency_detail(request: HttpRequest, slug: str) -> HttpResponse:
    agency = selectors.public_agency(slug=slug)
    return render(
        request,
        "core/agency_detail.html",
        {
            "agency": agency,
            "open_items": open_items(agency=agency),
            "page_updated": agency.updated_at,
        },
    )


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
def account_representation(request: HttpRequest) -> HttpResponse:
    """A signed-in person says whom they represent and follows what became of it."""
    form = RepresentationDeclareForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.representation_declare(
                user=request.user,
                kind=data["kind"],
                agency=data["agency"],
                organisation_name=data["organisation_name"],
                job_title=data["job_title"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your declaration was sent. You will be notified when it is decided.")
            )
            return redirect("account:representation")
    return render(
        request,
        "core/account/representation.html",
        {"form": form, "declarations": selectors.representations_of(user=request.user)},
        status=400 if form.is_bound else 200,
    )


def agency_logo(request: HttpRequest, path: str) -> HttpResponse:
    """Agency logos are the only uploaded files served as they are (see config/urls.py)."""
    return serve(request, path, document_root=Path(settings.MEDIA_ROOT) / "agency-logos")
