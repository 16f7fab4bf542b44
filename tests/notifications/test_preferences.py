"""Per-kind delivery choices: immediately, daily digest, or off; required kinds stay on."""

from html.parser import HTMLParser

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from musharaka.core.models import AuditEvent
from musharaka.notifications.kinds import KINDS
from musharaka.notifications.models import Delivery, Notification, NotificationPreference
from musharaka.notifications.services import notify, preference_set

pytestmark = pytest.mark.django_db


def send(user, kind, capture, **context):
    with capture(execute=True):
        return notify(recipient=user, kind=kind, context={"when": "1", **context})


def test_immediately_is_the_default(english_user, bilingual_kind, on_commit):
    notification = send(english_user, bilingual_kind, on_commit)
    assert notification.delivery == Delivery.IMMEDIATE
    assert len(mail.outbox) == 1


def test_daily_waits_for_the_digest(english_user, bilingual_kind, on_commit):
    preference_set(user=english_user, kind=bilingual_kind, delivery=Delivery.DAILY)
    notification = send(english_user, bilingual_kind, on_commit)
    assert notification.delivery == Delivery.DAILY
    assert mail.outbox == []


def test_off_stops_email_but_keeps_the_in_app_notification(english_user, bilingual_kind, on_commit):
    preference_set(user=english_user, kind=bilingual_kind, delivery=Delivery.OFF)
    send(english_user, bilingual_kind, on_commit)
    assert mail.outbox == []
    notification = Notification.objects.get(recipient=english_user)
    assert notification.delivery == Delivery.OFF
    assert notification.read_at is None  # it is on the bell and in the list


def test_choices_are_per_kind(english_user, bilingual_kind, on_commit):
    preference_set(user=english_user, kind=bilingual_kind, delivery=Delivery.OFF)
    with on_commit(execute=True):
        notify(
            recipient=english_user,
            kind="representation_decided",
            context={"confirmed": True},
        )
    assert len(mail.outbox) == 1


def test_turning_a_kind_off_drops_its_waiting_digest_items(english_user, bilingual_kind):
    preference_set(user=english_user, kind=bilingual_kind, delivery=Delivery.DAILY)
    notify(recipient=english_user, kind=bilingual_kind, context={"when": "1"})
    preference_set(user=english_user, kind=bilingual_kind, delivery=Delivery.OFF)
    assert Notification.objects.get().delivery == Delivery.OFF


@pytest.mark.parametrize("delivery", [Delivery.OFF, Delivery.DAILY])
def test_required_kinds_cannot_be_turned_off(english_user, delivery):
    with pytest.raises(ValidationError):
        preference_set(user=english_user, kind="account_security", delivery=delivery)
    assert not NotificationPreference.objects.exists()


def test_required_kinds_are_emailed_at_once_whatever_is_stored(english_user, on_commit):
    # A choice stored before the kind became required, say.
    NotificationPreference.objects.create(
        user=english_user, kind="account_security", delivery=Delivery.OFF
    )
    with on_commit(execute=True):
        notification = notify(
            recipient=english_user,
            kind="account_security",
            context={"message": "Your password was changed."},
        )
    assert notification.delivery == Delivery.IMMEDIATE
    assert len(mail.outbox) == 1


def test_unknown_kind_or_delivery_is_refused(english_user, bilingual_kind):
    with pytest.raises(ValidationError):
        preference_set(user=english_user, kind="no_such_kind", delivery=Delivery.OFF)
    with pytest.raises(ValidationError):
        preference_set(user=english_user, kind=bilingual_kind, delivery="weekly")
    assert not NotificationPreference.objects.exists()


def test_a_change_is_audited_once(english_user, bilingual_kind):
    preference_set(user=english_user, kind=bilingual_kind, delivery=Delivery.OFF)
    preference_set(user=english_user, kind=bilingual_kind, delivery=Delivery.OFF)
    events = AuditEvent.objects.filter(verb="notification.preference")
    assert events.count() == 1
    assert events.get().changes == {"kind": bilingual_kind, "delivery": ["immediate", "off"]}


# --- the preferences page -------------------------------------------------------------------


class RadioParser(HTMLParser):
    """Every radio button on a page, as {name: {value: attributes}}; counts fieldsets in forms."""

    def __init__(self):
        super().__init__()
        self.radios: dict[str, dict[str, dict]] = {}
        self.form_fieldsets = 0
        self._in_form = False

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "form" and attributes.get("method") == "post" and "action" not in attributes:
            self._in_form = True
        elif tag == "fieldset" and self._in_form:
            self.form_fieldsets += 1
        elif tag == "input" and attributes.get("type") == "radio":
            self.radios.setdefault(attributes["name"], {})[attributes["value"]] = attributes

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_form = False


def radios(html: str) -> RadioParser:
    parser = RadioParser()
    parser.feed(html)
    return parser


def checked(parser: RadioParser, name: str) -> list[str]:
    return [value for value, attrs in parser.radios[name].items() if "checked" in attrs]


def test_page_lists_every_kind_with_required_ones_locked(english_client, bilingual_kind):
    response = english_client.get("/en/notifications/preferences/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<h1") == 1
    page = radios(html)
    assert page.form_fieldsets == len(KINDS)  # every registered kind, the test kind included
    assert "Committee meetings" in html
    assert "Security of your account" in html
    assert "cannot be turned off" in html
    assert set(page.radios["account_security"]) == {"immediate", "daily", "off"}
    assert all("disabled" in attrs for attrs in page.radios["account_security"].values())
    assert checked(page, "account_security") == ["immediate"]
    assert not any("disabled" in attrs for attrs in page.radios[bilingual_kind].values())
    assert checked(page, bilingual_kind) == ["immediate"]
    for attrs in page.radios[bilingual_kind].values():
        assert f'<label class="form-check-label" for="{attrs["id"]}">' in html


def test_saving_the_page_stores_the_choices(english_client, english_user, bilingual_kind):
    every_kind = dict.fromkeys(KINDS, "immediate")  # kinds other apps register stay as they are
    response = english_client.post(
        "/en/notifications/preferences/",
        {
            **every_kind,
            bilingual_kind: "daily",
            "representation_decided": "off",
            "account_security": "off",
        },
    )
    assert response.status_code == 302
    stored = dict(
        NotificationPreference.objects.filter(user=english_user).values_list("kind", "delivery")
    )
    # The locked field ignores what was posted for it.
    assert {k: v for k, v in stored.items() if v != "immediate"} == {
        bilingual_kind: "daily",
        "representation_decided": "off",
    }
    assert "account_security" not in stored
    page = radios(english_client.get("/en/notifications/preferences/").content.decode())
    assert checked(page, bilingual_kind) == ["daily"]
    assert checked(page, "representation_decided") == ["off"]
    assert checked(page, "account_security") == ["immediate"]


def test_bad_choice_is_a_400_with_a_tied_error_and_keeps_the_rest(
    english_client, english_user, bilingual_kind
):
    response = english_client.post(
        "/en/notifications/preferences/",
        {bilingual_kind: "weekly", "representation_decided": "off"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert f'aria-describedby="id_{bilingual_kind}-error"' in html
    assert f'id="id_{bilingual_kind}-error"' in html
    assert "Select a valid choice" in html
    assert checked(radios(html), "representation_decided") == ["off"]
    assert not NotificationPreference.objects.exists()


def test_preferences_need_sign_in(client):
    response = client.get("/en/notifications/preferences/")
    assert response.status_code == 302
    assert "/accounts/login/" in response.url
