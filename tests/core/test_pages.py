import pytest

from tests.factories import AgencyFactory

PUBLIC_PAGES = ["/", "/agencies/", "/privacy/", "/accessibility/", "/about/"]


@pytest.mark.django_db
@pytest.mark.parametrize("path", PUBLIC_PAGES)
@pytest.mark.parametrize(("prefix", "lang", "direction"), [("", "ar", "rtl"), ("/en", "en", "ltr")])
def test_public_pages_render_in_both_languages(client, path, prefix, lang, direction):
    response = client.get(prefix + path)
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{lang}" dir="{direction}"' in html
    assert html.count("<h1") == 1


@pytest.mark.django_db
def test_language_switch_stays_on_the_same_page(client):
    agency = AgencyFactory(slug="moh")
    html = client.get(f"/agencies/{agency.slug}/").content.decode()
    assert 'href="/en/agencies/moh/"' in html
    html_en = client.get("/en/agencies/moh/").content.decode()
    assert 'href="/agencies/moh/"' in html_en


@pytest.mark.django_db
def test_english_falls_back_to_arabic_and_says_so(client):
    AgencyFactory(slug="riyadh", name_ar="أمانة الرياض", name_en="")
    html = client.get("/en/agencies/riyadh/").content.decode()
    assert '<span lang="ar" dir="rtl">أمانة الرياض</span>' in html
    assert "available in Arabic only" in html


@pytest.mark.django_db
def test_unknown_page_is_a_translated_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "الصفحة غير موجودة" in response.content.decode()


@pytest.mark.django_db
def test_agency_directory_is_alphabetical_in_the_readers_language(client):
    AgencyFactory(name_ar="ب وزارة", name_en="Zeta Ministry")
    AgencyFactory(name_ar="ت هيئة", name_en="Alpha Authority")
    arabic = client.get("/agencies/").content.decode()
    english = client.get("/en/agencies/").content.decode()
    assert arabic.index("ب وزارة") < arabic.index("ت هيئة")
    assert english.index("Alpha Authority") < english.index("Zeta Ministry")


@pytest.mark.django_db
def test_agency_directory_query_count_does_not_grow_with_agencies(
    client, django_assert_max_num_queries
):
    AgencyFactory.create_batch(3)
    with django_assert_max_num_queries(2) as few:
        client.get("/en/agencies/")
    AgencyFactory.create_batch(30)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/en/agencies/")
