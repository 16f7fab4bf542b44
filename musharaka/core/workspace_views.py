"""The staff workspace, ``/workspace/<agency>/...``.

Every page first fetches the agency with ``selectors.workspace_agency`` (404 for anyone who is
not on that agency's staff, so other agencies' addresses reveal nothing), then checks the rule
for its action (403 for staff whose role does not allow it). Writes go through ``services``.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from musharaka.core import selectors, services
from musharaka.core.models import Agency, Role
from musharaka.core.workspace_forms import (
    AgencyProfileForm,
    AuditFilterForm,
    MemberAddForm,
    RepresentationDecisionForm,
    add_service_errors,
)

AUDIT_PAGE_SIZE = 50


def workspace_for(request: HttpRequest, slug: str, action: str) -> Agency:
    """The agency of this workspace URL if the user's role there allows ``action``.

    Not on the agency's staff: 404. On its staff without the role: 403.
    """
    agency = selectors.workspace_agency(user=request.user, slug=slug)
    if not rules.test_rule(f"core.{action}", request.user, agency):
        raise PermissionDenied
    return agency


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
    agency_obj = workspace_for(request, agency, "workspace.view")
    return render(
        request,
        "core/workspace/home.html",
        {
            "agency": agency_obj,
            "counts": selectors.workspace_counts(agency=agency_obj),
            "roles": selectors.roles_in_agency(user=request.user, agency=agency_obj),
            "role_labels": [
                Role(r).label
                for r in Role.values
                if r in selectors.roles_in_agency(user=request.user, agency=agency_obj)
            ],
        },
    )


# --- Members ------------------------------------------------------------------------------


def _members_page(
    request: HttpRequest,
    agency: Agency,
    form: MemberAddForm,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "core/workspace/members.html",
        {
            "agency": agency,
            "memberships": selectors.agency_members(agency=agency),
            "form": form,
            "errors": errors or [],
        },
        status=status,
    )


@login_required
def members(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's staff and their roles; managers give a role to an existing account."""
    agency_obj = workspace_for(request, agency, "members.manage")
    if request.method != "POST":
        return _members_page(request, agency_obj, MemberAddForm())
    form = MemberAddForm(request.POST)
    if form.is_valid():
        user = selectors.user_by_email(email=form.cleaned_data["email"])
        if user is None:
            form.add_error(
                "email",
                _("No account uses this email address. Ask the person to register first."),
            )
        else:
            try:
                membership = services.membership_add(
                    actor=request.user,
                    agency=agency_obj,
                    user=user,
                    role=form.cleaned_data["role"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s has the role %(role)s.")
                    % {"person": user, "role": membership.get_role_display()},
                )
                return redirect("workspace:members", agency=agency_obj.slug)
    return _members_page(request, agency_obj, form, status=400)


@login_required
@require_POST
def member_remove(request: HttpRequest, agency: str, membership: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "members.manage")
    membership_obj = selectors.agency_membership(agency=agency_obj, pk=membership)
    try:
        services.membership_remove(actor=request.user, membership=membership_obj)
    except ValidationError as error:
        return _members_page(
            request, agency_obj, MemberAddForm(), errors=error.messages, status=400
        )
    messages.success(
        request,
        _("%(person)s no longer has the role %(role)s.")
        % {"person": membership_obj.user, "role": membership_obj.get_role_display()},
    )
    if membership_obj.user_id == request.user.pk:
        # Managers may give up their own role; the members page may no longer be theirs.
        still_staff = selectors.agency_members(agency=agency_obj).filter(user=request.user)
        if still_staff.exists():
            return redirect("workspace:home", agency=agency_obj.slug)
        return redirect("core:home")
    return redirect("workspace:members", agency=agency_obj.slug)


# --- Representatives ----------------------------------------------------------------------


def _representatives_page(
    request: HttpRequest, agency: Agency, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "core/workspace/representatives.html",
        {
            "agency": agency,
            "pending": selectors.pending_representations(agency=agency),
            "confirmed": selectors.confirmed_representatives(agency=agency),
            "errors": errors or [],
        },
        status=status,
    )


@login_required
@require_safe
def representatives(request: HttpRequest, agency: str) -> HttpResponse:
    """Declarations that people represent this agency, waiting for a manager's decision."""
    agency_obj = workspace_for(request, agency, "representation.confirm")
    return _representatives_page(request, agency_obj)


@login_required
@require_POST
def representative_decide(request: HttpRequest, agency: str, representation: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, "representation.confirm")
    rep = selectors.agency_representation(agency=agency_obj, pk=representation)
    form = RepresentationDecisionForm(request.POST)
    if not form.is_valid():
        errors = [_("Choose whether to confirm or reject the declaration.")]
        return _representatives_page(request, agency_obj, errors=errors, status=400)
    confirm = form.cleaned_data["decision"] == "confirm"
    try:
        services.representation_decide(actor=request.user, representation=rep, confirm=confirm)
    except ValidationError as error:
        return _representatives_page(request, agency_obj, errors=error.messages, status=400)
    if confirm:
        text = _("%(person)s is now a confirmed representative of the agency.")
    else:
        text = _("The declaration of %(person)s was rejected.")
    messages.success(request, text % {"person": rep.user})
    return redirect("workspace:representatives", agency=agency_obj.slug)


# --- Profile ------------------------------------------------------------------------------


@login_required
def profile(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's public profile, in Arabic and English, and its logo."""
    agency_obj = workspace_for(request, agency, "agency.edit")
    initial = model_to_dict(agency_obj, fields=AgencyProfileForm._meta.fields)
    if request.method != "POST":
        form = AgencyProfileForm(initial=initial)
        return render(request, "core/workspace/profile.html", {"agency": agency_obj, "form": form})
    form = AgencyProfileForm(request.POST, request.FILES, initial=initial)
    if form.is_valid():
        logo = form.cleaned_data.get("logo")
        try:
            services.agency_update(
                actor=request.user,
                agency=agency_obj,
                data={f: form.cleaned_data[f] for f in services.AGENCY_PROFILE_FIELDS},
                logo=logo if isinstance(logo, UploadedFile) else None,
                remove_logo=logo is False,
            )
        except ValidationError as error:
            add_service_errors(form, error)
            agency_obj.refresh_from_db()  # the service set the rejected values on it
        else:
            messages.success(request, _("The agency's profile was saved."))
            return redirect("workspace:profile", agency=agency_obj.slug)
    return render(
        request, "core/workspace/profile.html", {"agency": agency_obj, "form": form}, status=400
    )


# --- Audit trail --------------------------------------------------------------------------


def _change_rows(changes: dict) -> list[tuple[str, object, object, bool]]:
    """``(field, old, new, has_old)`` for each recorded change, whatever shape it was stored in."""
    rows = []
    for field, value in (changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            rows.append((field, value[0], value[1], True))
        else:
            rows.append((field, None, value, False))
    return rows


@login_required
@require_safe
def audit(request: HttpRequest, agency: str) -> HttpResponse:
    """Who changed what in this agency, newest first, 50 to a page."""
    agency_obj = workspace_for(request, agency, "audit.view")
    form = AuditFilterForm(request.GET)
    page = None
    if form.is_valid():
        events = selectors.audit_trail(
            agency=agency_obj,
            verb=form.cleaned_data["verb"].strip(),
            actor=form.cleaned_data["actor"].strip(),
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
        )
        page = Paginator(events, AUDIT_PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = list(page.object_list)
        for event in page.object_list:
            event.change_rows = _change_rows(event.changes)
    return render(
        request,
        "core/workspace/audit.html",
        {
            "agency": agency_obj,
            "form": form,
            "page": page,
            "verbs": selectors.audit_verbs(agency=agency_obj),
        },
        status=200 if form.is_valid() else 400,
    )
