"""Staff results of a poll and its downloads: responses as CSV and XLSX, the summary as PDF.

Staff of the poll's agency whose role may see responses (``polls.see_responses``: its authors
and analysts) only; other agencies' polls are 404. The language of the files is the URL's.
The CSV is streamed; the XLSX of a large poll is built by a background task into storage
(until then a page that refreshes); the PDF shows the cached results, so it is built inline.
"""

import rules
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.files.storage import default_storage
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.http import require_safe

from musharaka.core.bilingual import localized
from musharaka.core.exports import export_language, inline_limit
from musharaka.core.workspace_views import workspace_for
from musharaka.polls import exports, results, tasks
from musharaka.polls.models import Poll

PREPARING_SECONDS = 5


def _staff_poll(request: HttpRequest, agency: str, poll: int) -> Poll:
    agency_obj = workspace_for(request, agency, "workspace.view")
    if not rules.test_rule("polls.see_responses", request.user, agency_obj):
        raise PermissionDenied
    return results.staff_poll(agency=agency_obj, pk=poll)


def _language() -> str:
    return export_language(translation.get_language())


def _attachment(response: HttpResponse, poll: Poll, fmt: str, language: str) -> HttpResponse:
    filename = exports.download_name(poll=poll, fmt=fmt, language=language)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def staff_results(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    found = _staff_poll(request, agency, poll)
    shown = results.poll_results(poll=found)
    results.attach_texts(
        results=shown,
        staff=True,
        selected=request.GET.get("answers"),
        page=request.GET.get("page"),
    )
    return render(
        request,
        "polls/results/staff.html",
        {
            "agency": found.agency,
            "poll": found,
            "results": shown,
            "public_reason": results.hidden_reason(poll=found),
        },
    )


@login_required
@require_safe
def export_csv(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    found = _staff_poll(request, agency, poll)
    language = _language()
    response = StreamingHttpResponse(
        exports.csv_chunks(poll=found, language=language),
        content_type=exports.CONTENT_TYPES[exports.CSV],
    )
    return _attachment(response, found, exports.CSV, language)


@login_required
@require_safe
def export_xlsx(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    found = _staff_poll(request, agency, poll)
    language = _language()
    fmt = exports.XLSX
    if found.response_count <= inline_limit():
        content = exports.xlsx_bytes(poll=found, language=language)
        response = HttpResponse(content, content_type=exports.CONTENT_TYPES[fmt])
        return _attachment(response, found, fmt, language)
    path = exports.stored_export(poll=found, fmt=fmt, language=language)
    if path is None:
        signature = exports.data_signature(poll=found)
        # One build per state of the data, however many people press the button meanwhile.
        if cache.add(f"poll-export:{found.pk}:{fmt}:{language}:{signature}", 1, 900):
            tasks.build_responses_xlsx.enqueue(found.pk, language)
        path = exports.stored_export(poll=found, fmt=fmt, language=language)
    if path is None:
        response = render(
            request,
            "polls/results/preparing.html",
            {
                "agency": found.agency,
                "poll": found,
                "title": str(localized(found, "title")),
                "seconds": PREPARING_SECONDS,
            },
            status=202,
        )
        response["Refresh"] = str(PREPARING_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    response = FileResponse(
        default_storage.open(path, "rb"),
        as_attachment=True,
        filename=exports.download_name(poll=found, fmt=fmt, language=language),
        content_type=exports.CONTENT_TYPES[fmt],
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_safe
def export_pdf(request: HttpRequest, agency: str, poll: int) -> HttpResponse:
    found = _staff_poll(request, agency, poll)
    language = _language()
    content = exports.summary_pdf_bytes(poll=found, language=language)
    response = HttpResponse(content, content_type=exports.CONTENT_TYPES[exports.PDF])
    return _attachment(response, found, exports.PDF, language)
