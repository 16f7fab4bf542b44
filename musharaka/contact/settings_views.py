"""The agency's settings of direct communication in the staff workspace, under
``/workspace/<agency>/contact/``: inboxes (service level, team, escalation chain, routing
rules) and the working calendar for managers ("agency.edit"); saved replies for everyone who
answers requests ("requests.respond").

Each view fetches the agency with ``workspace_for`` (404 for other agencies' staff, 403 for
roles without the action), looks records up within that agency (404 otherwise) and calls one
service. Every page works without JavaScript: the chain and the rules have a fixed number of
blank rows.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.forms import BaseForm, BaseFormSet, CheckboxSelectMultiple, RadioSelect
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from musharaka.contact import selectors, settings_selectors, settings_services
from musharaka.contact.models import Inbox
from musharaka.contact.settings_forms import (
    WEEKDAYS,
    CalendarDayForm,
    InboxForm,
    ReplyTemplateForm,
    WorkCalendarForm,
    chain_formset,
    rule_formset,
)
from musharaka.core.models import Agency
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for

SETTINGS = "agency.edit"
REPLIES = "requests.respond"
TEMPLATE_DIR = "contact/settings"


def _summary(*groups: tuple[BaseForm, str]) -> list[tuple[str | None, str]]:
    """``(anchor, text)`` for each error on the page, so the summary links to its control."""
    items: list[tuple[str | None, str]] = []
    for form, context in groups:
        for name, errors in form.errors.items():
            if name == NON_FIELD_ERRORS:
                items += [(None, str(e)) for e in errors]
                continue
            field = form[name]
            anchor = field.auto_id
            if isinstance(field.field.widget, RadioSelect | CheckboxSelectMultiple):
                anchor = f"{anchor}_0"
            label = f"{context} – {field.label}" if context else str(field.label)
            items += [(anchor, f"{label}: {e}") for e in errors]
    return items


def _formset_summary(formset: BaseFormSet, row_label: str) -> list[tuple[str | None, str]]:
    items = [(None, str(e)) for e in formset.non_form_errors()]
    for n, form in enumerate(formset.forms, start=1):
        items += _summary((form, row_label % {"n": n}))
    return items


def _week(days: list[int]) -> list[str]:
    return [str(label) for number, label in WEEKDAYS if number in days]


# --- Inboxes -----------------------------------------------------------------------------------


@login_required
@require_safe
def inbox_list(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's inboxes, their service level and what each holds now."""
    agency_obj = workspace_for(request, agency, SETTINGS)
    calendar = settings_selectors.work_calendar(agency=agency_obj)
    working = selectors.working_time(agency=agency_obj)
    return render(
        request,
        f"{TEMPLATE_DIR}/inboxes.html",
        {
            "agency": agency_obj,
            "inboxes": settings_selectors.inbox_rows(agency=agency_obj),
            "calendar": calendar,
            "working": working,
            "week": _week(calendar.working_days),
        },
    )


def _inbox_page(
    request: HttpRequest,
    agency: Agency,
    inbox: Inbox | None,
    form: InboxForm,
    chain,
    rules,
    *,
    status: int = 200,
) -> HttpResponse:
    summary = (
        _summary((form, ""))
        + _formset_summary(chain, _("Escalation level %(n)d"))
        + _formset_summary(rules, _("Routing rule %(n)d"))
    )
    hours_per_day = selectors.working_time(agency=agency).day_seconds / 3600
    return render(
        request,
        f"{TEMPLATE_DIR}/inbox_form.html",
        {
            "agency": agency,
            "inbox": inbox,
            "form": form,
            "chain": chain,
            "rules": rules,
            "summary": summary,
            "hours_per_day": f"{hours_per_day:g}",
            "former_members": settings_selectors.former_team_members(
                inbox=inbox, candidates=form.fields["team"].staff
            )
            if inbox
            else [],
        },
        status=status,
    )


def _inbox_initial(inbox: Inbox) -> tuple[dict, list[dict], list[dict]]:
    fields = {f: getattr(inbox, f) for f in settings_services.INBOX_FIELDS}
    fields["team"] = settings_selectors.team_ids(inbox=inbox)
    chain = [{"person": pk} for pk in settings_selectors.chain_people(inbox=inbox)]
    rules = [
        {"order": n, "kind": r["kind"], "keywords": r["keywords"], "assign_to": r["assign_to_id"]}
        for n, r in enumerate(settings_selectors.routing_rules(inbox=inbox), start=1)
    ]
    return fields, chain, rules


