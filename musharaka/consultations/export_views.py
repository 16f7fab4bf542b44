"""Downloads: the comment-response matrix and the outcome report, for staff and (the report,
once published) for everyone.

Up to ``core.exports.inline_limit()`` comments the file is built during the request. Above it a
background task builds it into storage; until then the reader gets a page that refreshes.
"""

import rules
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from musharaka.consultations import exports, selectors, tasks
from musharaka.consultations.models import Consultation
from musharaka.core.bilingual import localized
from musharaka.core.exports import export_language, inline_limit
from musharaka.core.selectors import workspace_agency

PREPARING_SECONDS = 5
STAFF_ACTIONS = ("core.reports.view", "core.content.edit")
BUILDERS = {
    exports.MATRIX: (exports.matrix_bytes, tasks.build_matrix_xlsx),
    exports.OUTCOME: (exports.outcome_pdf_bytes, tasks.build_outcome_pdf),
}


def _language(request: HttpRequest) -> str:
    return export_language(request.GET.get("lang") or translation.get_language())


def _staff_consultation(request: HttpRequest, agency: str, consultation: int) -> Consultation:
    agency_obj = workspace_agency(user=request.user, slug=agency)
    if not any(rules.test_rule(action, request.user, agency_obj) for action in STAFF_ACTIONS):
        raise PermissionDenied
    return selectors.workspace_consultation(agency=agency_obj, pk=consultation)


def _download(
    request: HttpRequest, consultation: Consultation, kind: str, language: str
) -> HttpResponse:
    filename = exports.download_name(consultation=consultation, kind=kind, language=language)
    build_inline, task = BUILDERS[kind]
    if exports.comment_count(consultation=consultation) <= inline_limit():
        content = build_inline(consultation=consultation, language=language)
        response = HttpResponse(content, content_type=exports.CONTENT_TYPES[kind])
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response
    path = exports.stored_export(consultation=consultation, kind=kind, language=language)
    if path is None:
        signature = exports.data_signature(consultation=consultation)
        # One build per state of the data, however many people press the button meanwhile.
        if cache.add(
            f"consultation-export:{consultation.pk}:{kind}:{language}:{signature}", 1, 900
        ):
            task.enqueue(consultation.pk, language)
        path = exports.stored_export(consultation=consultation, kind=kind, language=language)
    if path is None:
        response = render(
            request,
            "consultations/exports/preparing.html",
            {
                "consultation": consultation,
                "title": str(localized(consultation, "title")),
                "seconds": PREPARING_SECONDS,
            },
            status=202,
        )
        response["Refresh"] = str(PREPARING_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    return FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=filename,
        content_type=exports.CONTENT_TYPES[kind],
    )


@login_required
@require_safe
def consultation_export_xlsx(request: HttpRequest, agency: str, consultation: int) -> HttpResponse:
    found = _staff_consultation(request, agency, consultation)
    return _download(request, found, exports.MATRIX, _language(request))


@login_required
@require_safe
def consultation_export_pdf(request: HttpRequest, agency: str, consultation: int) -> HttpResponse:
    found = _staff_consultation(request, agency, consultation)
    return _download(request, found, exports.OUTCOME, _language(request))


@require_safe
def outcome_pdf(request: HttpRequest, agency_slug: str, slug: str) -> HttpResponse:
    """The published outcome report, for everyone; 404 until the outcome is published."""
    found = selectors.published_outcome_consultation(agency_slug=agency_slug, slug=slug)
    return _download(request, found, exports.OUTCOME, _language(request))
