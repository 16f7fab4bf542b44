"""Public news pages: an agency's announcements and each one with its comments thread."""

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from musharaka.announcements import selectors
from musharaka.core.selectors import public_agency
from musharaka.participation.render import render_body
from musharaka.participation.selectors import space_for

PAGE_SIZE = 10


@require_safe
def announcement_list(request: HttpRequest, slug: str) -> HttpResponse:
    agency = public_agency(slug=slug)
    page = Paginator(selectors.published_announcements(agency=agency), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "announcements/list.html", {"agency": agency, "page": page})


@require_safe
def announcement_detail(request: HttpRequest, slug: str, announcement: str) -> HttpResponse:
    agency = public_agency(slug=slug)
    found = selectors.public_announcement(agency=agency, slug=announcement)
    body = found.local("body")
    space = space_for(owner=found)
    if space is not None:
        space.agency = agency  # already fetched: the thread needs it
    return render(
        request,
        "announcements/detail.html",
        {
            "agency": agency,
            "announcement": found,
            "title": found.local("title"),
            "body": body,
            "body_html": render_body(body.text),
            "space": space,
            "page_updated": found.updated_at,
        },
    )