def _put_errors(error: ValidationError, form, chain, chain_rows, rules, rule_rows) -> None:
    """The service's errors on the field and row they concern (rows are counted among those
    kept, so they are mapped back to the row on the page)."""
    if not hasattr(error, "error_dict"):
        add_service_errors(form, error)
        return
    for key, texts in error.message_dict.items():
        parts = key.split(".")
        if parts[0] == "chain" and len(parts) == 2:
            chain.forms[chain_rows[int(parts[1])][0]].add_error("person", texts)
        elif parts[0] == "rules" and len(parts) == 3:
            rules.forms[rule_rows[int(parts[1])][0]].add_error(parts[2], texts)
        else:
            form.add_error(key if key in form.fields else None, texts)


def _inbox_edit(request: HttpRequest, agency: Agency, inbox: Inbox | None) -> HttpResponse:
    candidates = settings_selectors.team_candidates(agency=agency)
    staff = settings_selectors.agency_staff(agency=agency)
    if inbox is not None:
        fields, chain_initial, rules_initial = _inbox_initial(inbox)
    else:
        fields = {
            "response_hours": 40,
            "warn_hours": 8,
            "escalation_step_hours": 8,
            "is_active": True,
        }
        chain_initial, rules_initial = [], []
    if request.method != "POST":
        form = InboxForm(initial=fields, candidates=candidates)
        chain = chain_formset(staff, initial=chain_initial)
        rules = rule_formset(candidates, initial=rules_initial)
        return _inbox_page(request, agency, inbox, form, chain, rules)
    form = InboxForm(request.POST, initial=fields, candidates=candidates)
    chain = chain_formset(staff, request.POST, initial=chain_initial)
    rules = rule_formset(candidates, request.POST, initial=rules_initial)
    if all([form.is_valid(), chain.is_valid(), rules.is_valid()]):
        chain_rows, rule_rows = chain.people(), rules.specs()
        try:
            saved = settings_services.inbox_configure(
                actor=request.user,
                agency=agency,
                inbox=inbox,
                data={f: form.cleaned_data[f] for f in settings_services.INBOX_FIELDS},
                team=form.cleaned_data["team"],
                chain=[person for _row, person in chain_rows],
                rules=[spec for _row, spec in rule_rows],
            )
        except ValidationError as error:
            _put_errors(error, form, chain, chain_rows, rules, rule_rows)
        else:
            messages.success(
                request, _("The inbox “%(name)s” was saved.") % {"name": saved.name_ar}
            )
            return redirect("workspace:contact_inboxes", agency=agency.slug)
    return _inbox_page(request, agency, inbox, form, chain, rules, status=400)


@login_required
def inbox_create(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, SETTINGS)
    return _inbox_edit(request, agency_obj, None)


@login_required
def inbox_edit(request: HttpRequest, agency: str, inbox: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, SETTINGS)
    found = settings_selectors.settings_inbox(agency=agency_obj, pk=inbox)
    return _inbox_edit(request, agency_obj, found)


# --- The working calendar ----------------------------------------------------------------------


