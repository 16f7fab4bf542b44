"""The moderation workspace, ``/workspace/<agency>/moderation/...``.

Like every workspace page: the agency comes from ``workspace_for`` (404 outside its staff,
403 for a role without the action), objects are fetched through the agency (404 for another
agency's ids), and writes go through ``moderation.py``.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST, require_safe

from musharaka.core.models import Agency
from musharaka.core.workspace_forms import add_service_errors
from musharaka.core.workspace_views import workspace_for
from musharaka.participation import moderation, selectors, services
from musharaka.participation.models import (
    Action,
    AppealStatus,
    Contribution,
    QueueReason,
    Status,
)
from musharaka.participation.render import render_body
from musharaka.participation.workspace_forms import (
    AbuseTermForm,
    AppealDecisionForm,
    BulkDecisionForm,
    DecisionForm,
    QueueFilterForm,
    RedactForm,
    RulesForm,
    SettingsForm,
    SpaceModeForm,
    SuspendForm,
    WarnForm,
)

QUEUE_PAGE_SIZE = 50
MODERATE = "contributions.moderate"
SETTINGS = "agency.edit"

# What the automatic checks found, in words a moderator reads at a glance.
FINDING_LABELS = {
    "national_id": gettext_lazy("National ID number (masked)"),
    "iqama": gettext_lazy("Iqama number (masked)"),
    "mobile": gettext_lazy("Phone number (masked)"),
    "email": gettext_lazy("Email address (masked)"),
    "iban": gettext_lazy("Bank account number, IBAN (masked)"),
    "abusive_term": gettext_lazy("Word from the agency's list"),
    "too_many_links": gettext_lazy("Too many links"),
    "repeated_characters": gettext_lazy("Repeated characters"),
    "repeated_words": gettext_lazy("Repeated words"),
    "posting_rate": gettext_lazy("Many contributions in a few minutes"),
}


def _prepare(item: Contribution) -> Contribution:
    """What the templates show of one item: rendered body, labelled findings and reasons."""
    item.body_html = render_body(item.body)
    item.finding_rows = [
        (
            FINDING_LABELS.get(f.get("code"), f.get("code")),
            QueueReason(f["check"]).label if f.get("check") in QueueReason.values else "",
            f.get("detail", ""),
        )
        for f in item.findings or []
    ]
    item.reason_labels = [
        QueueReason(r).label if r in QueueReason.values else r for r in item.queue_reasons or []
    ]
    return item


def _waited(since) -> tuple[int, int] | None:
    """(days, hours) since ``since``; None when nothing waits."""
    if since is None:
        return None
    hours = max(0, int((timezone.now() - since).total_seconds() // 3600))
    return hours // 24, hours % 24


def _back_to_queue(agency: Agency) -> HttpResponse:
    return redirect("workspace:moderation_queue", agency=agency.slug)


# --- Queue --------------------------------------------------------------------------------


def _queue_page(
    request: HttpRequest,
    agency: Agency,
    *,
    bulk_form: BulkDecisionForm | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    filters = QueueFilterForm(
        request.GET,
        spaces=selectors.agency_spaces(agency=agency),
        channels=selectors.queue_channels(agency=agency),
    )
    criteria: dict = {}
    if filters.is_valid():
        data = filters.cleaned_data
        criteria = {
            "channel": data["channel"],
            "space": data["space"],
            "reason": data["reason"],
            "older_than_hours": selectors.QUEUE_AGES.get(data["age"]),
        }
    elif status == 200:
        status = 400
    items = selectors.moderation_queue(agency=agency, viewer=request.user, **criteria)
    page = Paginator(items, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [_prepare(item) for item in page.object_list]
    summary = selectors.queue_summary(agency=agency)
    return render(
        request,
        "participation/workspace/queue.html",
        {
            "agency": agency,
            "filters": filters,
            "page": page,
            "summary": summary,
            "waited": _waited(summary["oldest"]),
            "bulk_form": bulk_form
            or BulkDecisionForm(queue=Contribution.objects.none(), auto_id="bulk_%s"),
            "checked": set(bulk_form.data.getlist("items")) if bulk_form is not None else set(),
            "errors": errors or [],
            "filtered": any(request.GET.get(k) for k in ("channel", "space", "reason", "age")),
        },
        status=status,
    )


@login_required
@require_safe
def queue(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's one queue, oldest first, 50 to a page, with filters and bulk decisions."""
    agency_obj = workspace_for(request, agency, MODERATE)
    return _queue_page(request, agency_obj)


