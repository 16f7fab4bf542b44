"""A blog post in a real browser: a staff editor writes a post, uploads an image with its
description, places it in the text and publishes; an anonymous reader opens the post and sees
the image with its description. axe-core (WCAG 2.2 AA) on the post page in Arabic and English,
and on the editor's page."""

import io

import pytest
from django.test import Client
from PIL import Image
from playwright.sync_api import expect

from musharaka.core.models import Role
from musharaka.forums.models import Post, PostImage
from tests.browser.conftest import axe_violations, format_violations, sign_in
from tests.conftest import make_staff
from tests.factories import AgencyFactory

pytestmark = pytest.mark.browser

ALT_AR = "رسم بياني يوضح نسب رضا المستفيدين"
ALT_EN = "Chart of the beneficiaries' satisfaction rates"


def png(size=(60, 40)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (0, 108, 53)).save(buffer, "PNG")
    return buffer.getvalue()


def assert_accessible(page):
    violations = axe_violations(page)
    assert not violations, f"{page.url}\n{format_violations(violations)}"


@pytest.fixture
def agency(transactional_db):
    return AgencyFactory(slug="dga", name_ar="هيئة الحكومة الرقمية", name_en="Digital Government")


def test_an_editor_publishes_a_post_with_an_image_and_a_reader_sees_it(
    page, browser_context, new_context, live_server, agency
):
    editor = make_staff(agency, Role.EDITOR)
    editor.full_name = "Huda Alshehri"
    editor.save(update_fields=["full_name"])
    sign_in(browser_context, Client(), editor, live_server)
    base = live_server.url

    # The editor writes a draft.
    page.goto(f"{base}/en/workspace/{agency.slug}/blog/new/")
    page.locator("#id_title_ar").fill("كيف نقيس رضا المستفيدين")
    page.locator("#id_title_en").fill("How we measure satisfaction")
    page.locator("#id_body_ar").fill("نشرح في هذه التدوينة طريقتنا.")
    page.locator("#id_body_en").fill("In this post we explain our method.")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The post was saved.")).to_be_visible()
    post = Post.objects.get()

    # An image without a description is refused, with the reason.
    page.locator("#id_file").set_input_files(
        {"name": "chart.png", "mimeType": "image/png", "buffer": png()}
    )
    page.get_by_role("button", name="Upload the image").click()
    expect(
        page.locator("#error-summary").get_by_text(
            "Describe the image for people who cannot see it (in Arabic)."
        )
    ).to_be_visible()
    assert not PostImage.objects.exists()

    # With its description it is taken, and the page says how to place it.
    page.locator("#id_file").set_input_files(
        {"name": "chart.png", "mimeType": "image/png", "buffer": png()}
    )
    page.locator("#id_alt_ar").fill(ALT_AR)
    page.locator("#id_alt_en").fill(ALT_EN)
    page.get_by_role("button", name="Upload the image").click()
    image = PostImage.objects.get()
    code = f"image:{image.pk}"
    expect(page.get_by_text(f"![{ALT_AR}]({code})").first).to_be_visible()
    assert_accessible(page)

    # Placed in both texts, saved and published.
    page.locator("#id_body_ar").fill(f"نشرح في هذه التدوينة طريقتنا.\n\n![{ALT_AR}]({code})")
    page.locator("#id_body_en").fill(f"In this post we explain our method.\n\n![chart]({code})")
    page.get_by_role("button", name="Save the draft").click()
    expect(page.get_by_text("The post was saved.")).to_be_visible()
    page.get_by_role("link", name="Preview as readers will see it").click()
    expect(page.get_by_text("Preview", exact=True)).to_be_visible()
    picture = page.get_by_role("img", name=ALT_EN)
    picture.scroll_into_view_if_needed()
    expect(picture).to_be_visible()
    page.go_back()
    page.get_by_role("button", name="Publish now").click()
    expect(page.get_by_text("The post is published.")).to_be_visible()
    post.refresh_from_db()
    assert post.is_published

    # An anonymous reader opens it in English and in Arabic.
    reader = new_context().new_page()
    for prefix, alt, lang in (("/en", ALT_EN, "en"), ("", ALT_AR, "ar")):
        response = reader.goto(f"{base}{prefix}/blog/{agency.slug}/{post.slug}/")
        assert response.status == 200
        assert reader.locator("html").get_attribute("lang") == lang
        picture = reader.get_by_role("img", name=alt)
        assert picture.get_attribute("loading") == "lazy"
        picture.scroll_into_view_if_needed()
        expect(picture).to_be_visible()
        reader.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=picture.element_handle()
        )
        expect(reader.locator("#comments")).to_be_visible()
        assert_accessible(reader)
        for listing in (f"{base}{prefix}/blog/", f"{base}{prefix}/blog/{agency.slug}/"):
            assert reader.goto(listing).status == 200
            expect(reader.locator(f'main a[href$="/{post.slug}/"]').first).to_be_visible()
            assert_accessible(reader)
