"""The agency's settings of direct communication: inboxes (team, escalation chain, routing
rules), the working calendar and saved replies — who may open them, what saving changes in how
requests are routed and when they are due, and forms that come back with what was typed."""

import re
from datetime import time, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from musharaka.contact import services
from musharaka.contact import settings_services as ss
from musharaka.contact.calendar import RIYADH, working_seconds_between
from musharaka.contact.models import (
    CalendarDay,
    EscalationLevel,
    Inbox,
    Kind,
    ReplyTemplate,
    RoutingRule,
    Status,
    WorkCalendar,
)
from musharaka.contact.selectors import working_time
from musharaka.core.models import AuditEvent, Role
from tests.conftest import make_staff
from tests.contact.contact_data import add_chain, make_inbox, route, send
from tests.factories import AgencyFactory, UserFactory

pytestmark = pytest.mark.django_db


def base(agency) -> str:
    return f"/en/workspace/{agency.slug}/contact/"


def management(prefix: str, total: int) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def inbox_data(*, team=(), chain=(), rules=(), **fields) -> dict:
    """What the inbox page posts: its fields, ticked team members, chain levels in order and
    routing rules as ``(kind, keywords, person)``, plus a blank row of each."""
    data = {
        "name_ar": "الشكاوى",
        "name_en": "Complaints",
        "purpose_ar": "شكاوى الخدمات",
        "purpose_en": "",
        "slug": "complaints",
        "response_hours": "16",
        "warn_hours": "4",
        "escalation_step_hours": "8",
        "is_active": "on",
        **fields,
    }
    data["team"] = [str(p.pk) for p in team]
    data |= management("chain", len(chain) + 1)
    for i, person in enumerate(chain):
        data[f"chain-{i}-person"] = str(person.pk)
    data |= management("rules", len(rules) + 1)
    for i, (kind, keywords, person) in enumerate(rules):
        data[f"rules-{i}-kind"] = kind
        data[f"rules-{i}-keywords"] = keywords
        data[f"rules-{i}-assign_to"] = str(person.pk)
    return data


@pytest.fixture
def people(agency):
    return {
        "licences": make_staff(agency, Role.RESPONDER),
        "complaints": make_staff(agency, Role.RESPONDER),
        "director": make_staff(agency, Role.MANAGER),
        "editor": make_staff(agency, Role.EDITOR),
    }


# --- Who may open what -------------------------------------------------------------------------


def settings_urls(agency, inbox) -> list[str]:
    return [
        f"{base(agency)}inboxes/",
        f"{base(agency)}inboxes/new/",
        f"{base(agency)}inboxes/{inbox.pk}/",
        f"{base(agency)}calendar/",
    ]


def template_urls(agency, template) -> list[str]:
    return [f"{base(agency)}templates/", f"{base(agency)}templates/{template.pk}/"]


@pytest.mark.parametrize(
    ("role", "settings_ok", "templates_ok"),
    [
        (Role.MANAGER, True, True),
        (Role.RESPONDER, False, True),
        (Role.EDITOR, False, False),
        (Role.ANALYST, False, False),
        (Role.MODERATOR, False, False),
    ],
)
def test_managers_set_up_inboxes_and_responders_only_saved_replies(
    client, agency, role, settings_ok, templates_ok
):
    inbox = make_inbox(agency)
    template = ReplyTemplate.objects.create(agency=agency, title_ar="ترحيب", body_ar="مرحبًا")
    client.force_login(make_staff(agency, role))
    for url in settings_urls(agency, inbox):
        assert client.get(url).status_code == (200 if settings_ok else 403), url
    for url in template_urls(agency, template):
        assert client.get(url).status_code == (200 if templates_ok else 403), url
    # Posting is refused the same way (nothing to see for a role that may not).
    response = client.post(f"{base(agency)}inboxes/new/", inbox_data())
    assert response.status_code == (302 if settings_ok else 403)


def test_another_agencys_staff_get_404_everywhere(client, agency):
    inbox = make_inbox(agency)
    template = ReplyTemplate.objects.create(agency=agency, title_ar="ترحيب", body_ar="مرحبًا")
    client.force_login(make_staff(AgencyFactory(), Role.MANAGER))
    for url in [*settings_urls(agency, inbox), *template_urls(agency, template)]:
        assert client.get(url).status_code == 404, url


