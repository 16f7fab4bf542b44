"""Whole public pages cached for anonymous readers, for the pages read most (an open draft's
article pages). The view names what its page depends on (a space's generation, a consultation's
last change); the language, display preferences and the full path are added here.

Two things are never shared between readers: the CSRF token (the footer's feedback form carries
one) and flash messages. Pages are rendered with a placeholder where the token goes, and each
reader gets their own token put in on the way out; a reader with messages waiting, or signed in,
is rendered afresh and nothing is stored.
"""

import hashlib
from collections.abc import Callable

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils import translation

CSRF_PLACEHOLDER = "__musharaka-csrf-token__"
_VERSION = 1


def _key(request: HttpRequest, parts: list) -> str:
    reader = [
        translation.get_language(),
        request.COOKIES.get("text_size", ""),
        request.COOKIES.get("contrast", ""),
        request.get_full_path(),
    ]
    digest = hashlib.sha256(repr([*parts, *reader]).encode()).hexdigest()
    return f"pagecache:v{_VERSION}:{digest}"


def shareable(request: HttpRequest) -> bool:
    """Whether this request may be answered with (and may store) a page shared by all readers."""
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and len(get_messages(request)) == 0
    )


def _personal(request: HttpRequest, html: str) -> HttpResponse:
    return HttpResponse(html.replace(CSRF_PLACEHOLDER, get_token(request)))


def anonymous_page(
    request: HttpRequest,
    parts: list,
    render: Callable[[dict], HttpResponse],
    *,
    timeout: int,
) -> HttpResponse:
    """The page from the cache, or ``render(extra_context)`` stored for the next reader.

    ``parts`` must change whenever what the page shows changes (a generation bumped by every
    write); ``timeout`` only bounds what no write announces. Only 200 responses are stored."""
    if not shareable(request):
        return render({})
    key = _key(request, parts)
    html = cache.get(key)
    if html is not None:
        return _personal(request, html)
    response = render({"csrf_token": CSRF_PLACEHOLDER})
    html = response.content.decode()
    if response.status_code != 200:
        response.content = html.replace(CSRF_PLACEHOLDER, get_token(request))
        return response
    cache.set(key, html, timeout)
    return _personal(request, html)
