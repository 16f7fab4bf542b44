"""Blog authoring: removing an image (refused while the text places it, the file deleted,
audited, another agency's staff kept out), headings in post texts (never in comments) and the
addresses of posts without an English title."""

import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation

from musharaka.core.models import AuditEvent, Role
from musharaka.forums import services
from musharaka.forums.models import Post, PostImage
from musharaka.participation.selectors import space_for
from musharaka.participation.services import contribution_submit
from tests.conftest import make_staff
from tests.factories import UserFactory
from tests.forums.test_blog import add_image, make_post, post_fields, url, workspace

pytestmark = pytest.mark.django_db


def remove_url(image) -> str:
    return f"{workspace(image.post.agency)}{image.post.pk}/images/{image.pk}/remove/"


def body(html: str) -> str:
    """The post's rendered text only."""
    start = html.index('class="blog-post-body"')
    return html[start : html.index("</article>", start)]


# --- Removing an image ------------------------------------------------------------------------


def test_an_editor_removes_an_unplaced_image_and_its_file_goes(
    client, agency, django_capture_on_commit_callbacks
):
    post = make_post(agency, publish_at=None)
    image = add_image(post)
    kept = add_image(post, alt_ar="صورة باقية")
    name = image.file.name
    assert default_storage.exists(name)
    editor = make_staff(agency, Role.EDITOR)
    client.force_login(editor)

    editor_page = client.get(f"{workspace(agency)}{post.pk}/").content.decode()
    assert remove_url(image) in editor_page and "Not placed" in editor_page
    confirm = client.get(remove_url(image))
    assert confirm.status_code == 200
    html = confirm.content.decode()
    assert f'action="{remove_url(image)}"' in html and "Remove image" in html
    assert PostImage.objects.filter(pk=image.pk).exists(), "asking does not remove"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(image))
    assert response.status_code == 302
    assert response.url == f"{workspace(agency)}{post.pk}/#images"
    assert list(post.images.all()) == [kept]
    assert not default_storage.exists(name), "the stored file is deleted"
    assert default_storage.exists(kept.file.name)
    event = AuditEvent.objects.filter(verb="blog.image_remove").get()
    assert event.actor == editor and event.target_id == str(post.pk)
    assert event.agency == agency and event.changes["image"] == image.pk
    assert f"Image {image.pk} was removed" in client.get(response.url).content.decode()
    assert client.get(remove_url(image)).status_code == 404, "gone"


@pytest.mark.parametrize(
    ("fields", "where"),
    [
        ({"body_ar": "نص\n\n![صورة](image:{n})"}, "in the Arabic text."),
        ({"body_en": "Text\n\n![picture](image:{n})"}, "in the English text."),
        (
            {"body_ar": "![صورة](image:{n})", "body_en": "![a][chart]\n\n[chart]: image:{n}"},
            "in the Arabic text and in the English text.",
        ),
    ],
    ids=["arabic", "english", "both-one-by-reference"],
)
def test_removal_is_refused_while_the_text_places_the_image(
    client, agency, django_capture_on_commit_callbacks, fields, where
):
    post = make_post(agency)
    image = add_image(post)
    services.post_save(
        actor=post.author,
        agency=agency,
        post=post,
        data={k: v.replace("{n}", str(image.pk)) for k, v in fields.items()},
    )
    client.force_login(make_staff(agency, Role.EDITOR))
    confirm = client.get(remove_url(image)).content.decode()
    assert "still place" in confirm and "this image:" in confirm
    assert f'action="{remove_url(image)}"' not in confirm, "no button while it is placed"

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(remove_url(image))
    html = response.content.decode()
    assert response.status_code == 400
    assert f"Image {image.pk} is still placed {where}" in html
    assert f"Take ![…](image:{image.pk}) out of the text and save it first." in html
    assert PostImage.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)
    assert not AuditEvent.objects.filter(verb="blog.image_remove").exists()
    pages = (
        client.get(url(post, prefix="")).content.decode() + client.get(url(post)).content.decode()
    )
    assert f'<img src="/blog/{agency.slug}/{post.slug}/images/{image.pk}/"' in pages


