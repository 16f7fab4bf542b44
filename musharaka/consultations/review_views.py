"""The review table and the outcome: staff pages under
``/workspace/<agency>/consultations/<id>/review/`` and ``…/outcome/``, and the public outcome page
``consultations/<agency>/<slug>/outcome/``.

Staff of another agency get 404 (``workspace_agency``); staff of the agency who are not on the
drafting team get 403 (analysts may read the table). Each view calls one service or selector.
"""

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

import musharaka.consultations.rules  # noqa: F401  (registers "consultations.answer")
from musharaka.consultations import review, selectors
from musharaka.consultations.models import Consultation, Phase
from musharaka.consultations.review_forms import (
    AnswerForm,
    AssignForm,
    OutcomeForm,
    ReviewFilterForm,
    article_label,
)
from musharaka.core.models import Agency, User
from musharaka.core.selectors import workspace_agency
from musharaka.core.workspace_forms import add_service_errors

REVIEW_PAGE_SIZE = 50
OUTCOME_COMMENTS_PAGE_SIZE = 20


def _review_access(request: HttpRequest, agency: str, pk: int) -> tuple[Agency, Consultation, bool]:
    """The agency and consultation of the URL, and whether the user may answer (else read)."""
    agency_obj = workspace_agency(user=request.user, slug=agency)
    consultation = selectors.review_consultation(agency=agency_obj, pk=pk)
    may_answer = rules.test_rule("consultations.answer", request.user, consultation)
    if not may_answer and not rules.test_rule("core.reports.view", request.user, agency_obj):
        raise PermissionDenied
    return agency_obj, consultation, may_answer


def _selected(request: HttpRequest) -> list[int]:
    return [int(v) for v in request.POST.getlist("comments") if v.isdigit()][
        : REVIEW_PAGE_SIZE * 20
    ]


def _member(team: list[User], value: str) -> User | None:
    return next((u for u in team if str(u.pk) == value), None)


def _bulk(
    request: HttpRequest, consultation: Consultation, team: list[User]
) -> tuple[AssignForm, AnswerForm, bool]:
    """Run the posted bulk action; the forms come back with any errors to show."""
    action = request.POST.get("action")
    assign_form = AssignForm(request.POST if action == "assign" else None, team=team)
    answer_form = AnswerForm(request.POST if action == "answer" else None)
    form = assign_form if action == "assign" else answer_form
    if action not in ("assign", "answer"):
        answer_form.is_valid()
        answer_form.add_error(None, _("Choose what to do with the selected comments."))
        return assign_form, answer_form, False
    if not form.is_valid():
        return assign_form, answer_form, False
    comments = selectors.review_comments_by_ids(consultation=consultation, ids=_selected(request))
    try:
        if action == "assign":
            value = assign_form.cleaned_data["member"]
            count = review.comment_assign(
                actor=request.user,
                comments=comments,
                member=None if value == "none" else _member(team, value),
            )
            messages.success(
                request,
                ngettext("%(count)d comment assigned.", "%(count)d comments assigned.", count)
                % {"count": count},
            )
        else:
            count = review.comment_answer(
                actor=request.user, comments=comments, **form.cleaned_data
            )
            messages.success(
                request,
                ngettext("%(count)d comment answered.", "%(count)d comments answered.", count)
                % {"count": count},
            )
    except ValidationError as error:
        add_service_errors(form, error)
        return assign_form, answer_form, False
    return assign_form, answer_form, True


