"""Fixtures for the notification service.

``bilingual_kind`` registers a test-only kind whose template says different things in Arabic and
English, so tests prove the recipient's language is used without depending on the translation
catalogue (which is filled in later, in one pass).
"""

from pathlib import Path

import pytest

from musharaka.notifications.kinds import KINDS, Kind
from tests.factories import UserFactory

TEST_TEMPLATES = Path(__file__).parent / "templates"

ENGLISH_SUBJECT = "The committee meets tomorrow"
ARABIC_SUBJECT = "اجتماع اللجنة غدًا"


@pytest.fixture
def bilingual_kind(settings, monkeypatch):
    templates = [dict(t) for t in settings.TEMPLATES]
    templates[0]["DIRS"] = [*templates[0]["DIRS"], TEST_TEMPLATES]
    settings.TEMPLATES = templates
    monkeypatch.setitem(KINDS, "test_bilingual", Kind("test_bilingual", "Committee meetings"))
    return "test_bilingual"


@pytest.fixture
def english_user(db):
    return UserFactory(language="en", full_name="Sara Ahmed")


@pytest.fixture
def arabic_user(db):
    return UserFactory(language="ar", full_name="سارة أحمد")


@pytest.fixture
def english_client(client, english_user):
    client.force_login(english_user)
    return client


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks):
    """``with on_commit(execute=True):`` runs the block as a committed transaction would."""
    return django_capture_on_commit_callbacks
