"""Public moderation pages: an agency's transparency figures, its participation rules, and the
author's appeal against a moderator's decision."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from musharaka.core.selectors import public_agency
from musharaka.core.workspace_forms import add_service_errors
from musharaka.participation import moderation, selectors
from musharaka.participation.models import ReasonCode
from musharaka.participation.moderation import APPEAL_MAX_LENGTH, REASON_EXPLANATIONS


def _reason_list() -> list[tuple[str, str, str]]:
    """``(code, label, explanation)`` of every published reason, in the list's order."""
    return [(code, label, REASON_EXPLANATIONS[code]) for code, label in ReasonCode.choices]


@require_safe
def transparency(request: HttpRequest, slug: str) -> HttpResponse:
    """Monthly counts of contributions received, published, hidden and rejected (by reason),
    for anyone to see how the agency moderates."""
    agency = public_agency(slug=slug)
    months = selectors.transparency_report(agency=agency)
    labels = dict(ReasonCode.choices)
    for month in months:
        month["by_reason"] = [
            (labels[code], month["hidden_by"].get(code, 0), month["rejected_by"].get(code, 0))
            for code in ReasonCode.values
            if month["hidden_by"].get(code) or month["rejected_by"].get(code)
        ]
    totals = {
        key: sum(m[key] for m in months)
        for key in ("received", "published", "hidden", "rejected", "restored")
    }
    return render(
        request,
        "participation/public/transparency.html",
        {
            "agency": agency,
            "months": months,
            "totals": totals,
            "reasons": _reason_list(),
            "rules": selectors.current_rules(agency=agency),
        },
    )


@require_safe
def agency_rules(request: HttpRequest, slug: str) -> HttpResponse:
    """The agency's current participation rules and the reasons a contribution may be refused;
    every contribution form links here."""
    agency = public_agency(slug=slug)
    return render(
        request,
        "participation/public/rules.html",
        {
            "agency": agency,
            "rules": selectors.current_rules(agency=agency),
            "reasons": _reason_list(),
        },
    )


class AppealForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Why should the decision change?"),
        max_length=APPEAL_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "dir": "auto", "class": "form-control"}),
        help_text=gettext_lazy(
            "You can appeal once. A moderator other than the one who decided will read it."
        ),
    )


@login_required
def appeal(request: HttpRequest, contribution: int) -> HttpResponse:
    """The author sees why their contribution was hidden or rejected and may appeal once."""
    obj = selectors.own_contribution(user=request.user, pk=contribution)
    decision = selectors.decision_to_appeal(contribution=obj)
    existing = selectors.contribution_appeal(contribution=obj)
    form = AppealForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.appeal_submit(
                actor=request.user, contribution=obj, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("Your appeal is sent. Another moderator will decide, and you will be told."),
            )
            return redirect("participation:mine")
    return render(
        request,
        "participation/public/appeal.html",
        {
            "item": obj,
            "decision": decision,
            "explanation": REASON_EXPLANATIONS.get(decision.reason, "") if decision else "",
            "existing": existing,
            "form": form,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
