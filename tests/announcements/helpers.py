"""Announcements with a comments thread, and posting to it as a browser would: shared by the
announcement tests and the comments-component tests (``tests/participation/test_comments*``)."""

import time
from datetime import timedelta

from django.core import signing
from django.utils import timezone

from musharaka.announcements.models import Announcement
from musharaka.announcements.services import announcement_publish, announcement_save
from musharaka.participation.forms import TIME_TRAP_SALT
from musharaka.participation.models import Contribution, ModerationMode, Space
from musharaka.participation.selectors import current_rules, space_for
from musharaka.participation.services import contribution_submit
from tests.conftest import make_staff

RULES_AR = "ناقش الفكرة لا الشخص، ولا تنشر بيانات شخصية."


def make_announcement(
    agency,
    *,
    editor=None,
    published: bool = True,
    pre_moderated: bool = False,
    **fields,
) -> Announcement:
    editor = editor or make_staff(agency, "editor", totp=False)
    data = {
        "title_ar": "ورشة عمل حول مسودة الدليل",
        "title_en": "Workshop on the draft guideline",
        "body_ar": "يدعو البرنامج إلى ورشة عمل.",
        "body_en": "The programme invites you to a workshop.",
        "comments_open": True,
        **fields,
    }
    announcement = announcement_save(actor=editor, agency=agency, data=data)
    if published:
        announcement_publish(actor=editor, announcement=announcement)
        if pre_moderated:
            Space.objects.filter(pk=space_for(owner=announcement).pk).update(
                moderation=ModerationMode.PRE
            )
    return announcement


def space_of(announcement: Announcement) -> Space:
    return space_for(owner=announcement)


def page_url(announcement: Announcement, prefix: str = "/en") -> str:
    return f"{prefix}/agencies/{announcement.agency.slug}/news/{announcement.slug}/"


def started(seconds_ago: float = 10) -> str:
    """The time-trap value of a form shown ``seconds_ago``."""
    return signing.dumps(time.time() - seconds_ago, salt=TIME_TRAP_SALT, compress=True)


def comment_data(announcement: Announcement, body: str, *, accept: bool = True, **extra) -> dict:
    data = {
        "body": body,
        "started": started(),
        "website": "",
        "next": page_url(announcement),
    }
    rules = current_rules(agency=announcement.agency)
    if rules is not None:
        data["rules_version"] = rules.pk
        if accept:
            data["accept_rules"] = "on"
    data.update(extra)
    return data


def post_comment(client, announcement: Announcement, body: str, *, parent=None, **extra):
    data = comment_data(announcement, body, **extra)
    if parent is not None:
        data["parent"] = parent.pk
    url = f"/en/participation/spaces/{space_of(announcement).pk}/comments/"
    return client.post(url, data)


def submit(author, announcement: Announcement, body: str, *, parent=None) -> Contribution:
    """A comment straight through the service (for setting up a thread)."""
    return contribution_submit(
        actor=author,
        space=space_of(announcement),
        body=body,
        parent=parent,
        accepted_rules=current_rules(agency=announcement.agency),
    )


def age(contribution: Contribution, minutes: int) -> None:
    """Pretend the contribution was sent ``minutes`` ago."""
    Contribution.objects.filter(pk=contribution.pk).update(
        created_at=timezone.now() - timedelta(minutes=minutes)
    )
