"""/account/representation/: a signed-in person declares whom they represent and sees what
became of each declaration."""

import pytest

from musharaka.core.models import AuditEvent, Representation, RepresentationStatus
from musharaka.core.services import representation_decide, representation_declare
from tests.conftest import make_staff
from tests.factories import AgencyFactory

URL = "/en/account/representation/"


@pytest.fixture
def signed_in(client, citizen):
    client.force_login(citizen)
    return client


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


@pytest.mark.parametrize(("path", "lang"), [("/account/representation/", "ar"), (URL, "en")])
def test_page_renders_in_both_languages(signed_in, path, lang):
    response = signed_in.get(path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}"' in html
    assert html.count("<h1") == 1


def test_only_active_agencies_are_offered(signed_in):
    active = AgencyFactory(name_en="Open Ministry")
    AgencyFactory(name_en="Closed Authority", is_active=False)

    html = signed_in.get(URL).content.decode()

    assert f'<option value="{active.pk}">Open Ministry</option>' in html
    assert "Closed Authority" not in html


def test_declaring_that_you_represent_an_agency(signed_in, citizen, agency):
    response = signed_in.post(
        URL, {"kind": "agency", "agency": agency.pk, "job_title": "Legal adviser"}
    )

    assert response.status_code == 302
    rep = Representation.objects.get(user=citizen)
    assert (rep.kind, rep.agency, rep.job_title) == ("agency", agency, "Legal adviser")
    assert rep.status == RepresentationStatus.PENDING
    event = AuditEvent.objects.get(verb="representation.declare")
    assert event.actor == citizen and event.agency == agency

    html = signed_in.get(URL).content.decode()
    assert "Your declaration was sent" in html
    assert "Awaiting confirmation" in html and "Legal adviser" in html


def test_declaring_that_you_represent_an_organisation(signed_in, citizen, agency):
    response = signed_in.post(
        URL,
        {
            "kind": "nonprofit",
            "agency": agency.pk,  # chosen by mistake; an organisation claim has no agency
            "organisation_name": "  Reading Society ",
            "job_title": "Chair",
        },
    )

    assert response.status_code == 302
    rep = Representation.objects.get(user=citizen)
    assert (rep.kind, rep.agency, rep.organisation_name) == ("nonprofit", None, "Reading Society")
    assert "Reading Society" in signed_in.get(URL).content.decode()


def test_the_status_of_each_declaration_is_shown(signed_in, citizen, agency):
    rep = representation_declare(user=citizen, kind="agency", agency=agency, job_title="x")
    representation_decide(actor=make_staff(agency), representation=rep, confirm=True)
    representation_declare(user=citizen, kind="academic", organisation_name="KSU", job_title="y")

    html = signed_in.get(URL).content.decode()

    assert "Confirmed" in html and "Awaiting confirmation" in html


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"kind": "agency", "job_title": "Typed title"}, "agency", "Choose the government agency"),
        (
            {"kind": "private", "job_title": "Typed title"},
            "organisation_name",
            "Give the name of your organisation",
        ),
        ({"kind": "private", "organisation_name": "Typed org"}, "job_title", "required"),
        ({"job_title": "Typed title"}, "kind", "required"),
    ],
)
def test_missing_information_is_explained_and_input_kept(signed_in, data, field, message):
    response = signed_in.post(URL, data)

    html = response.content.decode()
    assert response.status_code == 400
    assert message in html
    assert f'id="id_{field}_error"' in html
    for value in data.values():
        if value not in ("agency", "private"):
            assert f'value="{value}"' in html
    assert not Representation.objects.exists()


def test_an_inactive_agency_cannot_be_chosen(signed_in):
    closed = AgencyFactory(is_active=False)
    response = signed_in.post(URL, {"kind": "agency", "agency": closed.pk, "job_title": "x"})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert not Representation.objects.exists()


def test_a_second_pending_declaration_for_the_same_agency_is_refused(signed_in, citizen, agency):
    data = {"kind": "agency", "agency": agency.pk, "job_title": "Adviser"}
    signed_in.post(URL, data)

    response = signed_in.post(URL, data)

    assert response.status_code == 400
    assert "already have a declaration awaiting confirmation" in response.content.decode()
    assert Representation.objects.filter(user=citizen).count() == 1
