import pytest

from musharaka.participation.models import ModerationMode
from musharaka.participation.services import space_get_or_create
from tests.factories import UserFactory


@pytest.fixture
def space(agency):
    """A post-moderated space owned by the agency itself (any saved model can own one)."""
    return space_get_or_create(
        agency=agency, channel="test", owner=agency, title_ar="نقاش تجريبي", url="/test/"
    )


@pytest.fixture
def premoderated_space(space):
    space.moderation = ModerationMode.PRE
    space.save()
    return space


@pytest.fixture
def author(db):
    return UserFactory(language="en")


@pytest.fixture
def reader(db):
    return UserFactory()


@pytest.fixture(autouse=True)
def _english_messages():
    """Service refusals here are read in English; pages choose their language from the URL."""
    from django.utils import translation

    translation.activate("en")
