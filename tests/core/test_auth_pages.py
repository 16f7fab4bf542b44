"""Sign-in pages render inside the site layout and are usable with assistive technology:
one <h1>, every field labelled, every error shown in the page and tied to its field."""

from html.parser import HTMLParser

import pytest
from allauth.mfa.totp.internal.auth import SECRET_SESSION_KEY

from tests.conftest import make_staff
from tests.factories import PASSWORD

FIELD_TAGS = {"input", "select", "textarea"}
NOT_FIELDS = {"hidden", "submit", "button", "image", "reset"}


class PageOutline(HTMLParser):
    """The parts of a page these checks need, gathered in one pass."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.h1_count = 0
        self.in_main = False
        self.fields: list[dict] = []
        self.label_for: set[str] = set()
        self.text_by_id: dict[str, list[str]] = {}
        self._open_ids: list[tuple[str, str]] = []
        self.main_text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "main":
            self.in_main = True
        if tag == "h1":
            self.h1_count += 1
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if self.in_main and tag in FIELD_TAGS and attrs.get("type") not in NOT_FIELDS:
            self.fields.append(attrs)
        if attrs.get("id") and tag not in {"input", "br", "img"}:
            self.text_by_id[attrs["id"]] = []
            self._open_ids.append((tag, attrs["id"]))

    def handle_endtag(self, tag):
        if tag == "main":
            self.in_main = False
        if self._open_ids and self._open_ids[-1][0] == tag:
            self._open_ids.pop()

    def handle_data(self, data):
        for _tag, element_id in self._open_ids:
            self.text_by_id[element_id].append(data)
        if self.in_main:
            self.main_text.append(data)

    def text_of(self, element_id: str) -> str:
        return " ".join("".join(self.text_by_id.get(element_id, [])).split())


def check_page(response, *, errors: tuple[str, ...] = ()) -> PageOutline:
    # A form sent back with errors is a 400 (Musharaka's rule for bad input), a page a 200.
    assert response.status_code == (400 if errors else 200), response.status_code
    html = response.content.decode()
    assert 'class="skip-link"' in html, "not inside the site layout (base.html)"
    page = PageOutline()
    page.feed(html)
    assert page.h1_count == 1
    assert page.fields or not errors
    for field in page.fields:
        name = field.get("name") or field.get("id")
        labelled = field.get("id") in page.label_for or field.get("aria-label")
        assert labelled, f"field {name} has no label"
        for described_by in (field.get("aria-describedby") or "").split():
            assert described_by in page.text_by_id, f"{name}: no element #{described_by}"
        if field.get("aria-invalid") == "true":
            ties = (field.get("aria-describedby") or "").split()
            assert any(page.text_of(i) for i in ties), f"{name}: error not tied to the field"
    main_text = " ".join("".join(page.main_text).split())
    for error in errors:
        assert error in main_text, f"error not shown: {error}"
    return page


@pytest.mark.django_db
def test_sign_in_page(client):
    check_page(client.get("/en/accounts/login/"))
    response = client.post("/en/accounts/login/", {"login": "x@example.sa", "password": "nope"})
    check_page(
        response,
        errors=("The email address and/or password you specified are not correct.",),
    )


@pytest.mark.django_db
def test_sign_up_page_ties_each_error_to_its_field(client):
    check_page(client.get("/en/accounts/signup/"))
    response = client.post(
        "/en/accounts/signup/",
        {
            "email": "not-an-email",
            "full_name": "",
            "phone": "0112345678",
            "password1": PASSWORD,
            "password2": PASSWORD + "x",
        },
    )
    page = check_page(
        response,
        errors=(
            "Enter a valid email address.",
            "This field is required.",
            "Enter a Saudi mobile number such as 05XXXXXXXX or +9665XXXXXXXX.",
        ),
    )
    invalid = {f.get("name") for f in page.fields if f.get("aria-invalid") == "true"}
    assert {"email", "full_name", "phone"} <= invalid


@pytest.mark.django_db
def test_password_reset_page(client):
    check_page(client.get("/en/accounts/password/reset/"))
    response = client.post("/en/accounts/password/reset/", {"email": "not-an-email"})
    check_page(response, errors=("Enter a valid email address.",))


@pytest.mark.django_db
def test_verification_sent_page(client):
    check_page(client.get("/en/accounts/confirm-email/"))


@pytest.mark.django_db
def test_totp_enrolment_page(client, agency):
    staff = make_staff(agency, totp=False)
    client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    page = check_page(client.get("/en/accounts/2fa/totp/activate/"))
    assert "authenticator_secret" in {f.get("id") for f in page.fields}
    assert client.session[SECRET_SESSION_KEY]

    response = client.post("/en/accounts/2fa/totp/activate/", {"code": "12"})
    check_page(response, errors=("Incorrect code.",))


@pytest.mark.django_db
def test_totp_code_page(client, agency):
    staff = make_staff(agency)
    client.post("/en/accounts/login/", {"login": staff.email, "password": PASSWORD})
    check_page(client.get("/en/accounts/2fa/authenticate/"))
    response = client.post("/en/accounts/2fa/authenticate/", {"code": "12"})
    check_page(response, errors=("Incorrect code.",))


@pytest.mark.django_db
def test_national_sso_continue_page(client, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "openid_connect": {
            "APPS": [
                {
                    "provider_id": "nafath",
                    "name": "National SSO",
                    "client_id": "musharaka",
                    "secret": "s3cret",
                    "settings": {"server_url": "http://127.0.0.1:9/"},
                }
            ]
        }
    }
    check_page(client.get("/en/accounts/login/"))
    assert "National SSO" in client.get("/en/accounts/login/").content.decode()
    response = client.get("/en/accounts/oidc/nafath/login/")
    page = check_page(response)
    assert "Sign In Via National SSO" in response.content.decode()
    assert page.fields == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/signup/",
        "/accounts/password/reset/",
        "/accounts/confirm-email/",
    ],
)
def test_arabic_pages_have_the_same_structure(client, path):
    response = client.get(path)
    assert 'dir="rtl"' in response.content.decode()
    check_page(response)