def test_own_workspace_with_another_agencys_ids_is_404(staff_client, agency):
    other = AgencyFactory()
    inbox = make_inbox(other)
    template = ReplyTemplate.objects.create(agency=other, title_ar="ترحيب", body_ar="مرحبًا")
    day = CalendarDay.objects.create(agency=other, date=timezone.localdate(), name="إغلاق")
    assert staff_client.get(f"{base(agency)}inboxes/{inbox.pk}/").status_code == 404
    assert staff_client.post(f"{base(agency)}inboxes/{inbox.pk}/", inbox_data()).status_code == 404
    assert staff_client.get(f"{base(agency)}templates/{template.pk}/").status_code == 404
    response = staff_client.post(f"{base(agency)}templates/{template.pk}/", {"delete": "1"})
    assert response.status_code == 404
    response = staff_client.post(f"{base(agency)}calendar/", {"remove": str(day.pk)})
    assert response.status_code == 404
    assert ReplyTemplate.objects.filter(pk=template.pk).exists()
    assert CalendarDay.objects.filter(pk=day.pk).exists()
    inbox.refresh_from_db()
    assert inbox.slug == "customer-care"


def test_signed_out_visitors_are_sent_to_sign_in(client, agency):
    for path in ["inboxes/", "inboxes/new/", "calendar/", "templates/"]:
        response = client.get(f"{base(agency)}{path}")
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


# --- Inboxes -----------------------------------------------------------------------------------


def test_the_inbox_list_shows_service_level_team_and_workload(staff_client, agency):
    inbox = make_inbox(agency, hours=24)
    send(inbox)
    late = send(inbox)
    late.due_at = timezone.now() - timedelta(hours=1)
    late.save()
    make_inbox(agency, slug="archive", is_active=False)
    page = staff_client.get(f"{base(agency)}inboxes/").content.decode()
    assert "Customer care" in page and "24 working hours" in page
    assert "Not accepting requests" in page
    row = page[page.index("Customer care") :]
    row = row[: row.index("</tr>")]
    cells = [c.split("</td>")[0].strip() for c in row.split("<td>")[1:]]
    assert cells[1:] == ["1 person", "2", "0", '<strong class="text-danger">1</strong>']
    assert f"{base(agency)}calendar/" in page


def test_the_inbox_list_does_not_query_per_inbox(staff_client, agency):
    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert staff_client.get(f"{base(agency)}inboxes/").status_code == 200
        return len(queries)

    make_inbox(agency, slug="first")
    few = count()
    for n in range(4):
        send(make_inbox(agency, slug=f"more-{n}"))
    assert count() == few


