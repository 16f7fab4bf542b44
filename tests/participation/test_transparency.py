"""The public transparency page: monthly counts by reason, computed with a few aggregate
queries; the rules page: the current rules and the published reasons."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from freezegun import freeze_time

from musharaka.core.models import Role
from musharaka.participation import moderation, selectors
from musharaka.participation.models import ReasonCode
from musharaka.participation.services import contribution_submit, rules_publish
from tests.conftest import make_staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RIYADH = ZoneInfo("Asia/Riyadh")
MARCH = datetime(2026, 3, 10, 12, tzinfo=RIYADH)
APRIL = datetime(2026, 4, 5, 12, tzinfo=RIYADH)
NOW = datetime(2026, 4, 20, 12, tzinfo=RIYADH)


@pytest.fixture
def moderator(agency):
    return make_staff(agency, Role.MODERATOR, totp=False)


@pytest.fixture
def history(agency, moderator, space):
    """March: 3 received (2 published, 1 waiting), 1 hidden as spam.
    April: 2 received; 1 rejected as abuse, 1 hidden as abuse then restored; the March
    waiting one rejected as spam."""
    with freeze_time(MARCH):
        published = [
            contribution_submit(actor=UserFactory(), space=space, body=f"March comment {i}.")
            for i in range(2)
        ]
        moderation.contribution_hide(
            actor=moderator, contribution=published[0], reason=ReasonCode.SPAM
        )
    with freeze_time(MARCH):
        waiting = contribution_submit(
            actor=UserFactory(), space=_pre(agency, moderator), body="March, waiting long."
        )
    with freeze_time(APRIL):
        april = [
            contribution_submit(
                actor=UserFactory(), space=_pre(agency, moderator), body=f"April {i}."
            )
            for i in range(2)
        ]
        moderation.contribution_reject(
            actor=moderator, contribution=april[0], reason=ReasonCode.ABUSE
        )
        moderation.contribution_hide(
            actor=moderator, contribution=april[1], reason=ReasonCode.ABUSE
        )
        moderation.contribution_restore(actor=moderator, contribution=april[1])
        moderation.contribution_reject(
            actor=moderator, contribution=waiting, reason=ReasonCode.SPAM
        )


def _pre(agency, owner):
    from musharaka.participation.services import space_get_or_create

    space = space_get_or_create(
        agency=agency, channel="consultation", owner=owner, title_ar="مسودة"
    )
    space.moderation = "pre"
    space.save()
    return space


def test_monthly_counts_by_reason(agency, history, other_agency):
    contribution_submit(
        actor=UserFactory(), space=_pre(other_agency, other_agency), body="Another agency's."
    )
    with freeze_time(NOW):
        report = selectors.transparency_report(agency=agency)

    april, march = report
    assert (march["month"].month, april["month"].month) == (3, 4)
    assert (march["received"], march["published"], march["hidden"], march["rejected"]) == (
        3,
        2,
        1,
        0,
    )
    assert march["hidden_by"] == {"spam": 1}
    assert (april["received"], april["published"], april["hidden"], april["rejected"]) == (
        2,
        1,
        1,
        2,
    )
    assert april["hidden_by"] == {"abuse": 1}
    assert april["rejected_by"] == {"abuse": 1, "spam": 1}
    assert april["restored"] == 1


def test_report_costs_the_same_few_queries_whatever_the_volume(agency, history):
    with freeze_time(NOW), CaptureQueriesContext(connection) as queries:
        selectors.transparency_report(agency=agency)
    assert len(queries) == 3


def test_public_page_shows_the_figures_reasons_and_rules(client, agency, manager, history):
    rules_publish(
        actor=manager, agency=agency, body_ar="قواعد المشاركة", body_en="Be kind; stay on topic."
    )
    with freeze_time(NOW):
        response = client.get(f"/en/agencies/{agency.slug}/moderation/")

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    assert "March 2026" in html and "April 2026" in html
    assert "Abusive, offensive or hateful language" in html
    by_reason = html[html.index('id="by-reason"') :]
    row = by_reason[by_reason.index("April 2026") :]
    row = row[: row.index("</tr>")]
    assert "Spam or advertising" in row, "April: one rejected as spam"
    for code in ReasonCode.values:
        assert f'id="reason-{code}"' in html, f"{code} is explained"
    assert "Be kind; stay on topic." in html


def test_public_page_query_count_does_not_grow(client, agency, moderator, space):
    def cost() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"/en/agencies/{agency.slug}/moderation/").status_code == 200
        return len(queries)

    contribution_submit(actor=UserFactory(), space=space, body="One comment only.")
    few = cost()
    for i in range(15):
        c = contribution_submit(actor=UserFactory(), space=space, body=f"Comment number {i}.")
        moderation.contribution_hide(actor=moderator, contribution=c, reason=ReasonCode.SPAM)
    assert cost() == few


def test_rules_page_lists_the_current_rules_and_reasons(client, agency, manager):
    rules_publish(actor=manager, agency=agency, body_ar="الإصدار الأول", body_en="First version")
    rules_publish(actor=manager, agency=agency, body_ar="الإصدار الثاني", body_en="Second version")

    html = client.get(f"/en/agencies/{agency.slug}/rules/").content.decode()

    assert "Second version" in html and "First version" not in html
    assert "Version 2" in html
    assert "Personal data about anyone" in html
    assert html.count("<h1") == 1
    arabic = client.get(f"/agencies/{agency.slug}/rules/").content.decode()
    assert "الإصدار الثاني" in arabic


def test_pages_without_rules_or_contributions_still_render(client, agency):
    for page in ("moderation", "rules"):
        response = client.get(f"/en/agencies/{agency.slug}/{page}/")
        assert response.status_code == 200
        assert "Spam or advertising" in response.content.decode()


def test_inactive_or_unknown_agencies_are_404(client, agency):
    agency.is_active = False
    agency.save()
    for slug in (agency.slug, "no-such-agency"):
        assert client.get(f"/en/agencies/{slug}/moderation/").status_code == 404
        assert client.get(f"/en/agencies/{slug}/rules/").status_code == 404


def test_agency_page_links_to_rules_and_figures(client, agency):
    html = client.get(f"/en/agencies/{agency.slug}/").content.decode()
    assert f'href="/en/agencies/{agency.slug}/rules/"' in html
    assert f'href="/en/agencies/{agency.slug}/moderation/"' in html