@login_required
def consultation_review(request: HttpRequest, agency: str, consultation: int) -> HttpResponse:
    """Every comment (published or not) with filters, and bulk assign / answer."""
    agency_obj, found, may_answer = _review_access(request, agency, consultation)
    team = review.answer_team(consultation=found)
    articles = selectors.review_articles(consultation=found)
    filter_form = ReviewFilterForm(
        request.GET,
        articles=articles,
        agencies=list(selectors.review_agencies(consultation=found)),
        team=team,
    )
    status = 200 if filter_form.is_valid() else 400
    assign_form, answer_form = AssignForm(team=team), AnswerForm()
    selected: set[int] = set()
    if request.method == "POST":
        if not may_answer:
            raise PermissionDenied
        assign_form, answer_form, done = _bulk(request, found, team)
        if done:
            return redirect(request.get_full_path())
        status, selected = 400, set(_selected(request))
    # Sort only the ids (the order spans three tables, so the database sorts every matching
    # comment): then read the page's fifty rows in full.
    page = Paginator(
        selectors.review_comments(consultation=found, **filter_form.filters()).values_list(
            "pk", flat=True
        ),
        REVIEW_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    page.object_list = selectors.review_comments_in_order(
        consultation=found, ids=list(page.object_list)
    )
    labels = {n.key: article_label(n) for n in articles}
    for comment in page.object_list:
        comment.article_label = labels.get(comment.article_key, "")
    return render(
        request,
        "consultations/review/table.html",
        {
            "agency": agency_obj,
            "consultation": found,
            "page": page,
            "filter_form": filter_form,
            "assign_form": assign_form,
            "answer_form": answer_form,
            "may_answer": may_answer,
            "selected": selected,
            "progress": selectors.review_progress(consultation=found),
        },
        status=status,
    )


@login_required
def consultation_outcome_publish(
    request: HttpRequest, agency: str, consultation: int
) -> HttpResponse:
    """The form that publishes "you said, we did", with how many comments are left."""
    agency_obj, found, may_answer = _review_access(request, agency, consultation)
    if not may_answer:
        raise PermissionDenied
    status = 200
    if request.method == "POST":
        form = OutcomeForm(request.POST)
        if form.is_valid():
            try:
                review.outcome_publish(actor=request.user, consultation=found, **form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request, _("The outcome is published. Everyone who commented is told.")
                )
                return redirect("consultations:outcome", found.agency.slug, found.slug)
        status = 400
    else:
        form = OutcomeForm(
            initial={"summary_ar": found.outcome_summary_ar, "summary_en": found.outcome_summary_en}
        )
    return render(
        request,
        "consultations/review/outcome_form.html",
        {
            "agency": agency_obj,
            "consultation": found,
            "form": form,
            "progress": selectors.review_progress(consultation=found),
            "under_review": found.phase == Phase.UNDER_REVIEW,
        },
        status=status,
    )


# --- Public: the outcome page -----------------------------------------------------------------


def _shown(consultation: Consultation) -> bool:
    return consultation.outcome_published_at is not None and consultation.phase in (
        Phase.OUTCOME_PUBLISHED,
        Phase.ARCHIVED,
    )


@require_safe
def outcome(request: HttpRequest, agency_slug: str, slug: str) -> HttpResponse:
    """You said, we did: per article the comments, the answers and the change; statistics; the
    final text. Before publication it says when the outcome is due."""
    found = selectors.public_outcome_consultation(agency_slug=agency_slug, slug=slug)
    context: dict = {
        "consultation": found,
        "agency": found.agency,
        "shown": _shown(found),
        "title": str(found.local("title")),
    }
    if context["shown"]:
        context.update(
            articles=selectors.outcome_articles(consultation=found),
            stats=selectors.outcome_statistics(consultation=found),
            final_text=selectors.version_text(
                version=found.current_version or selectors.review_version(consultation=found)
            ),
        )
    return render(request, "consultations/outcome/page.html", context)


@require_safe
def outcome_comments(
    request: HttpRequest, agency_slug: str, slug: str, article: str
) -> HttpResponse:
    """All the published comments on one article with their answers, a page at a time."""
    found = selectors.public_outcome_consultation(agency_slug=agency_slug, slug=slug)
    if not _shown(found):
        return redirect("consultations:outcome", found.agency.slug, found.slug)
    node = None
    if article != selectors.REVIEW_GENERAL:
        node = next(
            (n for n in selectors.review_articles(consultation=found) if str(n.key) == article),
            None,
        )
        if node is None:
            raise Http404
    page = Paginator(
        selectors.outcome_comments(consultation=found, article=article),
        OUTCOME_COMMENTS_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/outcome/comments.html",
        {
            "consultation": found,
            "agency": found.agency,
            "node": node,
            "article_label": article_label(node) if node else "",
            "page": page,
        },
    )