@login_required
@require_POST
def bulk(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    form = BulkDecisionForm(
        request.POST,
        queue=Contribution.objects.filter(agency=agency_obj),
        auto_id="bulk_%s",
    )
    if not form.is_valid():
        return _queue_page(request, agency_obj, bulk_form=form, status=400)
    data = form.cleaned_data
    try:
        done, errors = moderation.contributions_bulk_decide(
            actor=request.user,
            agency=agency_obj,
            contributions=list(data["items"].order_by("queued_at", "id")),
            action=data["action"],
            reason=data["reason"],
            note=data["note"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return _queue_page(request, agency_obj, bulk_form=form, status=400)
    if done:
        messages.success(
            request,
            _("Decision recorded for %(count)s contributions; their authors are notified.")
            % {"count": done},
        )
    for error in errors:
        messages.error(request, error)
    return _back_to_queue(agency_obj)


# --- One contribution -----------------------------------------------------------------------


def _item_page(
    request: HttpRequest,
    agency: Agency,
    contribution: Contribution,
    *,
    forms: dict | None = None,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    appeal = selectors.contribution_appeal(contribution=contribution)
    appeal_pending = appeal is not None and appeal.status == AppealStatus.PENDING
    forms = forms or {}
    context = {
        "agency": agency,
        "item": _prepare(contribution),
        "history": selectors.contribution_history(contribution=contribution),
        "flags": selectors.contribution_flags(contribution=contribution),
        "appeal": appeal,
        "appeal_pending": appeal_pending,
        "may_decide_appeal": appeal_pending
        and appeal.appealed_decision.actor_id != request.user.pk,
        "suspension": selectors.active_suspension(user=contribution.author, agency=agency),
        "record": selectors.author_record(agency=agency, user=contribution.author),
        "decision_form": forms.get("decision") or DecisionForm(auto_id="decide_%s"),
        "redact_form": forms.get("redact")
        or RedactForm(initial={"body": contribution.body}, auto_id="redact_%s"),
        "warn_form": forms.get("warn") or WarnForm(auto_id="warn_%s"),
        "suspend_form": forms.get("suspend") or SuspendForm(auto_id="suspend_%s"),
        "appeal_form": forms.get("appeal") or AppealDecisionForm(auto_id="appeal_%s"),
        "errors": errors or [],
        "withdrawn": contribution.status == Status.WITHDRAWN,
    }
    return render(request, "participation/workspace/item.html", context, status=status)


@login_required
@require_safe
def item(request: HttpRequest, agency: str, contribution: int) -> HttpResponse:
    """One contribution with its findings, reports, history, appeal and every action."""
    agency_obj = workspace_for(request, agency, MODERATE)
    obj = selectors.agency_contribution(agency=agency_obj, pk=contribution)
    return _item_page(request, agency_obj, obj)


@login_required
@require_POST
def decide(request: HttpRequest, agency: str, contribution: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    obj = selectors.agency_contribution(agency=agency_obj, pk=contribution)
    form = DecisionForm(request.POST, auto_id="decide_%s")
    if form.is_valid():
        data = form.cleaned_data
        kwargs = {"actor": request.user, "contribution": obj, "note": data["note"]}
        if data["action"] in (Action.HIDE, Action.REJECT):
            kwargs["reason"] = data["reason"]
        try:
            moderation.SINGLE_ACTIONS[data["action"]](**kwargs)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Decision recorded; the author is notified."))
            return _back_to_queue(agency_obj)
    return _item_page(request, agency_obj, obj, forms={"decision": form}, status=400)


@login_required
@require_POST
def redact(request: HttpRequest, agency: str, contribution: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    obj = selectors.agency_contribution(agency=agency_obj, pk=contribution)
    form = RedactForm(request.POST, auto_id="redact_%s")
    if form.is_valid():
        try:
            moderation.contribution_redact(
                actor=request.user,
                contribution=obj,
                body=form.cleaned_data["body"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                add_service_errors(form, error)
            else:
                form.add_error("body", error.messages)
        else:
            messages.success(request, _("The redacted text is published; the author is notified."))
            return _back_to_queue(agency_obj)
    return _item_page(request, agency_obj, obj, forms={"redact": form}, status=400)


@login_required
@require_safe
def original(request: HttpRequest, agency: str, contribution: int) -> HttpResponse:
    """The author's text as typed (before masking or redaction). Each opening is audited."""
    agency_obj = workspace_for(request, agency, MODERATE)
    obj = selectors.agency_contribution(agency=agency_obj, pk=contribution)
    text = moderation.contribution_original_view(actor=request.user, contribution=obj)
    template = (
        "participation/workspace/_original.html"
        if request.htmx
        else "participation/workspace/original.html"
    )
    return render(request, template, {"agency": agency_obj, "item": obj, "original": text})


@login_required
@require_POST
def warn(request: HttpRequest, agency: str, contribution: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    obj = selectors.agency_contribution(agency=agency_obj, pk=contribution)
    form = WarnForm(request.POST, auto_id="warn_%s")
    if form.is_valid():
        try:
            moderation.author_warn(
                actor=request.user,
                agency=agency_obj,
                user=obj.author,
                note=form.cleaned_data["note"],
                contribution=obj,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The author has been warned."))
            return redirect(
                "workspace:moderation_item", agency=agency_obj.slug, contribution=obj.pk
            )
    return _item_page(request, agency_obj, obj, forms={"warn": form}, status=400)


@login_required
@require_POST
def suspend(request: HttpRequest, agency: str, contribution: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    obj = selectors.agency_contribution(agency=agency_obj, pk=contribution)
    form = SuspendForm(request.POST, auto_id="suspend_%s")
    if form.is_valid():
        try:
            moderation.author_suspend(
                actor=request.user,
                agency=agency_obj,
                user=obj.author,
                days=form.cleaned_data["days"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The author is suspended; they have been told until when."))
            return redirect(
                "workspace:moderation_item", agency=agency_obj.slug, contribution=obj.pk
            )
    return _item_page(request, agency_obj, obj, forms={"suspend": form}, status=400)


@login_required
@require_POST
def appeal_decide(request: HttpRequest, agency: str, contribution: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    obj = selectors.agency_contribution(agency=agency_obj, pk=contribution)
    appeal = selectors.contribution_appeal(contribution=obj)
    form = AppealDecisionForm(request.POST, auto_id="appeal_%s")
    if appeal is None:
        return _item_page(
            request, agency_obj, obj, errors=[_("The author has not appealed.")], status=400
        )
    if form.is_valid():
        try:
            moderation.appeal_decide(
                actor=request.user,
                appeal=appeal,
                grant=form.cleaned_data["decision"] == "grant",
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The appeal is decided; the author is notified."))
            return _back_to_queue(agency_obj)
    return _item_page(request, agency_obj, obj, forms={"appeal": form}, status=400)


# --- Suspensions ----------------------------------------------------------------------------


def _suspensions_page(
    request: HttpRequest, agency: Agency, *, errors: list[str] | None = None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "participation/workspace/suspensions.html",
        {
            "agency": agency,
            "suspensions": selectors.agency_suspensions(agency=agency)[:200],
            "now": timezone.now(),
            "errors": errors or [],
        },
        status=status,
    )


@login_required
@require_safe
def suspensions(request: HttpRequest, agency: str) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    return _suspensions_page(request, agency_obj)


@login_required
@require_POST
def suspension_lift(request: HttpRequest, agency: str, suspension: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    obj = selectors.agency_suspension(agency=agency_obj, pk=suspension)
    try:
        moderation.suspension_lift(actor=request.user, suspension=obj)
    except ValidationError as error:
        return _suspensions_page(request, agency_obj, errors=error.messages, status=400)
    messages.success(request, _("The suspension is lifted; the author is notified."))
    return redirect("workspace:moderation_suspensions", agency=agency_obj.slug)


# --- Word list ------------------------------------------------------------------------------


def _words_page(
    request: HttpRequest,
    agency: Agency,
    form: AbuseTermForm,
    *,
    errors: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "participation/workspace/words.html",
        {
            "agency": agency,
            "terms": selectors.agency_abuse_terms(agency=agency),
            "form": form,
            "errors": errors or [],
        },
        status=status,
    )


@login_required
def words(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's abusive-words list: contributions using one go to the queue."""
    agency_obj = workspace_for(request, agency, MODERATE)
    if request.method != "POST":
        return _words_page(request, agency_obj, AbuseTermForm())
    form = AbuseTermForm(request.POST)
    if form.is_valid():
        try:
            moderation.abuse_term_add(
                actor=request.user, agency=agency_obj, term=form.cleaned_data["term"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The word is on the list."))
            return redirect("workspace:moderation_words", agency=agency_obj.slug)
    return _words_page(request, agency_obj, form, status=400)


@login_required
@require_POST
def word_remove(request: HttpRequest, agency: str, abuse_term: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, MODERATE)
    term = selectors.agency_abuse_term(agency=agency_obj, pk=abuse_term)
    moderation.abuse_term_remove(actor=request.user, term=term)
    messages.success(request, _("The word was removed from the list."))
    return redirect("workspace:moderation_words", agency=agency_obj.slug)


# --- Settings and spaces --------------------------------------------------------------------


def _settings_page(
    request: HttpRequest, agency: Agency, form: SettingsForm, *, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "participation/workspace/settings.html",
        {
            "agency": agency,
            "form": form,
            "spaces": selectors.agency_spaces(agency=agency),
            "mode_form": SpaceModeForm(),
        },
        status=status,
    )


@login_required
def settings_view(request: HttpRequest, agency: str) -> HttpResponse:
    """The agency's moderation choices and each discussion's moderation mode."""
    agency_obj = workspace_for(request, agency, SETTINGS)
    cfg = selectors.moderation_settings(agency=agency_obj)
    initial = {f: getattr(cfg, f) for f in moderation.SETTINGS_FIELDS}
    if request.method != "POST":
        return _settings_page(request, agency_obj, SettingsForm(initial=initial))
    form = SettingsForm(request.POST, initial=initial)
    if form.is_valid():
        try:
            moderation.moderation_settings_update(
                actor=request.user, agency=agency_obj, data=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The moderation settings were saved."))
            return redirect("workspace:moderation_settings", agency=agency_obj.slug)
    return _settings_page(request, agency_obj, form, status=400)


@login_required
@require_POST
def space_mode(request: HttpRequest, agency: str, space: int) -> HttpResponse:
    agency_obj = workspace_for(request, agency, SETTINGS)
    space_obj = selectors.agency_spaces(agency=agency_obj).filter(pk=space).first()
    if space_obj is None:
        raise Http404
    form = SpaceModeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose pre-moderation or post-moderation."))
        cfg = selectors.moderation_settings(agency=agency_obj)
        initial = {f: getattr(cfg, f) for f in moderation.SETTINGS_FIELDS}
        return _settings_page(request, agency_obj, SettingsForm(initial=initial), status=400)
    moderation.space_moderation_set(
        actor=request.user, space=space_obj, mode=form.cleaned_data["mode"]
    )
    messages.success(request, _("The discussion's moderation mode was saved."))
    return redirect("workspace:moderation_settings", agency=agency_obj.slug)


# --- Participation rules --------------------------------------------------------------------


@login_required
def rules_view(request: HttpRequest, agency: str) -> HttpResponse:
    """Publish a new version of the participation rules; every version stays listed."""
    agency_obj = workspace_for(request, agency, SETTINGS)
    current = selectors.current_rules(agency=agency_obj)
    initial = {"body_ar": current.body_ar, "body_en": current.body_en} if current else {}
    form = RulesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.rules_publish(
                actor=request.user, agency=agency_obj, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Version %(version)s of the rules is published; new contributions accept it.")
                % {"version": version.version},
            )
            return redirect("workspace:moderation_rules", agency=agency_obj.slug)
    return render(
        request,
        "participation/workspace/rules.html",
        {
            "agency": agency_obj,
            "form": form,
            "versions": selectors.rules_versions(agency=agency_obj),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
