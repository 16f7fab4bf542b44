import pytest
from django.utils import translation


@pytest.fixture
def english():
    """Read service refusals and labels in English (pages choose their language from the URL)."""
    translation.activate("en")
