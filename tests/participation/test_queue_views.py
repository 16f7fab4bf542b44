"""The moderation workspace pages: the queue, one item, the actions, settings, word list, rules,
suspensions; role by role, agency by agency, and at a constant cost in queries."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from freezegun import freeze_time

from musharaka.core.models import AuditEvent, Role
from musharaka.core.roles import ACTIONS
from musharaka.participation import moderation
from musharaka.participation.models import (
    AbuseTerm,
    Appeal,
    Contribution,
    ModerationMode,
    ModerationSettings,
    ParticipationRules,
    ReasonCode,
    Status,
    Suspension,
)
from musharaka.participation.services import (
    contribution_flag,
    contribution_submit,
    space_get_or_create,
)
from tests.conftest import make_staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODERATING = sorted(ACTIONS["contributions.moderate"])
NOT_MODERATING = sorted(set(Role.values) - ACTIONS["contributions.moderate"])
SETTING = sorted(ACTIONS["agency.edit"])


def base(agency) -> str:
    return f"/en/workspace/{agency.slug}/moderation/"


def waiting(space, body="A comment to review.", author=None) -> Contribution:
    return contribution_submit(actor=author or UserFactory(), space=space, body=body)


@pytest.fixture
def moderator(agency):
    return make_staff(agency, Role.MODERATOR)


@pytest.fixture
def forum(agency):
    """A post-moderated space beside the ``premoderated_space`` (which is ``space``, changed)."""
    return space_get_or_create(
        agency=agency, channel="forum", owner=UserFactory(), title_ar="منتدى مفتوح"
    )


@pytest.fixture
def mod_client(client, moderator):
    client.force_login(moderator)
    return client


# --- Roles and agencies -----------------------------------------------------------------------


@pytest.mark.parametrize("role", MODERATING)
def test_every_moderating_role_opens_the_pages_and_decides(
    client, agency, premoderated_space, role
):
    c = waiting(premoderated_space)
    client.force_login(make_staff(agency, role))
    for page in ("", f"{c.pk}/", "suspensions/", "words/"):
        assert client.get(base(agency) + page).status_code == 200, page

    response = client.post(base(agency) + f"{c.pk}/decide/", {"action": "approve"})

    assert response.status_code == 302
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED


@pytest.mark.parametrize("role", NOT_MODERATING)
def test_other_roles_get_403_and_change_nothing(client, agency, premoderated_space, role):
    c = waiting(premoderated_space)
    client.force_login(make_staff(agency, role))
    for page in ("", f"{c.pk}/", f"{c.pk}/original/", "suspensions/", "words/"):
        assert client.get(base(agency) + page).status_code == 403, page
    posts = {
        "bulk/": {"items": [c.pk], "action": "approve"},
        f"{c.pk}/decide/": {"action": "approve"},
        f"{c.pk}/redact/": {"body": "redacted"},
        f"{c.pk}/warn/": {"note": "careful"},
        f"{c.pk}/suspend/": {"days": 3, "reason": "spam"},
        "words/": {"term": "bad"},
    }
    for page, data in posts.items():
        assert client.post(base(agency) + page, data).status_code == 403, page
    c.refresh_from_db()
    assert c.status == Status.PENDING
    assert not AbuseTerm.objects.exists() and not Suspension.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="contribution.").exists()


@pytest.mark.parametrize("role", Role.values)
def test_settings_and_rules_pages_are_for_roles_that_edit_the_agency(client, agency, role):
    client.force_login(make_staff(agency, role))
    expected = 200 if role in SETTING else 403
    for page in ("settings/", "rules/"):
        assert client.get(base(agency) + page).status_code == expected, page


def test_staff_of_another_agency_get_404_even_with_a_real_id(
    client, agency, other_agency, premoderated_space
):
    c = waiting(premoderated_space)
    outsider = make_staff(other_agency, Role.MODERATOR)
    client.force_login(outsider)
    # The agency's own address, and the outsider's own workspace with this agency's item id.
    for prefix in (base(agency), base(other_agency)):
        assert client.get(prefix + f"{c.pk}/").status_code == 404
        assert client.get(prefix + f"{c.pk}/original/").status_code == 404
        response = client.post(prefix + f"{c.pk}/decide/", {"action": "approve"})
        assert response.status_code == 404
    response = client.post(base(other_agency) + "bulk/", {"items": [c.pk], "action": "approve"})
    assert response.status_code == 400, "another agency's ids are not valid choices"
    c.refresh_from_db()
    assert c.status == Status.PENDING
    assert not AuditEvent.objects.filter(verb="contribution.view_original").exists()


# --- Queue page ---------------------------------------------------------------------------


def test_queue_shows_each_item_oldest_first_with_what_a_moderator_needs(
    mod_client, agency, space, premoderated_space
):
    author = UserFactory(full_name="Noura Salem")
    with freeze_time(timezone.now() - timedelta(days=2, hours=3)):
        oldest = waiting(premoderated_space, "Please call 0551234567 about this.", author=author)
    newer = waiting(premoderated_space, "A later comment on the draft.")

    html = mod_client.get(base(agency)).content.decode()

    assert html.count("<h1") == 1
    assert "2 contributions are waiting" in html
    assert "The oldest has waited 2 days 3 hours" in html
    assert html.index(f"Contribution {oldest.pk}") < html.index(f"Contribution {newer.pk}")
    assert "Noura Salem" in html
    assert "Phone number (masked)" in html and "1 masked" in html
    assert "Personal data found" in html and "Pre-moderated space" in html
    assert "0551234567" not in html, "the original is not on the page until asked for"
    assert f"/en/workspace/{agency.slug}/moderation/{oldest.pk}/original/" in html
    assert "Show original" in html
    assert f'for="pick-{oldest.pk}"' in html, "each checkbox has its label"


def test_queue_shows_reports_with_reasons_and_notes(mod_client, agency, space):
    c = waiting(space, "Published then reported.")
    for note in ("Advert for a shop", "Same again", "Clearly spam"):
        contribution_flag(actor=UserFactory(), contribution=c, reason="spam", note=note)

    html = mod_client.get(base(agency)).content.decode()

    assert "3 reports by readers" in html
    assert "Advert for a shop" in html and "Clearly spam" in html
    assert "Reported by readers" in html
    assert "Hidden after reports" in html, "the history shows the automatic hide"


def test_opening_the_original_is_audited(mod_client, moderator, agency, space):
    c = waiting(space, "Please call 0551234567 about this.")

    page = mod_client.get(base(agency) + f"{c.pk}/original/")
    fragment = mod_client.get(base(agency) + f"{c.pk}/original/", headers={"HX-Request": "true"})

    assert page.status_code == 200 and "0551234567" in page.content.decode()
    assert page.content.decode().count("<h1") == 1
    assert "0551234567" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    events = AuditEvent.objects.filter(verb="contribution.view_original", actor=moderator)
    assert events.count() == 2 and events.first().target_id == str(c.pk)


def test_filters_by_channel_space_reason_and_age(mod_client, agency, premoderated_space):
    forum = space_get_or_create(
        agency=agency, channel="forum", owner=UserFactory(), title_ar="منتدى"
    )
    forum.moderation = ModerationMode.PRE
    forum.save()
    with freeze_time(timezone.now() - timedelta(days=4)):
        old = waiting(premoderated_space, "An old one, waiting four days.")
    masked = waiting(premoderated_space, "Mail me: someone@example.com please.")
    in_forum = waiting(forum, "A forum post waiting for review.")

    def shown(query: str) -> set[int]:
        response = mod_client.get(base(agency) + query)
        assert response.status_code == 200
        return {item.pk for item in response.context["page"].object_list}

    assert shown("") == {old.pk, masked.pk, in_forum.pk}
    assert shown("?channel=forum") == {in_forum.pk}
    assert shown(f"?space={premoderated_space.pk}") == {old.pk, masked.pk}
    assert shown("?reason=personal_data") == {masked.pk}
    assert shown("?age=3d") == {old.pk}
    assert shown("?age=7d") == set()


def test_bad_filters_are_a_clear_error_not_a_crash(mod_client, agency):
    response = mod_client.get(base(agency) + "?reason=nonsense&space=abc")
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()


def test_queue_pages_by_fifty(mod_client, agency, premoderated_space):
    for i in range(51):
        waiting(premoderated_space, f"Waiting comment number {i} here.")

    first = mod_client.get(base(agency))
    second = mod_client.get(base(agency) + "?page=2")

    assert len(first.context["page"].object_list) == 50
    assert len(second.context["page"].object_list) == 1
    assert "Page 1 of 2" in first.content.decode()


def _busy_queue(agency, forum, premoderated_space, count: int) -> None:
    """Items of every kind the queue shows: pre-moderated, masked, reported, appealed."""
    second = make_staff(agency, Role.MANAGER, totp=False)
    for i in range(count):
        waiting(premoderated_space, f"Call 0551234{i:03d} about item {i}.")
        reported = waiting(forum, f"Reported item number {i}.")
        for _ in range(3):
            contribution_flag(actor=UserFactory(), contribution=reported, reason="abuse", note="x")
        appealed = waiting(forum, f"Appealed item number {i}.")
        moderation.contribution_hide(actor=second, contribution=appealed, reason=ReasonCode.SPAM)
        moderation.appeal_submit(actor=appealed.author, contribution=appealed, text="Not spam.")


def test_queue_query_count_does_not_grow_with_items(
    mod_client, agency, forum, premoderated_space, django_assert_max_num_queries
):
    _busy_queue(agency, forum, premoderated_space, 1)
    with CaptureQueriesContext(connection) as few:
        assert mod_client.get(base(agency)).status_code == 200

    _busy_queue(agency, forum, premoderated_space, 8)
    with django_assert_max_num_queries(len(few)):
        response = mod_client.get(base(agency))
    assert len(response.context["page"].object_list) == 27


# --- Decisions through the pages -------------------------------------------------------------


def test_decide_hide_with_reason(mod_client, agency, space):
    c = waiting(space)
    response = mod_client.post(
        base(agency) + f"{c.pk}/decide/",
        {"action": "hide", "reason": "off_topic", "note": "Please stay on the subject."},
    )
    assert response.status_code == 302 and response.url == base(agency)
    c.refresh_from_db()
    assert c.status == Status.HIDDEN
    follow = mod_client.get(response.url).content.decode()
    assert "Decision recorded; the author is notified." in follow


def test_reject_without_reason_is_refused_and_keeps_the_note(
    mod_client, agency, premoderated_space
):
    c = waiting(premoderated_space)
    response = mod_client.post(
        base(agency) + f"{c.pk}/decide/", {"action": "reject", "note": "My careful note"}
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choose the reason from the published list." in html
    assert "My careful note" in html
    assert 'aria-invalid="true"' in html
    c.refresh_from_db()
    assert c.status == Status.PENDING


def test_decision_the_status_does_not_allow_is_a_clear_400(mod_client, agency, space):
    c = waiting(space)
    response = mod_client.post(base(agency) + f"{c.pk}/decide/", {"action": "restore"})
    assert response.status_code == 400
    assert "that decision does not apply" in response.content.decode()


def test_redact_through_the_page(mod_client, agency, space):
    c = waiting(space, "Khalid the clerk is useless, and the draft is weak.")
    empty = mod_client.post(base(agency) + f"{c.pk}/redact/", {"body": "   "})
    assert empty.status_code == 400
    response = mod_client.post(
        base(agency) + f"{c.pk}/redact/", {"body": "[removed], and the draft is weak."}
    )
    assert response.status_code == 302
    c.refresh_from_db()
    assert c.body == "[removed], and the draft is weak."
    item = mod_client.get(base(agency) + f"{c.pk}/").content.decode()
    assert "Khalid" not in item and "Show original" in item


def test_bulk_through_the_queue(mod_client, agency, premoderated_space):
    items = [waiting(premoderated_space, f"Bulk item {i} to review.") for i in range(3)]
    no_reason = mod_client.post(
        base(agency) + "bulk/", {"items": [items[0].pk, items[1].pk], "action": "hide"}
    )
    assert no_reason.status_code == 400
    html = no_reason.content.decode()
    assert "Choose the reason from the published list." in html
    assert f'value="{items[0].pk}" id="pick-{items[0].pk}" checked' in html, "ticks are kept"
    assert set(Contribution.objects.values_list("status", flat=True)) == {Status.PENDING}

    nothing = mod_client.post(base(agency) + "bulk/", {"action": "approve"})
    assert nothing.status_code == 400
    assert "Tick at least one contribution." in nothing.content.decode()

    response = mod_client.post(
        base(agency) + "bulk/",
        {"items": [items[0].pk, items[1].pk], "action": "reject", "reason": "spam"},
    )
    assert response.status_code == 302
    statuses = dict(Contribution.objects.values_list("pk", "status"))
    assert statuses == {
        items[0].pk: Status.REJECTED,
        items[1].pk: Status.REJECTED,
        items[2].pk: Status.PENDING,
    }
    assert AuditEvent.objects.filter(verb="contribution.reject").count() == 2


def test_warn_and_suspend_through_the_item_page(mod_client, agency, space):
    c = waiting(space)
    empty = mod_client.post(base(agency) + f"{c.pk}/warn/", {"note": ""})
    assert empty.status_code == 400
    assert mod_client.post(base(agency) + f"{c.pk}/warn/", {"note": "Be civil."}).status_code == 302
    bad = mod_client.post(
        base(agency) + f"{c.pk}/suspend/", {"days": "0", "reason": "abuse", "note": "Kept note"}
    )
    assert bad.status_code == 400 and "Kept note" in bad.content.decode()
    ok = mod_client.post(base(agency) + f"{c.pk}/suspend/", {"days": "5", "reason": "abuse"})
    assert ok.status_code == 302
    assert Suspension.objects.get().user == c.author
    item = mod_client.get(base(agency) + f"{c.pk}/").content.decode()
    assert "Suspended until" in item


def test_suspensions_page_lists_and_lifts(mod_client, moderator, agency, space):
    person = UserFactory(full_name="Fahad Omar")
    suspension = moderation.author_suspend(
        actor=moderator, agency=agency, user=person, days=3, reason=ReasonCode.SPAM
    )
    html = mod_client.get(base(agency) + "suspensions/").content.decode()
    assert "Fahad Omar" in html and "running" in html

    response = mod_client.post(base(agency) + f"suspensions/{suspension.pk}/lift/")

    assert response.status_code == 302
    suspension.refresh_from_db()
    assert suspension.until <= timezone.now()
    again = mod_client.post(base(agency) + f"suspensions/{suspension.pk}/lift/")
    assert again.status_code == 400


def test_appeal_is_decided_on_the_item_page_by_another_moderator(client, agency, moderator, space):
    c = waiting(space)
    moderation.contribution_hide(actor=moderator, contribution=c, reason=ReasonCode.SPAM)
    moderation.appeal_submit(actor=c.author, contribution=c, text="This is not spam at all.")

    client.force_login(moderator)
    own = client.get(base(agency) + f"{c.pk}/").content.decode()
    assert "another moderator must decide it" in own
    assert "This is not spam at all." in own
    refused = client.post(base(agency) + f"{c.pk}/appeal/", {"decision": "grant"})
    assert refused.status_code == 400
    assert "another moderator of the agency must decide the appeal" in refused.content.decode()

    client.force_login(make_staff(agency, Role.MODERATOR))
    assert "Decide the appeal" in client.get(base(agency) + f"{c.pk}/").content.decode()
    response = client.post(base(agency) + f"{c.pk}/appeal/", {"decision": "grant"})
    assert response.status_code == 302
    assert Appeal.objects.get().status == "granted"
    c.refresh_from_db()
    assert c.status == Status.PUBLISHED


def test_appeal_page_without_an_appeal_is_a_400(mod_client, agency, space):
    c = waiting(space)
    response = mod_client.post(base(agency) + f"{c.pk}/appeal/", {"decision": "grant"})
    assert response.status_code == 400


# --- Word list, settings, rules ---------------------------------------------------------------


def test_word_list_page_adds_and_removes(mod_client, agency):
    assert mod_client.post(base(agency) + "words/", {"term": "غبي"}).status_code == 302
    duplicate = mod_client.post(base(agency) + "words/", {"term": "غبي"})
    assert duplicate.status_code == 400
    assert "already on the list" in duplicate.content.decode()
    entry = AbuseTerm.objects.get()
    assert "غبي" in mod_client.get(base(agency) + "words/").content.decode()
    assert mod_client.post(base(agency) + f"words/{entry.pk}/remove/").status_code == 302
    assert not AbuseTerm.objects.exists()


def test_settings_page_saves_and_refuses_bad_input(staff_client, agency, space):
    data = {"flag_threshold": "5", "max_length": "3000", "max_links": "1"}
    bad = staff_client.post(base(agency) + "settings/", {**data, "max_length": "10"})
    assert bad.status_code == 400
    assert 'value="10"' in bad.content.decode()
    assert not ModerationSettings.objects.exists()

    assert staff_client.post(base(agency) + "settings/", data).status_code == 302
    cfg = ModerationSettings.objects.get(agency=agency)
    assert (cfg.flag_threshold, cfg.max_length, cfg.max_links) == (5, 3000, 1)
    assert cfg.regulation_consultations_pre_moderated is False, "an unticked box is False"

    mode = staff_client.post(base(agency) + f"spaces/{space.pk}/mode/", {"mode": "pre"})
    assert mode.status_code == 302
    space.refresh_from_db()
    assert space.moderation == ModerationMode.PRE
    bad_mode = staff_client.post(base(agency) + f"spaces/{space.pk}/mode/", {"mode": "x"})
    assert bad_mode.status_code == 400


def test_rules_page_publishes_versions(staff_client, agency):
    empty = staff_client.post(base(agency) + "rules/", {"body_ar": "", "body_en": "Kept text"})
    assert empty.status_code == 400 and "Kept text" in empty.content.decode()

    for text in ("القواعد الأولى", "القواعد الثانية"):
        response = staff_client.post(base(agency) + "rules/", {"body_ar": text, "body_en": ""})
        assert response.status_code == 302

    assert list(ParticipationRules.objects.values_list("version", flat=True)) == [2, 1]
    html = staff_client.get(base(agency) + "rules/").content.decode()
    assert "Version 2" in html and "Version 1" in html
    assert "القواعد الأولى" in html


# --- Navigation, home, languages ----------------------------------------------------------


@pytest.mark.parametrize("role", Role.values)
def test_nav_link_and_badge_for_moderating_roles_only(client, agency, premoderated_space, role):
    waiting(premoderated_space)
    waiting(premoderated_space, "Another one waiting.")
    client.force_login(make_staff(agency, role))

    for page in ("", "members/", "audit/"):
        response = client.get(f"/en/workspace/{agency.slug}/{page}")
        if response.status_code != 200:
            continue
        html = response.content.decode()
        nav = html[html.index('<nav class="col-md-3') :]
        nav = nav[: nav.index("</nav>")]
        if role in MODERATING:
            assert f'href="{base(agency)}"' in nav
            assert '2<span class="visually-hidden"> waiting</span>' in nav
        else:
            assert f'href="{base(agency)}"' not in nav


def test_workspace_home_counts_the_waiting_items(mod_client, agency, premoderated_space):
    waiting(premoderated_space)
    response = mod_client.get(f"/en/workspace/{agency.slug}/")
    assert response.context["counts"]["moderation"] == 1
    assert "Contributions waiting for moderation" in response.content.decode()


@pytest.mark.parametrize("page", ["", "ITEM/", "suspensions/", "words/", "settings/", "rules/"])
@pytest.mark.parametrize(("prefix", "lang"), [("", "ar"), ("/en", "en")])
def test_pages_render_in_both_languages(
    staff_client, agency, premoderated_space, page, prefix, lang
):
    c = waiting(premoderated_space)
    url = f"{prefix}/workspace/{agency.slug}/moderation/{page.replace('ITEM', str(c.pk))}"
    response = staff_client.get(url)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert html.count("<h1") == 1
