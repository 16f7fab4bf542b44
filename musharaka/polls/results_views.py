"""The public results page of a poll (``polls:results``).

Drafts do not exist for the public (404). A published poll whose results are not public yet, or
never (staff only), gets a page that says so, and the agency's statement once published.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from musharaka.polls import results


@require_safe
def poll_results(request: HttpRequest, agency_slug: str, slug: str) -> HttpResponse:
    poll = results.published_poll(agency_slug=agency_slug, slug=slug)
    reason = results.hidden_reason(poll=poll)
    found = None
    if reason is None:
        found = results.poll_results(poll=poll)
        results.attach_texts(
            results=found,
            staff=False,
            selected=request.GET.get("answers"),
            page=request.GET.get("page"),
        )
    return render(
        request,
        "polls/results/public.html",
        {"poll": poll, "agency": poll.agency, "reason": reason, "results": found},
    )
