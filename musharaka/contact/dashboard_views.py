"""The requests dashboard for managers and analysts (``reports.view``), and its XLSX download.

Both read the same filter (inbox, period) from the query string, so the download holds exactly
what the page shows. Figures come from ``dashboard.py`` in a fixed number of queries.
"""

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_safe

from musharaka.contact import dashboard as reads
from musharaka.contact import dashboard_export
from musharaka.contact.models import Inbox
from musharaka.core.bilingual import localized
from musharaka.core.models import Agency
from musharaka.core.workspace_forms import BootstrapMixin
from musharaka.core.workspace_views import workspace_for


class InboxChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Inbox) -> str:
        return str(localized(obj, "name"))


class DashboardFilterForm(BootstrapMixin, forms.Form):
    inbox = InboxChoiceField(
        label=gettext_lazy("Inbox"),
        queryset=Inbox.objects.none(),
        required=False,
        empty_label=gettext_lazy("All inboxes"),
    )
    period = forms.TypedChoiceField(
        label=pgettext_lazy("requests", "Period"),
        choices=[(str(days), "") for days in reads.PERIODS],
        coerce=int,
        required=False,
        empty_value=reads.DEFAULT_PERIOD,
    )

    def __init__(self, *args, agency: Agency, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["inbox"].queryset = reads.dashboard_inboxes(agency=agency)
        self.fields["period"].choices = [
            (str(days), _("Last %(days)d days") % {"days": days}) for days in reads.PERIODS
        ]


def _filtered(request: HttpRequest, agency: str) -> tuple[Agency, DashboardFilterForm]:
    agency_obj = workspace_for(request, agency, "reports.view")
    return agency_obj, DashboardFilterForm(request.GET, agency=agency_obj)


def _error_summary(form: forms.Form) -> list[tuple[str, str]]:
    return [
        (form[name].auto_id if name in form.fields else "", text)
        for name, texts in form.errors.items()
        for text in texts
    ]


@login_required
@require_safe
def dashboard(request: HttpRequest, agency: str) -> HttpResponse:
    """Open requests, missed deadlines, speed, satisfaction and responders, for the agency or
    one inbox over the last 30, 90 or 365 days."""
    agency_obj, form = _filtered(request, agency)
    context = {"agency": agency_obj, "form": form, "board": None}
    if not form.is_valid():
        context["summary"] = _error_summary(form)
        return render(request, "contact/dashboard/dashboard.html", context, status=400)
    context["board"] = reads.dashboard(
        agency=agency_obj, inbox=form.cleaned_data["inbox"], days=form.cleaned_data["period"]
    )
    context["query"] = request.GET.urlencode()
    return render(request, "contact/dashboard/dashboard.html", context)


@login_required
@require_safe
def dashboard_xlsx(request: HttpRequest, agency: str) -> HttpResponse:
    """The dashboard's tables as a workbook, one sheet per table (right to left in Arabic)."""
    agency_obj, form = _filtered(request, agency)
    if not form.is_valid():
        return HttpResponse(
            _("Choose an inbox and a period from the lists."),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    board = reads.dashboard(
        agency=agency_obj, inbox=form.cleaned_data["inbox"], days=form.cleaned_data["period"]
    )
    language = (translation.get_language() or "ar")[:2]
    content = dashboard_export.workbook_bytes(board=board, language=language)
    day = timezone.localdate(board.now).isoformat()
    response = HttpResponse(content, content_type=dashboard_export.CONTENT_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="requests-{agency_obj.slug}-{board.days}d-{day}.xlsx"'
    )
    response["Cache-Control"] = "no-store"
    return response
