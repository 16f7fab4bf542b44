"""Blog authoring in a real browser: an Arabic-only post with headings opens at its Arabic
address and passes axe (heading order included) in both languages; an editor removes an image
the text no longer places, through the confirmation page, without JavaScript."""

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect

from musharaka.core.models import Role
from musharaka.forums import services
from musharaka.forums.models import PostImage
from tests.browser.conftest import sign_in
from tests.browser.test_blog_story import agency, assert_accessible, png  # noqa: F401
from tests.conftest import make_staff

pytestmark = pytest.mark.browser

TEXT = (
    "### نبدأ بالسؤال\n\nلماذا نقيس رضا المستفيدين؟\n\n## الطريقة\n\nنسأل بعد كل خدمة.\n\n"
    "#### التفاصيل\n\nثلاثة أسئلة قصيرة.\n\n## النتائج\n\nتحسن واضح."
)


def test_an_arabic_post_with_headings_and_an_image_removed(
    page,
    browser_context,
    new_context,
    live_server,
    agency,  # noqa: F811 (the fixture of test_blog_story)
):
    editor = make_staff(agency, Role.EDITOR)
    post = services.post_save(
        actor=editor,
        agency=agency,
        post=None,
        data={"title_ar": "كيف نقيس رضا المستفيدين", "title_en": "", "body_ar": TEXT},
    )
    image = services.post_image_add(
        actor=editor,
        post=post,
        upload=SimpleUploadedFile("chart.png", png(), content_type="image/png"),
        alt_ar="رسم بياني",
    )
    services.post_publish(actor=editor, post=post)
    assert post.slug == "كيف-نقيس-رضا-المستفيدين"
    base = live_server.url

    reader = new_context().new_page()
    for prefix in ("", "/en"):
        response = reader.goto(f"{base}{prefix}{post.public_path()}")
        assert response.status == 200
        expect(reader.get_by_role("heading", level=1)).to_contain_text("كيف نقيس رضا المستفيدين")
        expect(reader.locator(".blog-post-body h2")).to_have_count(3)
        expect(reader.locator(".blog-post-body h3")).to_have_count(1)
        assert_accessible(reader)

    # The editor removes the image, which the text does not place, after confirming.
    sign_in(browser_context, Client(), editor, live_server)
    # The editor's image table and the confirmation page in Arabic first.
    page.goto(f"{base}/workspace/{agency.slug}/blog/{post.pk}/")
    assert_accessible(page)
    page.goto(f"{base}/workspace/{agency.slug}/blog/{post.pk}/images/{image.pk}/remove/")
    expect(page.get_by_role("heading", level=1)).to_have_text("إزالة صورة")
    assert_accessible(page)
    page.goto(f"{base}/en/workspace/{agency.slug}/blog/{post.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=f"Remove… image {image.pk}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove an image")
    assert_accessible(page)
    page.get_by_role("button", name=f"Remove image {image.pk}").click()
    expect(page.get_by_text(f"Image {image.pk} was removed from the post.")).to_be_visible()
    assert not PostImage.objects.exists()
    assert not default_storage.exists(image.file.name)
