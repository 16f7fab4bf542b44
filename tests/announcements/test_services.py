"""Staff write announcements through the services: permission, Arabic text, stable addresses,
audit, and the participation space that opens with publication."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from musharaka.announcements.models import Announcement
from musharaka.announcements.services import announcement_publish, announcement_save
from musharaka.core.models import AuditEvent, Role
from musharaka.participation.models import Space
from musharaka.participation.selectors import space_for
from tests.announcements.helpers import make_announcement
from tests.conftest import make_staff

pytestmark = pytest.mark.django_db

DATA = {
    "title_ar": "إطلاق أسبوع المهارات الرقمية",
    "title_en": "Digital Skills Week launches",
    "body_ar": "تطلق الوزارة أسبوع المهارات الرقمية.",
    "body_en": "The Ministry launches Digital Skills Week.",
    "comments_open": True,
}


@pytest.mark.parametrize("role", [Role.MANAGER, Role.EDITOR])
def test_content_editors_create_a_draft_with_an_address_from_the_english_title(agency, role):
    actor = make_staff(agency, role, totp=False)

    announcement = announcement_save(actor=actor, agency=agency, data=DATA)

    assert announcement.slug == "digital-skills-week-launches"
    assert announcement.published_at is None and not announcement.is_published
    assert space_for(owner=announcement) is None, "a draft has no comments thread"
    event = AuditEvent.objects.get(verb="announcement.create")
    assert (event.actor, event.agency) == (actor, agency)


@pytest.mark.parametrize(
    "role", [Role.MODERATOR, Role.RESPONDER, Role.ANALYST, Role.SOCIAL_MEDIA_OFFICER]
)
def test_other_roles_cannot_write_announcements(agency, role):
    with pytest.raises(PermissionDenied):
        announcement_save(actor=make_staff(agency, role, totp=False), agency=agency, data=DATA)
    assert not Announcement.objects.exists()


def test_staff_of_another_agency_cannot_write_or_publish(agency, other_agency):
    outsider = make_staff(other_agency, Role.MANAGER, totp=False)
    with pytest.raises(PermissionDenied):
        announcement_save(actor=outsider, agency=agency, data=DATA)
    draft = make_announcement(agency, published=False)
    with pytest.raises(PermissionDenied):
        announcement_publish(actor=outsider, announcement=draft)
    with pytest.raises(PermissionDenied):
        announcement_save(actor=outsider, agency=other_agency, data=DATA, announcement=draft)
    draft.refresh_from_db()
    assert draft.published_at is None


def test_arabic_title_and_text_are_required(agency):
    editor = make_staff(agency, Role.EDITOR, totp=False)
    with pytest.raises(ValidationError) as caught:
        announcement_save(
            actor=editor, agency=agency, data={**DATA, "title_ar": "  ", "body_ar": ""}
        )
    assert set(caught.value.message_dict) == {"title_ar", "body_ar"}


def test_addresses_stay_unique_within_an_agency(agency, other_agency):
    editor = make_staff(agency, Role.EDITOR, totp=False)
    first = announcement_save(actor=editor, agency=agency, data=DATA)
    second = announcement_save(actor=editor, agency=agency, data=DATA)
    assert (first.slug, second.slug) == (
        "digital-skills-week-launches",
        "digital-skills-week-launches-2",
    )
    with pytest.raises(ValidationError) as caught:
        announcement_save(actor=editor, agency=agency, data={**DATA, "slug": first.slug})
    assert "slug" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        announcement_save(actor=editor, agency=agency, data={**DATA, "slug": "Not a slug!"})
    assert "slug" in caught.value.message_dict
    other_editor = make_staff(other_agency, Role.EDITOR, totp=False)
    same = announcement_save(actor=other_editor, agency=other_agency, data=DATA)
    assert same.slug == first.slug, "another agency may use the same address"


def test_arabic_only_announcement_gets_a_dated_address(agency):
    editor = make_staff(agency, Role.EDITOR, totp=False)
    announcement = announcement_save(
        actor=editor, agency=agency, data={**DATA, "title_en": "", "body_en": ""}
    )
    assert announcement.slug.startswith("news-")


def test_publishing_opens_the_comments_thread(agency):
    editor = make_staff(agency, Role.EDITOR, totp=False)
    draft = announcement_save(actor=editor, agency=agency, data=DATA)

    announcement_publish(actor=editor, announcement=draft)

    draft.refresh_from_db()
    assert draft.is_published
    space = space_for(owner=draft)
    assert (space.channel, space.agency, space.is_open) == ("announcements", agency, True)
    assert (space.title_ar, space.title_en) == (DATA["title_ar"], DATA["title_en"])
    assert space.url == f"/agencies/{agency.slug}/news/{draft.slug}/"
    assert AuditEvent.objects.filter(verb="announcement.publish", actor=editor).count() == 1
    with pytest.raises(ValidationError):
        announcement_publish(actor=editor, announcement=draft)
    assert Space.objects.count() == 1


def test_editing_a_published_announcement_keeps_its_address_and_updates_its_thread(agency):
    editor = make_staff(agency, Role.EDITOR, totp=False)
    announcement = make_announcement(agency, editor=editor)
    address = announcement.slug

    announcement_save(
        actor=editor,
        agency=agency,
        announcement=announcement,
        data={**DATA, "slug": "a-new-address", "title_ar": "عنوان جديد", "comments_open": False},
    )

    announcement.refresh_from_db()
    space = space_for(owner=announcement)
    assert announcement.slug == address
    assert (space.title_ar, space.is_open) == ("عنوان جديد", False)
    event = AuditEvent.objects.get(verb="announcement.update")
    assert set(event.changes) >= {"title_ar", "comments_open"}


def test_closed_comments_stay_closed_when_published(agency):
    announcement = make_announcement(agency, comments_open=False)
    assert space_for(owner=announcement).is_open is False