def test_a_manager_sets_up_an_inbox_and_requests_are_routed_by_it(
    english, staff_client, agency, people
):
    team = [people["licences"], people["complaints"]]
    response = staff_client.post(
        f"{base(agency)}inboxes/new/",
        inbox_data(
            team=team,
            chain=[people["director"], people["editor"]],
            rules=[
                (Kind.COMPLAINT, "", people["complaints"]),
                ("", "رخصه، ترخيص", people["licences"]),
            ],
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == f"{base(agency)}inboxes/"
    inbox = Inbox.objects.get(agency=agency, slug="complaints")
    assert set(inbox.team.all()) == set(team)
    assert list(inbox.escalation_levels.values_list("level", "person")) == [
        (1, people["director"].pk),
        (2, people["editor"].pk),
    ]
    rules = list(inbox.routing_rules.values_list("position", "kind", "keywords"))
    assert rules == [(1, "complaint", ""), (2, "", "رخصه, ترخيص")]  # Arabic comma accepted
    verbs = set(AuditEvent.objects.filter(agency=agency).values_list("verb", flat=True))
    assert {
        "contact.inbox_create",
        "contact.inbox_team",
        "contact.inbox_chain",
        "contact.inbox_routing",
    } <= verbs

    assert send(inbox, kind=Kind.COMPLAINT).assigned_to == people["complaints"]
    routed = services.request_submit(
        actor=UserFactory(),
        inbox=inbox,
        kind=Kind.QUESTION,
        subject="سؤال عن الرُّخصة",  # diacritics and ta marbuta: the normaliser matches رخصه
        body="متى أجددها؟",
    )
    assert (routed.assigned_to, routed.status) == (people["licences"], Status.ASSIGNED)
    assert send(inbox, subject="سؤال عام", body="نص").assigned_to is None
    owed = working_seconds_between(timezone.now(), routed.due_at, working_time(agency=agency))
    assert 16 * 3600 - 120 <= owed <= 16 * 3600


@pytest.fixture
def english():
    from django.utils import translation

    translation.activate("en")


def test_editing_reorders_rules_and_removes_levels_and_rules(staff_client, agency, people):
    inbox = make_inbox(agency, responder=people["licences"])
    inbox.team.add(people["complaints"])
    add_chain(inbox, people["director"], people["editor"])
    route(inbox, people["complaints"], kind=Kind.COMPLAINT)
    route(inbox, people["licences"], keywords="رخصة")
    route(inbox, people["licences"], kind=Kind.SUGGESTION)
    url = f"{base(agency)}inboxes/{inbox.pk}/"
    page = staff_client.get(url).content.decode()
    assert 'value="رخصة"' in page and "Remove this rule" in page

    data = inbox_data(
        team=[people["licences"], people["complaints"]],
        chain=[people["director"], people["editor"]],
        rules=[
            (Kind.COMPLAINT, "", people["complaints"]),
            ("", "رخصة", people["licences"]),
            (Kind.SUGGESTION, "", people["licences"]),
        ],
        slug="customer-care",
    )
    data |= {"rules-0-order": "2", "rules-1-order": "1", "rules-2-remove": "on"}
    data |= {"chain-0-remove": "on"}
    assert staff_client.post(url, data).status_code == 302
    assert list(inbox.routing_rules.values_list("position", "kind", "keywords")) == [
        (1, "", "رخصة"),
        (2, "complaint", ""),
    ]
    assert list(inbox.escalation_levels.values_list("level", "person")) == [
        (1, people["editor"].pk)
    ]


def test_leaving_the_team_removes_that_persons_rules(staff_client, agency, people):
    inbox = make_inbox(agency, responder=people["licences"])
    inbox.team.add(people["complaints"])
    route(inbox, people["complaints"], kind=Kind.COMPLAINT)
    data = inbox_data(team=[people["licences"]], slug="customer-care")
    assert staff_client.post(f"{base(agency)}inboxes/{inbox.pk}/", data).status_code == 302
    assert list(inbox.team.all()) == [people["licences"]]
    assert not RoutingRule.objects.filter(inbox=inbox).exists()


def test_a_rule_for_someone_outside_the_team_is_refused_with_what_was_typed(
    staff_client, agency, people
):
    data = inbox_data(
        team=[people["licences"]],
        chain=[people["director"]],
        rules=[(Kind.COMPLAINT, "تأخير، موعد", people["complaints"])],
        name_ar="قناة الشكاوى",
    )
    response = staff_client.post(f"{base(agency)}inboxes/new/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "is not on this inbox" in page and "There is a problem" in page
    assert 'href="#id_rules-0-assign_to"' in page
    assert 'value="قناة الشكاوى"' in page and 'value="تأخير، موعد"' in page
    select = re.search(r'<select[^>]*id="id_rules-0-assign_to"[^>]*>', page).group(0)
    assert 'aria-invalid="true"' in select and "id_rules-0-assign_to_error" in select
    assert not Inbox.objects.filter(agency=agency).exists()


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"warn_hours": "16"}, "warn_hours", "fewer hours than the answer time"),
        ({"response_hours": "0"}, "response_hours", "greater than or equal to 1"),
        ({"response_hours": "2001"}, "response_hours", "less than or equal to 2000"),
        ({"escalation_step_hours": "0"}, "escalation_step_hours", "greater than or equal to 1"),
        ({"slug": "Not a slug!"}, "slug", "Latin letters, digits and hyphens"),
        ({"slug": "questions"}, "slug", "used by another page"),
        ({"slug": "customer-care"}, "slug", "already uses this address"),
        ({"name_ar": ""}, "name_ar", "name in Arabic"),
    ],
)
def test_inbox_fields_are_checked(staff_client, agency, change, field, message):
    make_inbox(agency)
    response = staff_client.post(f"{base(agency)}inboxes/new/", inbox_data(**change))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert f'href="#id_{field}"' in page
    assert Inbox.objects.filter(agency=agency).count() == 1
    assert 'value="Complaints"' in page  # what was typed stays