def test_an_image_only_quoted_as_code_is_not_placed_and_may_go(client, agency):
    post = make_post(agency, publish_at=None)
    image = add_image(post)
    Post.objects.filter(pk=post.pk).update(body_en=f"Write `![x](image:{image.pk})` to place it.")
    client.force_login(make_staff(agency, Role.EDITOR))
    assert client.post(remove_url(image)).status_code == 302
    assert not PostImage.objects.exists()


def test_the_service_refuses_too_and_reads_the_text_as_stored(agency):
    translation.activate("en")
    post = make_post(agency)
    image = add_image(post)
    Post.objects.filter(pk=post.pk).update(body_ar=f"![صورة](image:{image.pk})")
    # ``image.post`` still has the text read before the update: the stored text counts.
    with pytest.raises(services.ValidationError, match="still placed in the Arabic text"):
        services.post_image_remove(actor=post.author, image=image)
    assert PostImage.objects.filter(pk=image.pk).exists()


@pytest.mark.parametrize("role", [Role.MODERATOR, Role.RESPONDER, Role.ANALYST])
def test_roles_that_may_not_edit_posts_may_not_remove_images(client, agency, role):
    post = make_post(agency)
    image = add_image(post)
    client.force_login(make_staff(agency, role))
    assert client.get(remove_url(image)).status_code == 403
    assert client.post(remove_url(image)).status_code == 403
    assert PostImage.objects.filter(pk=image.pk).exists()
    with pytest.raises(services.PermissionDenied):
        services.post_image_remove(actor=make_staff(agency, role), image=image)


def test_another_agencys_staff_get_not_found_and_nothing_changes(
    client, agency, other_agency, django_capture_on_commit_callbacks
):
    post = make_post(agency, publish_at=None)
    image = add_image(post)
    own = make_post(other_agency, publish_at=None)
    client.force_login(make_staff(other_agency, Role.MANAGER))
    with django_capture_on_commit_callbacks(execute=True):
        assert client.get(remove_url(image)).status_code == 404
        assert client.post(remove_url(image)).status_code == 404
        # Nor through their own workspace, with their own post's number.
        foreign = f"{workspace(other_agency)}{own.pk}/images/{image.pk}/remove/"
        assert client.post(foreign).status_code == 404
        foreign = f"{workspace(other_agency)}{post.pk}/images/{image.pk}/remove/"
        assert client.post(foreign).status_code == 404
    assert PostImage.objects.filter(pk=image.pk).exists()
    assert default_storage.exists(image.file.name)
    assert not AuditEvent.objects.filter(verb="blog.image_remove").exists()
    with pytest.raises(services.PermissionDenied):
        services.post_image_remove(actor=make_staff(other_agency, Role.MANAGER), image=image)


def test_an_image_of_another_post_is_not_found_under_this_one(client, agency):
    post = make_post(agency, publish_at=None)
    other = make_post(agency, author=post.author, publish_at=None, title_en="Other")
    image = add_image(other)
    client.force_login(make_staff(agency, Role.EDITOR))
    address = f"{workspace(agency)}{post.pk}/images/{image.pk}/remove/"
    assert client.post(address).status_code == 404
    assert PostImage.objects.filter(pk=image.pk).exists()


def test_an_image_placed_by_reference_without_a_description_is_refused(client, agency):
    """The reference form ``![][r]`` … ``[r]: image:N`` renders too: its description is
    required like the inline form's."""
    post = make_post(agency, publish_at=None)
    image = add_image(post)
    client.force_login(make_staff(agency, Role.EDITOR))
    text = f"![][chart]\n\n[chart]: image:{image.pk}"
    response = client.post(f"{workspace(agency)}{post.pk}/", post_fields(body_en=text))
    assert response.status_code == 400
    assert "Every image needs a description" in response.content.decode()
    text = "![a chart][chart]\n\n[chart]: https://example.com/x.png"
    response = client.post(f"{workspace(agency)}{post.pk}/", post_fields(body_en=text))
    assert response.status_code == 400
    assert "must be uploaded with the post" in response.content.decode()


