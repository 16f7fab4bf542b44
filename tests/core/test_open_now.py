from datetime import timedelta

import pytest
from django.utils import timezone

from musharaka.core import open_now
from musharaka.core.open_now import OpenItem


@pytest.fixture
def poll_provider(agency, other_agency):
    soon, later = timezone.now() + timedelta(days=2), timezone.now() + timedelta(days=9)
    items = [
        OpenItem("Later poll", "/later/", "Poll", agency, later),
        OpenItem("Other agency poll", "/other/", "Poll", other_agency, soon),
        OpenItem("Open-ended forum", "/forum/", "Forum", agency, None),
    ]

    def provider(for_agency):
        return [i for i in items if for_agency is None or i.agency == for_agency]

    open_now.register(provider)
    yield
    open_now._providers.remove(provider)


@pytest.mark.django_db
def test_home_lists_what_is_open_across_agencies_closing_soonest_first(client, poll_provider):
    html = client.get("/en/").content.decode()
    positions = [html.index(t) for t in ("Other agency poll", "Later poll", "Open-ended forum")]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_agency_page_lists_only_its_own_open_items(client, agency, poll_provider):
    html = client.get(f"/en/agencies/{agency.slug}/").content.decode()
    assert "Later poll" in html and "Open-ended forum" in html
    assert "Other agency poll" not in html