def test_team_and_chain_take_only_the_right_people(staff_client, agency, people):
    outsider = make_staff(AgencyFactory(), Role.RESPONDER)
    page = staff_client.get(f"{base(agency)}inboxes/new/").content.decode()
    team = page[page.index('id="id_team_0"') : page.index("Escalation chain</h2>")]
    assert str(people["licences"].pk) in team and f'value="{people["editor"].pk}"' not in team
    assert "Only responders on the team and the agency" in page

    for data in [
        inbox_data(team=[people["editor"]]),  # an editor cannot join a team
        inbox_data(chain=[outsider]),  # the chain is this agency's staff
        inbox_data(chain=[people["director"], people["director"]]),  # once only
    ]:
        response = staff_client.post(f"{base(agency)}inboxes/new/", data)
        assert response.status_code == 400
    assert "is already level 1" in response.content.decode()
    assert not Inbox.objects.filter(agency=agency).exists()


def test_an_empty_chain_level_in_between_is_dropped(staff_client, agency, people):
    data = inbox_data(team=[people["licences"]])
    data |= management("chain", 3)
    data |= {"chain-0-person": "", "chain-1-person": str(people["director"].pk)}
    assert staff_client.post(f"{base(agency)}inboxes/new/", data).status_code == 302
    inbox = Inbox.objects.get(agency=agency)
    assert list(inbox.escalation_levels.values_list("level", "person")) == [
        (1, people["director"].pk)
    ]


def test_a_catch_all_rule_must_come_last(staff_client, agency, people):
    data = inbox_data(
        team=[people["licences"], people["complaints"]],
        rules=[("", "", people["licences"]), (Kind.COMPLAINT, "", people["complaints"])],
    )
    response = staff_client.post(f"{base(agency)}inboxes/new/", data)
    assert response.status_code == 400
    assert "rules after it would never be used" in response.content.decode()
    data = inbox_data(
        team=[people["licences"], people["complaints"]],
        rules=[(Kind.COMPLAINT, "", people["complaints"]), ("", "", people["licences"])],
    )
    assert staff_client.post(f"{base(agency)}inboxes/new/", data).status_code == 302
    inbox = Inbox.objects.get(agency=agency)
    assert send(inbox, kind=Kind.SUGGESTION).assigned_to == people["licences"]


def test_a_rule_needs_someone_to_assign_to(staff_client, agency, people):
    data = inbox_data(team=[people["licences"]])
    data["rules-0-keywords"] = "رخصة"
    response = staff_client.post(f"{base(agency)}inboxes/new/", data)
    assert response.status_code == 400
    assert "Choose who gets the requests this rule matches" in response.content.decode()
    assert 'value="رخصة"' in response.content.decode()


def test_missing_row_counts_are_a_400_not_a_500(staff_client, agency):
    data = {k: v for k, v in inbox_data().items() if "FORMS" not in k}
    assert staff_client.post(f"{base(agency)}inboxes/new/", data).status_code == 400


def test_deactivating_an_inbox_stops_new_requests(english, staff_client, agency):
    inbox = make_inbox(agency)
    data = inbox_data(slug="customer-care", team=list(inbox.team.all()))
    del data["is_active"]
    assert staff_client.post(f"{base(agency)}inboxes/{inbox.pk}/", data).status_code == 302
    inbox.refresh_from_db()
    assert not inbox.is_active
    with pytest.raises(ValidationError, match="not taking requests"):
        send(inbox)
    event = AuditEvent.objects.filter(verb="contact.inbox_update").latest("seq")
    assert event.changes["is_active"] == [True, False]


# --- The working calendar ----------------------------------------------------------------------


def test_the_calendar_page_shows_the_week_and_the_coming_public_holidays(staff_client, agency):
    page = staff_client.get(f"{base(agency)}calendar/").content.decode()
    for day in ["Sunday", "Thursday", "Saturday"]:
        assert day in page
    assert 'value="6" checked' in page and 'value="4" checked' not in page  # Sun yes, Fri no
    assert 'value="08:00"' in page and 'value="15:00"' in page
    assert "National Day" in page and "Founding Day" in page  # every 12 months have both
    assert "Eid al-Fitr" in page