def _calendar_page(
    request: HttpRequest,
    agency: Agency,
    hours_form: WorkCalendarForm,
    day_form: CalendarDayForm,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    calendar = settings_selectors.work_calendar(agency=agency)
    working = selectors.working_time(agency=agency)
    today = timezone.localdate()
    return render(
        request,
        f"{TEMPLATE_DIR}/calendar.html",
        {
            "agency": agency,
            "calendar": calendar,
            "hours_form": hours_form,
            "day_form": day_form,
            "hours_summary": _summary((hours_form, "")),
            "day_summary": _summary((day_form, "")),
            "errors": errors or [],
            "days": settings_selectors.calendar_days(agency=agency, today=today),
            "today": today,
            "holidays": settings_selectors.upcoming_national_holidays(
                today=today, opened=working.opened
            ),
        },
        status=status,
    )


def _hours_initial(agency: Agency) -> dict:
    calendar = settings_selectors.work_calendar(agency=agency)
    working = selectors.working_time(agency=agency)
    return {
        "working_days": list(calendar.working_days),
        "day_starts": working.starts,
        "day_ends": working.ends,
        "national_holidays": calendar.national_holidays,
    }


@login_required
def calendar(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's working week and hours, the national holidays they skip, and its own
    closures and extra working days: what every deadline is counted in."""
    agency_obj = workspace_for(request, agency, SETTINGS)
    hours_form = WorkCalendarForm(prefix="hours", initial=_hours_initial(agency_obj))
    day_form = CalendarDayForm(prefix="day")
    if request.method != "POST":
        return _calendar_page(request, agency_obj, hours_form, day_form)
    if "remove" in request.POST:
        return _calendar_day_remove(request, agency_obj, request.POST["remove"])
    action = request.POST.get("action")
    if action == "hours":
        hours_form = WorkCalendarForm(request.POST, prefix="hours")
        if hours_form.is_valid():
            try:
                settings_services.calendar_save(
                    actor=request.user, agency=agency_obj, **hours_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(hours_form, error)
            else:
                messages.success(request, _("The working hours were saved."))
                return redirect("workspace:contact_calendar", agency=agency_obj.slug)
    elif action == "add":
        day_form = CalendarDayForm(request.POST, prefix="day")
        if day_form.is_valid():
            try:
                settings_services.calendar_day_add(
                    actor=request.user, agency=agency_obj, **day_form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(day_form, error)
            else:
                messages.success(request, _("The day was added to the agency's calendar."))
                return redirect("workspace:contact_calendar", agency=agency_obj.slug)
    else:
        errors = [_("Use one of the buttons of the page.")]
        return _calendar_page(request, agency_obj, hours_form, day_form, errors=errors, status=400)
    return _calendar_page(request, agency_obj, hours_form, day_form, status=400)


def _calendar_day_remove(request: HttpRequest, agency: Agency, pk: str) -> HttpResponse:
    if not pk.isdigit():
        return _calendar_page(
            request,
            agency,
            WorkCalendarForm(prefix="hours", initial=_hours_initial(agency)),
            CalendarDayForm(prefix="day"),
            errors=[_("Choose a day of the list to remove.")],
            status=400,
        )
    day = settings_selectors.calendar_day(agency=agency, pk=int(pk))
    settings_services.calendar_day_remove(actor=request.user, day=day)
    messages.success(request, _("The day was removed from the agency's calendar."))
    return redirect("workspace:contact_calendar", agency=agency.slug)


# --- Saved replies -----------------------------------------------------------------------------


def _templates_page(
    request: HttpRequest, agency: Agency, form: ReplyTemplateForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        f"{TEMPLATE_DIR}/templates.html",
        {
            "agency": agency,
            "templates": settings_selectors.reply_templates(agency=agency),
            "form": form,
            "summary": _summary((form, "")),
        },
        status=status,
    )


@login_required
def reply_templates(request: HttpRequest, agency: str) -> HttpResponse:
    """Saved replies responders start their answers from; any of them may add one."""
    agency_obj = workspace_for(request, agency, REPLIES)
    if request.method != "POST":
        return _templates_page(request, agency_obj, ReplyTemplateForm())
    form = ReplyTemplateForm(request.POST)
    if form.is_valid():
        try:
            settings_services.reply_template_save(
                actor=request.user, agency=agency_obj, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The saved reply was added."))
            return redirect("workspace:contact_templates", agency=agency_obj.slug)
    return _templates_page(request, agency_obj, form, status=400)


@login_required
def reply_template_edit(request: HttpRequest, agency: str, template: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, REPLIES)
    found = settings_selectors.reply_template(agency=agency_obj, pk=template)
    initial = {f: getattr(found, f) for f in settings_services.TEMPLATE_FIELDS}
    form = ReplyTemplateForm(initial=initial)
    status = 200
    if request.method == "POST" and "delete" in request.POST:
        settings_services.reply_template_remove(actor=request.user, template=found)
        messages.success(request, _("The saved reply was deleted."))
        return redirect("workspace:contact_templates", agency=agency_obj.slug)
    if request.method == "POST":
        form = ReplyTemplateForm(request.POST, initial=initial)
        if form.is_valid():
            try:
                settings_services.reply_template_save(
                    actor=request.user, agency=agency_obj, template=found, data=form.cleaned_data
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The saved reply was saved."))
                return redirect("workspace:contact_templates", agency=agency_obj.slug)
        status = 400
    return render(
        request,
        f"{TEMPLATE_DIR}/template_form.html",
        {"agency": agency_obj, "template": found, "form": form, "summary": _summary((form, ""))},
        status=status,
    )
