import pytest
from django.utils import translation

from musharaka.consultations import texts
from musharaka.consultations.models import Consultation, Version
from tests.consultations.texts_fixtures import GUIDELINE_MD, make_consultation


@pytest.fixture
def english():
    """Read service refusals and labels in English (pages choose their language from the URL)."""
    translation.activate("en")


@pytest.fixture
def consultation(agency, manager) -> Consultation:
    """A draft consultation of ``agency`` for the text tests; modules that need another kind
    define their own."""
    return make_consultation(agency, manager)


@pytest.fixture
def version(consultation, manager) -> Version:
    """Version 1 of ``consultation``: GUIDELINE_MD imported (two parts, articles 1 to 3)."""
    return texts.text_import(
        actor=manager, consultation=consultation, filename="g.md", data=GUIDELINE_MD.encode()
    )