# --- Headings ---------------------------------------------------------------------------------


HEADED = (
    "Introduction.\n\n# Why\n\nBecause.\n\n## How\n\n### Step one\n\n#### Detail\n\n"
    "##### Finer detail\n\n## How\n\nEnd."
)


def test_headings_render_below_the_title_with_ids(client, agency):
    post = make_post(agency, body_en=HEADED)
    html = client.get(url(post)).content.decode()
    assert html.count("<h1") == 1
    text = body(html)
    headings = re.findall(r'<(h\d) dir="auto" id="([^"]+)">([^<]+)</h\d>', text)
    assert headings == [
        ("h2", "section-why", "Why"),
        ("h2", "section-how", "How"),
        ("h3", "section-step-one", "Step one"),
        ("h4", "section-detail", "Detail"),
        ("h4", "section-finer-detail", "Finer detail"),
        ("h2", "section-how-2", "How"),
    ]


def test_heading_levels_never_skip_one(client, agency):
    """A text starting with ``###`` or jumping from ``##`` to ``####`` keeps a valid order."""
    post = make_post(agency, body_en="### Deep first\n\n#### Deeper\n\n## Top\n\n#### Jump")
    levels = re.findall(r"<h(\d)", body(client.get(url(post)).content.decode()))
    assert levels == ["2", "3", "2", "3"]


def test_arabic_headings_get_arabic_ids(client, agency):
    post = make_post(agency, body_ar="## لماذا نقيس الرضا؟\n\nلأن…")
    html = body(client.get(url(post, prefix="")).content.decode())
    assert '<h2 dir="auto" id="section-لماذا-نقيس-الرضا">لماذا نقيس الرضا؟</h2>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<h1>Raw heading</h1>",
        "# <script>alert(1)</script>",
        '## <img src=x onerror="alert(1)">',
        "<script>alert(1)</script>",
    ],
)
def test_raw_html_in_the_text_still_does_not_render(client, agency, text):
    post = make_post(agency, body_en=text)
    html = body(client.get(url(post)).content.decode())
    assert "<h1" not in html and "<script" not in html and "<img" not in html
    assert "&lt;" in html, "the text is shown, escaped"


def test_comments_on_a_post_get_no_headings(client, agency):
    post = make_post(agency)
    contribution_submit(
        actor=UserFactory(), space=space_for(owner=post), body="# تعليق بصوت عال\n\nنص التعليق"
    )
    html = client.get(url(post)).content.decode()
    comments = html[html.index('id="comments"') :]
    assert "تعليق بصوت عال" in comments
    assert not re.search(r"<h\d[^>]*>[^<]*تعليق بصوت عال", comments)
    assert "# تعليق بصوت عال" in comments, "the # stays visible text"


def test_a_heading_is_plain_text_in_descriptions(client, agency):
    post = make_post(agency, body_en="## Heading\n\nThe first paragraph.")
    html = client.get(url(post)).content.decode()
    assert '<meta name="description" content="Heading The first paragraph.">' in html


def test_the_editors_help_text_mentions_headings(client, agency):
    client.force_login(make_staff(agency, Role.EDITOR))
    html = client.get(f"{workspace(agency)}new/").content.decode()
    assert "headings (## Section, ### Subsection" in html


# --- Addresses of posts -----------------------------------------------------------------------


