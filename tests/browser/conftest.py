"""Headless Debian Chromium driven by Playwright against pytest-django's live server.

One browser for the whole session (starting Chromium is the slow part); a fresh context and page
per test so cookies never leak between tests. The browser may only reach the live server: every
other request is aborted and recorded, and a test that caused one fails, as does one whose page
had a stylesheet, script or font fail to load. pytest-django's live server serves static files
through staticfiles' finders (StaticFilesHandler), so Bootstrap and the fonts come straight from
node_modules without collectstatic.
"""

import functools
import json
import os
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

# Sync Playwright runs an event loop in this thread; Django's ORM would refuse to run in it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
AXE_JS = Path(__file__).resolve().parents[2] / "node_modules/axe-core/axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Best-practice rules on top of the WCAG tags: the page structure the base template promises.
AXE_STRUCTURE_RULES = [
    "landmark-one-main",
    "landmark-unique",
    "landmark-no-duplicate-banner",
    "landmark-no-duplicate-contentinfo",
    "landmark-banner-is-top-level",
    "landmark-contentinfo-is-top-level",
    "landmark-main-is-top-level",
    "region",
    "skip-link",
    "page-has-heading-one",
    "heading-order",
]
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    # Nothing but loopback resolves, even for requests the page router below never sees.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


def _new_context(browser, blocked: list[str], broken: list[str], **options):
    context = browser.new_context(locale="en-GB", **options)

    def record_broken(response):
        # A stylesheet, script or font that fails leaves a page that looks fine to axe.
        if response.status >= 400 and response.request.resource_type != "document":
            broken.append(f"{response.status} {response.url}")

    context.on("response", record_broken)

    def record_failed(request):
        # A stylesheet the server dropped leaves an unstyled page, and axe then blames the
        # page's targets and contrast; say what really went wrong. Aborted loads are pages
        # left before they finished, and blocked ones are reported by ``only_local``.
        failure = request.failure or ""
        local = (urlsplit(request.url).hostname or "") in LOCAL_HOSTS
        if local and request.resource_type != "document" and "ERR_ABORTED" not in failure:
            broken.append(f"{failure} {request.url}")

    context.on("requestfailed", record_failed)

    def only_local(route):
        host = urlsplit(route.request.url).hostname or ""
        if host in LOCAL_HOSTS:
            route.continue_()
        else:
            blocked.append(route.request.url)
            route.abort("blockedbyclient")

    context.route("**/*", only_local)
    return context


@pytest.fixture
def blocked_requests():
    """Addresses outside the live server that a page tried to load."""
    blocked: list[str] = []
    yield blocked
    assert not blocked, f"a page tried to reach outside the live server: {blocked}"


@pytest.fixture
def broken_assets():
    """Stylesheets, scripts, fonts and images that did not load."""
    broken: list[str] = []
    yield broken
    assert not broken, f"assets failed to load: {broken}"


@pytest.fixture
def browser_context(browser, live_server, blocked_requests, broken_assets):
    context = _new_context(browser, blocked_requests, broken_assets)
    yield context
    context.close()


@pytest.fixture
def page(browser_context):
    page = browser_context.new_page()
    page.set_default_timeout(10_000)
    return page


@pytest.fixture
def new_context(browser, live_server, blocked_requests, broken_assets):
    """Make extra contexts (e.g. with JavaScript off); each is closed after the test."""
    contexts = []

    def make(**options):
        context = _new_context(browser, blocked_requests, broken_assets, **options)
        contexts.append(context)
        return context

    yield make
    for context in contexts:
        context.close()


def sign_in(context, client, user, live_server) -> None:
    """Give the browser a fresh session of ``user``: no password, no TOTP form. A new test
    client each time, so signing in a second person never ends the first one's session."""
    fresh = type(client)()
    fresh.force_login(user)
    session = fresh.cookies["sessionid"]
    context.add_cookies([{"name": "sessionid", "value": session.value, "url": live_server.url}])


@functools.cache
def _axe_source() -> str:
    return AXE_JS.read_text()


def axe_violations(page, *, rules: list[str] | None = None) -> list[dict]:
    """Run axe-core for WCAG 2.0 to 2.2 A and AA and the structure rules (or only ``rules``).

    A page just submitted can have its DOM before its stylesheets and fonts: axe measuring
    unstyled targets reports violations no reader would meet, so wait for both first.
    """
    page.wait_for_load_state("load")
    page.evaluate("document.fonts.ready.then(() => true)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=_axe_source())
    if rules:
        options = {"runOnly": {"type": "rule", "values": rules}}
    else:
        options = {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "rules": {rule: {"enabled": True} for rule in AXE_STRUCTURE_RULES},
        }
    return page.evaluate(
        """options => axe.run(document, options)
             .then(results => results.violations.map(v => ({
               id: v.id, impact: v.impact, help: v.help,
               nodes: v.nodes.map(n => ({target: n.target.join(' '), summary: n.failureSummary}))
             })))""",
        options,
    )


def format_violations(violations: list[dict]) -> str:
    """Readable enough to fix from the assertion message alone."""
    lines = []
    for violation in violations:
        lines.append(f"[{violation['impact']}] {violation['id']}: {violation['help']}")
        for node in violation["nodes"][:8]:
            summary = " ".join((node["summary"] or "").split())
            lines.append(f"    {node['target']}  —  {summary[:300]}")
    return "\n".join(lines) or json.dumps(violations)


def axe_check(page, problems: list[str], what: str) -> None:
    """A page has one h1, and its axe violations are added to ``problems`` under ``what``, so
    that a test walking many pages reports them all at once."""
    assert page.locator("h1").count() == 1, what
    violations = axe_violations(page)
    if violations:
        problems.append(f"{what}\n{format_violations(violations)}")