def test_an_agency_closure_moves_a_new_requests_deadline(staff_client, agency):
    inbox = make_inbox(agency, hours=8)
    before = send(inbox)
    due_day = before.due_at.astimezone(RIYADH).date()
    response = staff_client.post(
        f"{base(agency)}calendar/",
        {
            "action": "add",
            "day-date": due_day.isoformat(),
            "day-name": "إغلاق للصيانة",
            "day-working": "closed",
        },
    )
    assert response.status_code == 302
    after = send(inbox)
    assert after.due_at > before.due_at
    assert after.due_at.astimezone(RIYADH).date() != due_day
    calendar = working_time(agency=agency)
    assert due_day in calendar.closed
    owed = working_seconds_between(timezone.now(), after.due_at, calendar)
    assert 8 * 3600 - 120 <= owed <= 8 * 3600
    assert AuditEvent.objects.filter(verb="contact.calendar_day_add", agency=agency).exists()

    page = staff_client.get(f"{base(agency)}calendar/").content.decode()
    assert "إغلاق للصيانة" in page
    day = CalendarDay.objects.get(agency=agency)
    response = staff_client.post(f"{base(agency)}calendar/", {"remove": str(day.pk)})
    assert response.status_code == 302
    assert not CalendarDay.objects.filter(agency=agency).exists()


def test_working_hours_and_days_change_deadlines(staff_client, agency):
    inbox = make_inbox(agency, hours=24)
    data = {
        "action": "hours",
        "hours-working_days": ["0", "1", "2", "3", "4", "5", "6"],
        "hours-day_starts": "00:00",
        "hours-day_ends": "23:59",
    }
    assert staff_client.post(f"{base(agency)}calendar/", data).status_code == 302
    stored = WorkCalendar.objects.get(agency=agency)
    assert sorted(stored.working_days) == list(range(7)) and not stored.national_holidays
    request = send(inbox)
    # 24 working hours of 23h59 days, every day of the week: about a day later.
    assert timedelta(hours=24) <= request.due_at - timezone.now() <= timedelta(hours=25)
    assert AuditEvent.objects.filter(verb="contact.calendar_update", agency=agency).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"hours-day_starts": "09:00", "hours-day_ends": "08:00", "hours-working_days": ["6"]},
            "must end after it starts",
        ),
        ({"hours-day_starts": "08:00", "hours-day_ends": "15:00"}, "at least one working day"),
    ],
)
def test_calendar_settings_are_checked(staff_client, agency, data, message):
    response = staff_client.post(f"{base(agency)}calendar/", {"action": "hours", **data})
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page and "There is a problem" in page
    assert f'value="{data["hours-day_starts"]}"' in page  # what was typed stays
    assert not WorkCalendar.objects.filter(agency=agency).exists()


def test_a_day_that_changes_nothing_is_refused(staff_client, agency):
    today = timezone.localdate()
    monday = today + timedelta(days=(0 - today.weekday()) % 7 or 7)
    friday = today + timedelta(days=(4 - today.weekday()) % 7 or 7)
    url = f"{base(agency)}calendar/"
    add = {"action": "add", "day-name": "يوم"}
    response = staff_client.post(
        url, {**add, "day-date": monday.isoformat(), "day-working": "working"}
    )
    assert response.status_code == 400
    assert "already a working day" in response.content.decode()
    response = staff_client.post(
        url, {**add, "day-date": friday.isoformat(), "day-working": "closed"}
    )
    assert response.status_code == 400
    assert "already closed" in response.content.decode()
    # A working Friday is a real change; adding the same date again changes it instead.
    response = staff_client.post(
        url, {**add, "day-date": friday.isoformat(), "day-working": "working"}
    )
    assert response.status_code == 302
    assert friday in working_time(agency=agency).opened
    response = staff_client.post(url, {"action": "add", "day-date": "", "day-name": ""})
    assert response.status_code == 400
    response = staff_client.post(url, {"action": "nonsense"})
    assert response.status_code == 400
    response = staff_client.post(url, {"remove": "x"})
    assert response.status_code == 400


