"""Consultations in the staff workspace, ``/workspace/<agency>/consultations/``: the list, the
create/edit form, lifecycle buttons, attachments and the agency's period settings.

Each view fetches the agency with ``workspace_for`` (404 for other agencies' staff, 403 for roles
without the action) and calls one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.consultations import selectors, services
from musharaka.consultations.forms import (
    AttachmentForm,
    CloseEarlyForm,
    ConsultationForm,
    ExtendForm,
    PolicyForm,
)
from musharaka.consultations.models import Consultation, Phase
from musharaka.consultations.views import attachment_response
from musharaka.core.models import Agency
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for

PAGE_SIZE = 30


@login_required
@require_safe
def consultation_list(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    page = Paginator(selectors.workspace_consultations(agency=agency_obj), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "consultations/workspace/list.html",
        {
            "agency": agency_obj,
            "page": page,
            "policy": selectors.consultation_policy(agency=agency_obj),
        },
    )


def _edit_page(
    request: HttpRequest,
    agency: Agency,
    form: ConsultationForm,
    consultation: Consultation | None,
    *,
    status: int = 200,
    extend_form: ExtendForm | None = None,
    close_form: CloseEarlyForm | None = None,
    attachment_form: AttachmentForm | None = None,
) -> HttpResponse:
    context = {"agency": agency, "form": form, "consultation": consultation, "phases": Phase}
    if consultation is not None:
        context.update(
            {
                "attachments": selectors.attachments(consultation=consultation),
                "timeline": selectors.timeline(consultation=consultation),
                "version": selectors.published_version(consultation=consultation),
                "extend_form": extend_form or ExtendForm(auto_id="extend_%s"),
                "close_form": close_form or CloseEarlyForm(auto_id="close_%s"),
                "attachment_form": attachment_form or AttachmentForm(),
                "counts": selectors.comment_counts(consultation=consultation),
                "public_url": services.public_path(consultation)
                if consultation.phase != Phase.DRAFT
                else "",
            }
        )
    return render(request, "consultations/workspace/form.html", context, status=status)


def _form(agency: Agency, consultation: Consultation | None, data=None, initial=None):
    fixed_slug = consultation is not None and consultation.phase != Phase.DRAFT
    fixed_dates = consultation is not None and consultation.phase not in services.DATES_EDITABLE
    return ConsultationForm(
        data, initial=initial, agency=agency, fixed_slug=fixed_slug, fixed_dates=fixed_dates
    )


def _save(request: HttpRequest, agency: Agency, consultation: Consultation | None) -> HttpResponse:
    form = _form(agency, consultation, data=request.POST, initial=_initial(consultation))
    if form.is_valid():
        try:
            if consultation is None:
                saved = services.consultation_create(
                    actor=request.user, agency=agency, data=form.cleaned_data
                )
            else:
                saved = services.consultation_update(
                    actor=request.user, consultation=consultation, data=form.cleaned_data
                )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The consultation was saved."))
            return redirect(
                "workspace:consultation_edit", agency=agency.slug, consultation=saved.pk
            )
    return _edit_page(request, agency, form, consultation, status=400)


def _initial(consultation: Consultation | None) -> dict | None:
    if consultation is None:
        return None
    initial = {f: getattr(consultation, f) for f in services.EDITABLE_FIELDS}
    initial["sectors"] = ", ".join(consultation.sectors or [])
    initial["owner"] = consultation.owner
    initial["team"] = list(consultation.team.all())
    initial["invited_agencies"] = list(consultation.invited_agencies.all())
    return initial


@login_required
def consultation_create(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    if request.method != "POST":
        form = _form(agency_obj, None, initial={"owner": request.user})
        return _edit_page(request, agency_obj, form, None)
    return _save(request, agency_obj, None)


@login_required
def consultation_edit(request: HttpRequest, agency: str, consultation: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    found = selectors.workspace_consultation(agency=agency_obj, pk=consultation)
    if request.method != "POST":
        return _edit_page(
            request, agency_obj, _form(agency_obj, found, initial=_initial(found)), found
        )
    return _save(request, agency_obj, found)


_STEPS = {
    "schedule": (services.consultation_schedule, _("The consultation is scheduled and announced.")),
    "open": (services.consultation_open, _("The consultation is open for comments.")),
    "review": (services.consultation_start_review, _("The comments are now under review.")),
    "archive": (services.consultation_archive, _("The consultation is archived.")),
}


@login_required
@require_POST
def consultation_step(
    request: HttpRequest, agency: str, consultation: int, step: str
) -> HttpResponse:
    """One lifecycle button: schedule, open, close early, extend, start review, archive."""
    agency_obj = workspace_for(request, agency, "content.edit")
    found = selectors.workspace_consultation(agency=agency_obj, pk=consultation)
    extend_form = close_form = None
    try:
        if step in _STEPS:
            service, done = _STEPS[step]
            service(actor=request.user, consultation=found)
        elif step == "extend":
            extend_form = ExtendForm(request.POST, auto_id="extend_%s")
            if not extend_form.is_valid():
                raise _Invalid
            services.consultation_extend(
                actor=request.user, consultation=found, **extend_form.cleaned_data
            )
            done = _("The period is extended; the reason is on the public timeline.")
        elif step == "close":
            close_form = CloseEarlyForm(request.POST, auto_id="close_%s")
            if not close_form.is_valid():
                raise _Invalid
            services.consultation_close(
                actor=request.user, consultation=found, **close_form.cleaned_data
            )
            done = _("The consultation is closed.")
        else:
            raise Http404
    except (ValidationError, _Invalid) as error:
        if isinstance(error, ValidationError):
            _report_step_errors(request, error, extend_form or close_form)
        found.refresh_from_db()
        page_form = _form(agency_obj, found, initial=_initial(found))
        return _edit_page(
            request,
            agency_obj,
            page_form,
            found,
            status=400,
            extend_form=extend_form,
            close_form=close_form,
        )
    messages.success(request, done)
    return redirect("workspace:consultation_edit", agency=agency_obj.slug, consultation=found.pk)


def _report_step_errors(request: HttpRequest, error: ValidationError, form) -> None:
    """A refused step: beside the form's fields when it had a form, else as page messages."""
    if form is not None:
        add_service_errors(form, error)
        return
    for text in error.messages:
        messages.error(request, text)


