"""Every link the demo shows works: a reader, a citizen and three kinds of staff follow the
links of the pages they can reach (both languages) and none leads to a server error or to a
page the platform itself linked but then refuses or cannot find."""

import re
from collections import deque
from urllib.parse import parse_qsl, urldefrag, urlsplit

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import Resolver404, resolve

from musharaka.core.models import Membership, Role, User

HREF = re.compile(r'href="([^"]+)"')
# Downloads, feeds, assets and sign-out are not pages (browser tests check assets load); the
# admin has its own tests.
SKIP = re.compile(
    r"(/accounts/logout|/admin/|/static/|\.(csv|xlsx|pdf|rss|atom|docx|png|jpe?g)(\?|$)|/display/|/media/)"
)
LIMIT = 600


def links(html: str) -> list[str]:
    found = []
    for raw in HREF.findall(html):
        url = urldefrag(raw.replace("&amp;", "&"))[0]
        if url.startswith("/") and not url.startswith("//") and not SKIP.search(url):
            found.append(url)
    return found


def page_kind(link: str) -> tuple:
    """One page per view, language and set of query keys is enough: ids and slugs vary, the
    code that renders them does not."""
    parts = urlsplit(link)
    try:
        view = resolve(parts.path).view_name
    except Resolver404:
        view = parts.path  # crawled, and reported as the 404 it is
    keys = frozenset(key for key, _value in parse_qsl(parts.query))
    return (parts.path.startswith("/en/"), view, keys)


def crawl(client: Client, starts: list[str]) -> list[str]:
    """Breadth-first from ``starts``; returns the problems found."""
    seen = {page_kind(url) for url in starts}
    queue = deque((url, "start") for url in starts)
    problems: list[str] = []
    visited = 0
    while queue and visited < LIMIT:
        url, source = queue.popleft()
        response = client.get(url)
        visited += 1
        if response.status_code >= 500 or response.status_code in (403, 404):
            problems.append(f"{response.status_code} {url} (linked from {source})")
            continue
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        for link in links(response.content.decode()):
            shape = page_kind(link)
            if shape not in seen:
                seen.add(shape)
                queue.append((link, url))
    return problems


@pytest.mark.django_db
def test_the_demos_links_all_lead_somewhere(settings):
    settings.MUSHARAKA_DEMO = True
    call_command("demo_load", verbosity=0)
    problems = crawl(Client(), ["/", "/en/"])

    citizen = Client()
    citizen.force_login(User.objects.get(email__startswith="citizen@"))
    problems += [f"citizen: {p}" for p in crawl(citizen, ["/", "/en/"])]

    for role in (Role.MANAGER, Role.MODERATOR, Role.RESPONDER):
        staff = Client()
        member = Membership.objects.filter(role=role, agency__slug="yesser").first()
        staff.force_login(member.user)
        found = crawl(staff, ["/en/workspace/yesser/", "/workspace/yesser/"])
        problems += [f"{role}: {p}" for p in found]
    assert not problems, "\n".join(problems)