def test_a_post_without_an_english_title_gets_a_readable_arabic_address(client, agency):
    post = make_post(agency, title_ar="كيف نقيس رضا المستفيدين؟", title_en="")
    assert post.slug == "كيف-نقيس-رضا-المستفيدين"
    address = reverse("forums:post", args=[agency.slug, post.slug])
    assert address == f"/blog/{agency.slug}/{quote(post.slug)}/"
    assert post.public_path() == address
    response = client.get(address)
    assert response.status_code == 200
    assert "كيف نقيس رضا المستفيدين؟" in response.content.decode()
    assert client.get(f"/en/blog/{agency.slug}/{post.slug}/").status_code == 200
    # Its images are served under the same address.
    image = add_image(post)
    assert client.get(f"{address}images/{image.pk}/").status_code == 200
    # Listed, linked and canonical with the (percent-encoded) address.
    listing = client.get(f"/blog/{agency.slug}/").content.decode()
    assert f'href="{address}"' in listing
    canonical = settings.MUSHARAKA_SITE_URL.rstrip("/") + address
    assert f'<link rel="canonical" href="{canonical}">' in response.content.decode()


def test_the_english_title_still_makes_the_address(agency):
    post = make_post(agency, title_ar="عنوان عربي", title_en="Measuring satisfaction")
    assert post.slug == "measuring-satisfaction"


def test_arabic_addresses_are_unique_within_the_agency(client, agency, other_agency):
    first = make_post(agency, title_ar="تقرير الربع الأول", title_en="")
    second = make_post(agency, author=first.author, title_ar="تقرير الربع الأول", title_en="")
    elsewhere = make_post(other_agency, title_ar="تقرير الربع الأول", title_en="")
    assert first.slug == "تقرير-الربع-الأول"
    assert second.slug == "تقرير-الربع-الأول-2"
    assert elsewhere.slug == "تقرير-الربع-الأول"
    assert "تقرير الربع الأول" in client.get(url(second, prefix="")).content.decode()
    assert client.get(url(first, prefix="")).context["post"] == first
    assert client.get(url(second, prefix="")).context["post"] == second


def test_two_editors_saving_the_same_title_at_once_both_get_a_post(agency, monkeypatch):
    """The second editor's check finds the address free, then the first one's post takes it."""
    first = make_post(agency, title_ar="خطة العام", title_en="")
    free_slug = services._slug

    def raced(agency, data):
        slug = free_slug(agency, data)
        monkeypatch.setattr(services, "_slug", free_slug)
        Post.objects.create(agency=agency, author=first.author, slug=slug, title_ar="سبقها")
        return slug

    monkeypatch.setattr(services, "_slug", raced)
    second = make_post(agency, author=first.author, title_ar="خطة العام", title_en="")
    assert second.slug == "خطة-العام-3"
    assert Post.objects.filter(agency=agency, title_ar="خطة العام").count() == 2


def test_diacritics_are_dropped_and_a_long_title_is_cut(agency):
    post = make_post(agency, title_ar="مُشَارَكَةٌ " + "كلمة " * 30, title_en="")
    assert post.slug.startswith("مشاركة-كلمة-")
    assert len(post.slug) <= 60 and not post.slug.endswith("-")


def test_a_title_without_letters_gets_the_date(agency):
    today = timezone.localdate().isoformat()
    first = make_post(agency, title_ar="؟!", title_en="!!")
    second = make_post(agency, author=first.author, title_ar="…", title_en="")
    assert (first.slug, second.slug) == (today, f"{today}-2")


def test_the_address_stays_when_the_title_changes(agency):
    post = make_post(agency, title_ar="عنوان أول", title_en="")
    slug = post.slug
    services.post_save(
        actor=post.author, agency=agency, post=post, data={"title_en": "A new English title"}
    )
    post.refresh_from_db()
    assert post.slug == slug


def test_old_ascii_addresses_keep_working(client, agency):
    post = make_post(agency)
    Post.objects.filter(pk=post.pk).update(slug="old_style-slug-2024")
    post.refresh_from_db()
    assert client.get(url(post)).status_code == 200
    assert reverse("forums:post", args=[agency.slug, post.slug]).endswith("/old_style-slug-2024/")
