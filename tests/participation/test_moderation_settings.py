"""An agency's moderation settings, per-space mode and abusive-word list: who may change them,
that changes are audited, and that the pipeline follows them."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from musharaka.core.models import AuditEvent, Role
from musharaka.participation import moderation, selectors
from musharaka.participation.models import (
    AbuseTerm,
    ModerationMode,
    ModerationSettings,
    QueueReason,
    Status,
)
from musharaka.participation.services import (
    contribution_flag,
    contribution_submit,
    space_get_or_create,
)
from tests.conftest import make_staff
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DEFAULTS = {
    "flag_threshold": 3,
    "max_length": 5000,
    "max_links": 2,
    "regulation_consultations_pre_moderated": True,
    "other_spaces_pre_moderated": False,
}


def test_manager_changes_settings_and_the_pipeline_follows(manager, agency, author, space):
    moderation.moderation_settings_update(
        actor=manager,
        agency=agency,
        data={
            **DEFAULTS,
            "flag_threshold": 1,
            "max_length": 300,
            "other_spaces_pre_moderated": True,
        },
    )

    cfg = ModerationSettings.objects.get(agency=agency)
    assert (cfg.flag_threshold, cfg.max_length, cfg.other_spaces_pre_moderated) == (1, 300, True)
    event = AuditEvent.objects.get(verb="moderation.settings")
    assert event.changes == {
        "flag_threshold": [3, 1],
        "max_length": [5000, 300],
        "other_spaces_pre_moderated": [False, True],
    }
    with pytest.raises(ValidationError):
        contribution_submit(actor=author, space=space, body="x" * 301)
    c = contribution_submit(actor=author, space=space, body="Short and to the point.")
    contribution_flag(actor=UserFactory(), contribution=c, reason="spam")
    c.refresh_from_db()
    assert c.status == Status.HIDDEN, "one report is now enough"
    new_space = space_get_or_create(
        agency=agency, channel="forum", owner=manager, title_ar="منتدى جديد"
    )
    assert new_space.moderation == ModerationMode.PRE


@pytest.mark.parametrize(
    ("field", "value"),
    [("flag_threshold", 0), ("max_length", 50), ("max_links", 21), ("max_length", "500")],
)
def test_out_of_range_settings_are_refused(manager, agency, field, value):
    with pytest.raises(ValidationError) as caught:
        moderation.moderation_settings_update(
            actor=manager, agency=agency, data={**DEFAULTS, field: value}
        )
    assert field in caught.value.message_dict
    assert not ModerationSettings.objects.filter(agency=agency).exists()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.EDITOR, Role.ANALYST])
def test_only_managers_change_settings_and_space_modes(agency, space, role):
    staff = make_staff(agency, role, totp=False)
    with pytest.raises(PermissionDenied):
        moderation.moderation_settings_update(actor=staff, agency=agency, data=DEFAULTS)
    with pytest.raises(PermissionDenied):
        moderation.space_moderation_set(actor=staff, space=space, mode=ModerationMode.PRE)
    space.refresh_from_db()
    assert space.moderation == ModerationMode.POST


def test_space_mode_change_applies_to_new_contributions(manager, author, space):
    moderation.space_moderation_set(actor=manager, space=space, mode=ModerationMode.PRE)

    c = contribution_submit(actor=author, space=space, body="Now this waits for approval.")

    assert c.status == Status.PENDING and QueueReason.PRE_MODERATION in c.queue_reasons
    event = AuditEvent.objects.get(verb="moderation.space_mode")
    assert event.changes == {"moderation": ["post", "pre"]}
    with pytest.raises(ValidationError):
        moderation.space_moderation_set(actor=manager, space=space, mode="sometimes")


def test_word_list_entries_catch_variants_and_can_be_removed(agency, author, space):
    moderator = make_staff(agency, Role.MODERATOR, totp=False)

    entry = moderation.abuse_term_add(actor=moderator, agency=agency, term="  حمار  ")

    assert entry.term == "حمار", "stored as typed, without stray spaces"
    c = contribution_submit(actor=author, space=space, body="أنت حِمـــار يا صديقي")
    assert c.status == Status.PENDING and QueueReason.ABUSE in c.queue_reasons
    assert AuditEvent.objects.filter(verb="moderation.word_add").exists()

    moderation.abuse_term_remove(actor=moderator, term=entry)

    assert selectors.abuse_terms(agency=agency) == []
    assert AuditEvent.objects.get(verb="moderation.word_remove").changes == {"term": "حمار"}
    later = contribution_submit(actor=UserFactory(), space=space, body="أنت حمار يا صديقي")
    assert later.status == Status.PUBLISHED


@pytest.mark.parametrize("term", ["", "   ", "x" * 101])
def test_empty_or_long_words_are_refused(agency, term):
    moderator = make_staff(agency, Role.MODERATOR, totp=False)
    with pytest.raises(ValidationError):
        moderation.abuse_term_add(actor=moderator, agency=agency, term=term)
    assert not AbuseTerm.objects.exists()


def test_the_same_word_twice_is_refused(agency):
    moderator = make_staff(agency, Role.MODERATOR, totp=False)
    moderation.abuse_term_add(actor=moderator, agency=agency, term="spam")
    with pytest.raises(ValidationError, match="already on the list"):
        moderation.abuse_term_add(actor=moderator, agency=agency, term=" spam ")


def test_word_list_is_for_moderating_roles_of_the_agency(agency, other_agency):
    for outsider in (make_staff(agency, Role.EDITOR), make_staff(other_agency, Role.MODERATOR)):
        with pytest.raises(PermissionDenied):
            moderation.abuse_term_add(actor=outsider, agency=agency, term="spam")
    assert not AbuseTerm.objects.exists()
