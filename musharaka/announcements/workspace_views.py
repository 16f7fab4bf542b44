"""Announcements in the staff workspace, ``/workspace/<agency>/announcements/``.

Each view fetches the agency through ``workspace_for`` (404 for other agencies' staff, 403 for
roles without ``content.edit``) and calls one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.announcements import selectors, services
from musharaka.announcements.forms import AnnouncementForm
from musharaka.announcements.models import Announcement
from musharaka.core.models import Agency
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for

PAGE_SIZE = 30


@login_required
@require_safe
def announcement_list(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    page = Paginator(selectors.workspace_announcements(agency=agency_obj), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request, "announcements/workspace/list.html", {"agency": agency_obj, "page": page}
    )


def _form_page(
    request: HttpRequest,
    agency: Agency,
    form: AnnouncementForm,
    announcement: Announcement | None,
    *,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "announcements/workspace/form.html",
        {"agency": agency, "form": form, "announcement": announcement},
        status=status,
    )


def _save(request: HttpRequest, agency: Agency, announcement: Announcement | None) -> HttpResponse:
    published = announcement is not None and announcement.published_at is not None
    form = AnnouncementForm(request.POST, published=published)
    if form.is_valid():
        try:
            saved = services.announcement_save(
                actor=request.user,
                agency=agency,
                announcement=announcement,
                data=form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The announcement was saved."))
            return redirect(
                "workspace:announcement_edit", agency=agency.slug, announcement=saved.pk
            )
    return _form_page(request, agency, form, announcement, status=400)


@login_required
def announcement_create(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    if request.method != "POST":
        return _form_page(request, agency_obj, AnnouncementForm(), None)
    return _save(request, agency_obj, None)


@login_required
def announcement_edit(request: HttpRequest, agency: str, announcement: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    found = selectors.workspace_announcement(agency=agency_obj, pk=announcement)
    if request.method != "POST":
        initial = {f: getattr(found, f) for f in [*services.EDITABLE_FIELDS, "slug"]}
        form = AnnouncementForm(initial=initial, published=found.published_at is not None)
        return _form_page(request, agency_obj, form, found)
    return _save(request, agency_obj, found)


@login_required
@require_POST
def announcement_publish(request: HttpRequest, agency: str, announcement: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.publish")
    found = selectors.workspace_announcement(agency=agency_obj, pk=announcement)
    try:
        services.announcement_publish(actor=request.user, announcement=found)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The announcement is published and open for comments."))
    return redirect("workspace:announcement_edit", agency=agency_obj.slug, announcement=found.pk)