class _Invalid(Exception):
    pass


@login_required
@require_POST
def attachment_add(request: HttpRequest, agency: str, consultation: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    found = selectors.workspace_consultation(agency=agency_obj, pk=consultation)
    form = AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                consultation=found,
                title=form.cleaned_data["title"],
                upload=form.cleaned_data["file"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The file is attached."))
            return redirect(
                "workspace:consultation_edit", agency=agency_obj.slug, consultation=found.pk
            )
    page_form = _form(agency_obj, found, initial=_initial(found))
    return _edit_page(request, agency_obj, page_form, found, status=400, attachment_form=form)


@login_required
@require_safe
def attachment_download(
    request: HttpRequest, agency: str, consultation: int, attachment: int
) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    found = selectors.workspace_consultation(agency=agency_obj, pk=consultation)
    return attachment_response(selectors.workspace_attachment(consultation=found, pk=attachment))


@login_required
@require_POST
def attachment_remove(
    request: HttpRequest, agency: str, consultation: int, attachment: int
) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "content.edit")
    found = selectors.workspace_consultation(agency=agency_obj, pk=consultation)
    item = selectors.workspace_attachment(consultation=found, pk=attachment)
    try:
        services.attachment_remove(actor=request.user, attachment=item)
    except ValidationError as error:
        for text in error.messages:
            messages.error(request, text)
    else:
        messages.success(request, _("The file was removed."))
    return redirect("workspace:consultation_edit", agency=agency_obj.slug, consultation=found.pk)


@login_required
def consultation_policy(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's consultation periods (managers)."""
    agency_obj = workspace_for(request, agency, "agency.edit")
    policy = selectors.consultation_policy(agency=agency_obj)
    fields = ["default_period_days", "minimum_period_days", "outcome_due_weeks"]
    status = 200
    if request.method == "POST":
        form = PolicyForm(request.POST)
        if form.is_valid():
            try:
                services.consultation_policy_update(
                    actor=request.user, agency=agency_obj, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                if isinstance(error, PermissionDenied):
                    raise
                add_service_errors(form, error)
            else:
                messages.success(request, _("The consultation periods were saved."))
                return redirect("workspace:consultation_policy", agency=agency_obj.slug)
        status = 400
    else:
        form = PolicyForm(initial={f: getattr(policy, f) for f in fields})
    return render(
        request,
        "consultations/workspace/policy.html",
        {"agency": agency_obj, "form": form},
        status=status,
    )