# --- Saved replies -----------------------------------------------------------------------------


def test_a_responder_adds_edits_and_deletes_a_saved_reply(client, agency):
    client.force_login(make_staff(agency, Role.RESPONDER))
    url = f"{base(agency)}templates/"
    data = {"title_ar": "شكر", "title_en": "Thanks", "body_ar": "شكرًا لتواصلكم", "body_en": ""}
    assert client.post(url, data).status_code == 302
    template = ReplyTemplate.objects.get(agency=agency)
    assert "Thanks" in client.get(url).content.decode()

    edit = f"{url}{template.pk}/"
    assert client.post(edit, {**data, "body_ar": "نشكركم"}).status_code == 302
    template.refresh_from_db()
    assert template.body_ar == "نشكركم"

    assert client.post(edit, {"delete": "1"}).status_code == 302
    assert not ReplyTemplate.objects.filter(agency=agency).exists()
    verbs = list(
        AuditEvent.objects.filter(agency=agency, verb__startswith="contact.template")
        .order_by("seq")
        .values_list("verb", flat=True)
    )
    assert verbs == [
        "contact.template_create",
        "contact.template_update",
        "contact.template_remove",
    ]


def test_a_saved_reply_needs_arabic_and_keeps_what_was_typed(staff_client, agency):
    url = f"{base(agency)}templates/"
    data = {"title_ar": "", "title_en": "Thanks", "body_ar": "نص الرد", "body_en": ""}
    response = staff_client.post(url, data)
    assert response.status_code == 400
    page = response.content.decode()
    assert (
        "Write the title in Arabic" in page and "نص الرد" in page and 'href="#id_title_ar"' in page
    )
    template = ReplyTemplate.objects.create(agency=agency, title_ar="ترحيب", body_ar="مرحبًا")
    response = staff_client.post(
        f"{url}{template.pk}/", {**data, "title_ar": "ترحيب", "body_ar": ""}
    )
    assert response.status_code == 400
    assert "Write the reply in Arabic" in response.content.decode()
    template.refresh_from_db()
    assert template.body_ar == "مرحبًا"


# --- The services on their own -----------------------------------------------------------------


def test_the_services_check_the_role_and_the_people(agency, people):
    manager = people["director"]
    inbox = make_inbox(agency, responder=people["licences"])
    with pytest.raises(PermissionDenied):
        ss.inbox_team_set(actor=people["licences"], inbox=inbox, members=[people["licences"]])
    with pytest.raises(PermissionDenied):
        ss.calendar_save(
            actor=people["editor"],
            agency=agency,
            working_days=[6],
            day_starts=time(8),
            day_ends=time(12),
            national_holidays=True,
        )
    with pytest.raises(ValidationError) as refused:
        ss.routing_rules_set(
            actor=manager,
            inbox=inbox,
            rules=[ss.RuleSpec(kind="", keywords="x", assign_to=people["complaints"])],
        )
    assert "rules.0.assign_to" in refused.value.message_dict
    with pytest.raises(ValidationError) as refused:
        ss.escalation_chain_set(actor=manager, inbox=inbox, people=[UserFactory()])
    assert "chain.0" in refused.value.message_dict

    ss.inbox_team_set(actor=manager, inbox=inbox, members=[people["licences"], manager])
    ss.routing_rules_set(
        actor=manager,
        inbox=inbox,
        rules=[ss.RuleSpec(kind=Kind.REPORT, keywords="", assign_to=manager)],
    )
    ss.escalation_chain_set(actor=manager, inbox=inbox, people=[manager, people["editor"]])
    assert EscalationLevel.objects.filter(inbox=inbox).count() == 2
    # The manager leaves the team: their rule goes with them, and the audit trail says so.
    ss.inbox_team_set(actor=manager, inbox=inbox, members=[people["licences"]])
    assert not RoutingRule.objects.filter(inbox=inbox).exists()
    event = AuditEvent.objects.filter(verb="contact.inbox_team").latest("seq")
    assert event.changes["routing_rules_removed"] == 1
    # Saving the same again writes no event.
    count = AuditEvent.objects.count()
    ss.inbox_team_set(actor=manager, inbox=inbox, members=[people["licences"]])
    assert AuditEvent.objects.count() == count
