"""Agency blogs: who may write and publish, described images only, drafts and scheduled posts
kept from the public until their time, sharing metadata, feeds, query counts and comments."""

import io
import re
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from PIL import Image

from musharaka.consultations.models import Phase
from musharaka.core.models import Role
from musharaka.forums import services
from musharaka.forums.models import BlogCategory, Post, PostImage
from musharaka.participation.selectors import space_for
from musharaka.participation.services import contribution_submit
from tests.conftest import make_staff
from tests.consultations.lifecycle_helpers import make_consultation
from tests.factories import UserFactory
from tests.polls.poll_data import make_quick_poll

pytestmark = pytest.mark.django_db

SITE = settings.MUSHARAKA_SITE_URL.rstrip("/")
ATOM = "{http://www.w3.org/2005/Atom}"


def png_bytes(size=(4, 3)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (20, 120, 60)).save(buffer, "PNG")
    return buffer.getvalue()


def png_upload(name="chart.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png_bytes(), content_type="image/png")


def make_post(agency, *, author=None, publish_at="now", categories=None, **fields) -> Post:
    """A post through the services: published now by default, ``publish_at=None`` for a draft,
    or a datetime to schedule it."""
    author = author or make_staff(agency, Role.EDITOR, totp=False)
    data = {
        "title_ar": "كيف نقيس رضا المستفيدين",
        "title_en": "How we measure satisfaction",
        "summary_ar": "",
        "summary_en": "",
        "body_ar": "نص التدوينة بالعربية.",
        "body_en": "The text of the post in English.",
        "comments_open": True,
        **fields,
    }
    post = services.post_save(
        actor=author, agency=agency, post=None, data=data, categories=categories
    )
    if publish_at == "now":
        services.post_publish(actor=author, post=post)
    elif publish_at is not None:
        services.post_publish(actor=author, post=post, at=publish_at)
    return post


def add_image(post, alt_ar="رسم بياني لنسب الرضا", alt_en="Chart of satisfaction rates"):
    return services.post_image_add(
        actor=post.author, post=post, upload=png_upload(), alt_ar=alt_ar, alt_en=alt_en
    )


def url(post, prefix="/en") -> str:
    return f"{prefix}/blog/{post.agency.slug}/{post.slug}/"


def workspace(agency) -> str:
    return f"/en/workspace/{agency.slug}/blog/"


def post_fields(**changes) -> dict:
    return {
        "title_ar": "تدوينة جديدة",
        "title_en": "A new post",
        "summary_ar": "",
        "summary_en": "",
        "body_ar": "نص عربي",
        "body_en": "English text",
        "comments_open": "on",
        "related_consultation": "",
        "related_poll": "",
        **changes,
    }


# --- Who may do what --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "allowed"),
    [
        (Role.MANAGER, True),
        (Role.EDITOR, True),
        (Role.MODERATOR, False),
        (Role.RESPONDER, False),
        (Role.ANALYST, False),
    ],
)
def test_only_managers_and_editors_reach_the_blog_workspace(client, agency, role, allowed):
    post = make_post(agency, publish_at=None)
    client.force_login(make_staff(agency, role))
    base = workspace(agency)
    pages = [
        base,
        f"{base}new/",
        f"{base}{post.pk}/",
        f"{base}{post.pk}/preview/",
        f"{base}categories/",
    ]
    for page in pages:
        assert client.get(page).status_code == (200 if allowed else 403), page
    writes = [
        (f"{base}new/", post_fields()),
        (f"{base}{post.pk}/", post_fields()),
        (f"{base}{post.pk}/images/", {"alt_ar": "وصف", "file": png_upload()}),
        (f"{base}{post.pk}/publish/", {"action": "publish"}),
        (f"{base}categories/", {"action": "add", "new-name_ar": "أخبار"}),
    ]
    for page, data in writes:
        assert client.post(page, data).status_code == (302 if allowed else 403), page
    post.refresh_from_db()
    assert (post.published_at is not None) is allowed


def test_staff_of_another_agency_get_not_found(client, agency, other_agency):
    post = make_post(agency, publish_at=None)
    client.force_login(make_staff(other_agency, Role.MANAGER))
    for page in (workspace(agency), f"{workspace(agency)}{post.pk}/"):
        assert client.get(page).status_code == 404
    # Their own workspace does not resolve the other agency's post either.
    assert client.get(f"{workspace(other_agency)}{post.pk}/").status_code == 404
    assert (
        client.post(f"{workspace(agency)}{post.pk}/publish/", {"action": "publish"}).status_code
        == 404
    )


def test_anonymous_visitors_are_sent_to_sign_in(client, agency):
    response = client.get(workspace(agency))
    assert response.status_code == 302
    assert "/accounts/login/" in response.url


# --- Writing, images, publishing --------------------------------------------------------------


def test_editor_writes_uploads_an_image_places_it_and_publishes(client, agency):
    editor = make_staff(agency, Role.EDITOR)
    client.force_login(editor)
    response = client.post(f"{workspace(agency)}new/", post_fields())
    post = Post.objects.get()
    assert response.status_code == 302 and response.url == f"{workspace(agency)}{post.pk}/"
    assert post.author == editor and post.published_at is None

    response = client.post(
        f"{workspace(agency)}{post.pk}/images/",
        {"file": png_upload(), "alt_ar": "صورة الورشة", "alt_en": "The workshop"},
    )
    assert response.status_code == 302
    image = PostImage.objects.get()
    page = client.get(f"{workspace(agency)}{post.pk}/").content.decode()
    assert f"![صورة الورشة](image:{image.pk})" in page, "the code to place it is listed"
    assert "![description](image:N)" in page, "the help text says how to place images"

    response = client.post(
        f"{workspace(agency)}{post.pk}/",
        post_fields(body_ar=f"قبل الصورة\n\n![صورة](image:{image.pk})\n\nبعدها"),
    )
    assert response.status_code == 302
    assert client.get(url(post)).status_code == 404, "a draft is not public"

    response = client.post(f"{workspace(agency)}{post.pk}/publish/", {"action": "publish"})
    assert response.status_code == 302
    html = client.get(url(post, prefix="")).content.decode()
    image_src = f"/blog/{agency.slug}/{post.slug}/images/{image.pk}/"
    assert f'<img src="{image_src}" alt="صورة الورشة" loading="lazy"' in html


def test_an_image_without_a_description_is_refused_with_the_reason(client, agency):
    post = make_post(agency, publish_at=None)
    client.force_login(make_staff(agency, Role.EDITOR))
    response = client.post(
        f"{workspace(agency)}{post.pk}/images/",
        {"file": png_upload(), "alt_ar": "   ", "alt_en": "Typed in English"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "Describe the image for people who cannot see it (in Arabic)." in html
    assert 'value="Typed in English"' in html, "what was typed is kept"
    assert 'id="error-summary"' in html and 'aria-invalid="true"' in html
    assert not PostImage.objects.exists()
    with pytest.raises(Exception, match="Describe the image"):
        services.post_image_add(actor=post.author, post=post, upload=png_upload(), alt_ar="")


@pytest.mark.parametrize(
    ("upload", "reason"),
    [
        (SimpleUploadedFile("x.png", b"GIF89a not a png", content_type="image/png"), "PNG or JPEG"),
        (SimpleUploadedFile("big.png", b"\x89PNG\r\n\x1a\n" + b"0" * (2 * 1024 * 1024)), "2 MB"),
    ],
    ids=["wrong-type", "too-big"],
)
def test_wrong_type_or_size_is_refused(client, agency, upload, reason):
    post = make_post(agency, publish_at=None)
    client.force_login(make_staff(agency, Role.EDITOR))
    response = client.post(
        f"{workspace(agency)}{post.pk}/images/", {"file": upload, "alt_ar": "وصف الصورة"}
    )
    assert response.status_code == 400
    assert reason in response.content.decode()
    assert 'value="وصف الصورة"' in response.content.decode()
    assert not PostImage.objects.exists()


PLACED_ONLY = "Images must be uploaded with the post and placed as ![description](image:N)."


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("![شعار](https://example.com/logo.png)", PLACED_ONLY),
        ("![شعار](image:999)", PLACED_ONLY),
        ("![](image:1)", "Every image needs a description for people who cannot see it."),
    ],
    ids=["external", "unknown-number", "no-description"],
)
def test_images_from_elsewhere_or_undescribed_are_refused_in_the_text(client, agency, body, reason):
    post = make_post(agency, publish_at=None)
    add_image(post)
    client.force_login(make_staff(agency, Role.EDITOR))
    response = client.post(f"{workspace(agency)}{post.pk}/", post_fields(body_ar=body))
    html = response.content.decode()
    assert response.status_code == 400
    assert reason in html and 'id="error-summary"' in html
    assert f">\n{body}</textarea>" in html, "the text is kept"
    post.refresh_from_db()
    assert post.body_ar == "نص التدوينة بالعربية."


def test_only_this_posts_images_ever_render(client, agency):
    other = make_post(agency, title_en="Other post")
    foreign = add_image(other)
    post = make_post(agency)
    mine = add_image(post)
    # Written straight to the database: the renderer must hold even if the service was bypassed.
    Post.objects.filter(pk=post.pk).update(
        body_en=(
            f"![a](image:{mine.pk}) ![b](image:{foreign.pk}) ![c](https://evil.example/x.png) "
            '<img src="https://evil.example/y.png"> \ue000' + str(foreign.pk) + "\ue001"
        )
    )
    html = client.get(url(post)).content.decode()
    body = html[html.index('class="blog-post-body"') :]
    body = body[: body.index("</article>")]
    assert body.count("<img ") == 1
    assert f"/images/{mine.pk}/" in body and 'alt="Chart of satisfaction rates"' in body
    assert "evil.example/x.png" not in body
    assert '<img src="https://evil' not in body


def test_the_english_reader_gets_the_arabic_alt_when_there_is_no_english(client, agency):
    post = make_post(agency)
    image = add_image(post, alt_en="")
    Post.objects.filter(pk=post.pk).update(body_en=f"![x](image:{image.pk})")
    html = client.get(url(post)).content.decode()
    assert (
        'alt="رسم بياني لنسب الرضا" loading="lazy" class="img-fluid post-image" lang="ar"' in html
    )


def test_schedule_in_riyadh_time_and_unpublish(client, agency):
    post = make_post(agency, publish_at=None)
    client.force_login(make_staff(agency, Role.MANAGER))
    when = timezone.localtime(timezone.now(), ZoneInfo("Asia/Riyadh")) + timedelta(days=2)
    local = when.strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"{workspace(agency)}{post.pk}/publish/", {"action": "schedule", "at": local}
    )
    assert response.status_code == 302
    post.refresh_from_db()
    expected = datetime.strptime(local, "%Y-%m-%dT%H:%M").replace(tzinfo=ZoneInfo("Asia/Riyadh"))
    assert post.published_at == expected
    assert client.get(url(post)).status_code == 404, "scheduled is not yet public"
    assert "Scheduled" in client.get(f"{workspace(agency)}{post.pk}/").content.decode()

    past = (when - timedelta(days=5)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        f"{workspace(agency)}{post.pk}/publish/", {"action": "schedule", "at": past}
    )
    assert response.status_code == 400
    assert "Choose a time in the future" in response.content.decode()

    client.post(f"{workspace(agency)}{post.pk}/publish/", {"action": "unpublish"})
    post.refresh_from_db()
    assert post.published_at is None


def test_preview_shows_drafts_to_their_writers_marked_as_preview(client, agency):
    post = make_post(agency, publish_at=None, title_en="Secret draft")
    image = add_image(post)
    Post.objects.filter(pk=post.pk).update(body_en=f"![x](image:{image.pk})")
    client.force_login(make_staff(agency, Role.EDITOR))
    html = client.get(f"{workspace(agency)}{post.pk}/preview/").content.decode()
    assert "Preview" in html and "Secret draft" in html
    assert 'name="robots" content="noindex' in html
    assert f"/images/{image.pk}/" in html
    assert client.get(f"/blog/{agency.slug}/{post.slug}/images/{image.pk}/").status_code == 200


def test_categories_are_added_renamed_removed_and_filter_the_blog(client, agency):
    client.force_login(make_staff(agency, Role.EDITOR))
    page = f"{workspace(agency)}categories/"
    response = client.post(
        page, {"action": "add", "new-name_ar": "أخبار", "new-name_en": "News", "new-slug": ""}
    )
    assert response.status_code == 302
    news = BlogCategory.objects.get(agency=agency)
    assert news.slug == "news"
    response = client.post(page, {"action": "add", "new-name_ar": "", "new-name_en": "X"})
    assert response.status_code == 400
    assert "Give the category an Arabic name." in response.content.decode()
    response = client.post(
        page,
        {
            "action": "rename",
            "category": news.pk,
            f"c{news.pk}-name_ar": "الأخبار",
            f"c{news.pk}-name_en": "Latest news",
        },
    )
    assert response.status_code == 302
    news.refresh_from_db()
    assert news.name_en == "Latest news" and news.slug == "news"

    tagged = make_post(agency, title_en="Tagged post", categories=[news])
    make_post(agency, author=tagged.author, title_en="Untagged post")
    html = client.get(f"/en/blog/{agency.slug}/?category=news").content.decode()
    assert "Tagged post" in html and "Untagged post" not in html
    assert client.get(f"/en/blog/{agency.slug}/?category=nothing").status_code == 404
    assert "Latest news" in client.get(url(tagged)).content.decode()

    assert client.post(page, {"action": "remove", "category": news.pk}).status_code == 302
    assert not BlogCategory.objects.exists()
    assert client.post(page, {"action": "remove", "category": "x"}).status_code == 404


def test_related_consultation_and_poll_are_linked_only_when_public(client, agency):
    manager = make_staff(agency, Role.MANAGER)
    consultation = make_consultation(agency, editor=manager, phase=Phase.SCHEDULED)
    poll = make_quick_poll(manager, title_en="Quick satisfaction poll")
    draft_poll = make_quick_poll(manager, publish=False, title_en="Draft poll", slug="draft")
    post = make_post(agency, author=manager, related_consultation=consultation, related_poll=poll)
    html = client.get(url(post)).content.decode()
    assert f"/en/consultations/{agency.slug}/{consultation.slug}/" in html
    assert f"/en/polls/{agency.slug}/{poll.slug}/" in html

    Post.objects.filter(pk=post.pk).update(related_poll=draft_poll)
    html = client.get(url(post)).content.decode()
    assert "Draft poll" not in html and f"/polls/{agency.slug}/draft/" not in html

    client.force_login(manager)
    form = client.get(f"{workspace(agency)}{post.pk}/").content.decode()
    assert "Quick satisfaction poll" in form and "Draft poll" not in form


# --- What the public sees ---------------------------------------------------------------------


def test_drafts_and_scheduled_posts_are_not_public_until_their_time(client, agency):
    author = make_staff(agency, Role.EDITOR, totp=False)
    draft = make_post(agency, author=author, publish_at=None, title_en="Draft post")
    later = make_post(
        agency,
        author=author,
        publish_at=timezone.now() + timedelta(hours=3),
        title_en="Scheduled post",
    )
    image = add_image(later)
    make_post(agency, author=author, title_en="Published post")

    for prefix in ("", "/en"):
        assert client.get(url(draft, prefix)).status_code == 404
        assert client.get(url(later, prefix)).status_code == 404
    image_url = f"/blog/{agency.slug}/{later.slug}/images/{image.pk}/"
    assert client.get(image_url).status_code == 404
    lists = "".join(
        client.get(u).content.decode()
        for u in ("/en/blog/", f"/en/blog/{agency.slug}/", "/en/blog/feed.rss")
    )
    assert "Published post" in lists
    assert "Draft post" not in lists and "Scheduled post" not in lists

    # Its time comes.
    Post.objects.filter(pk=later.pk).update(published_at=timezone.now() - timedelta(minutes=1))
    assert client.get(url(later)).status_code == 200
    assert "Scheduled post" in client.get("/en/blog/").content.decode()
    assert "Scheduled post" in client.get(f"/en/blog/{agency.slug}/feed.atom").content.decode()
    response = client.get(image_url)
    assert response.status_code == 200


def test_an_image_is_served_inline_with_its_type_and_safe_headers(client, agency):
    post = make_post(agency)
    image = add_image(post)
    response = client.get(f"/blog/{agency.slug}/{post.slug}/images/{image.pk}/")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, no-cache"
    assert "attachment" not in response.get("Content-Disposition", "")
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    # Not reachable under another post or agency.
    other = make_post(agency, author=post.author, title_en="Another")
    assert client.get(f"/blog/{agency.slug}/{other.slug}/images/{image.pk}/").status_code == 404


def test_a_cached_image_is_revalidated_and_stops_showing_once_the_post_is_unpublished(
    client, agency
):
    post = make_post(agency)
    address = f"/blog/{agency.slug}/{post.slug}/images/{add_image(post).pk}/"
    etag = client.get(address)["ETag"]
    again = client.get(address, headers={"if-none-match": etag})
    assert again.status_code == 304 and again["ETag"] == etag
    assert again["Cache-Control"] == "public, no-cache"
    services.post_unpublish(actor=post.author, post=post)
    assert client.get(address, headers={"if-none-match": etag}).status_code == 404


def test_a_draft_image_is_for_the_agency_writers_only(client, agency, other_agency):
    post = make_post(agency, publish_at=None)
    image = add_image(post)
    address = f"/blog/{agency.slug}/{post.slug}/images/{image.pk}/"
    assert client.get(address).status_code == 404
    client.force_login(make_staff(agency, Role.MODERATOR))
    assert client.get(address).status_code == 404
    client.force_login(make_staff(other_agency, Role.EDITOR))
    assert client.get(address).status_code == 404
    client.force_login(make_staff(agency, Role.EDITOR))
    response = client.get(address)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_post_page_in_the_readers_language_with_fallback_marked(client, agency):
    post = make_post(agency, title_en="", body_en="", body_ar="نص **مهم** هنا")
    html = client.get(url(post)).content.decode()
    assert "available in Arabic only" in html
    assert "This text is available in Arabic only." in html
    assert "<strong>مهم</strong>" in html
    assert html.count("<h1") == 1


def _tag(html: str, pattern: str) -> str:
    found = re.search(pattern, html)
    assert found, pattern
    return found.group(1)


def test_sharing_metadata_with_absolute_addresses_and_language_alternates(client, agency):
    post = make_post(agency, summary_en="Short summary for sharing.")
    image = add_image(post)
    Post.objects.filter(pk=post.pk).update(body_en=f"Hello\n\n![x](image:{image.pk})")
    post.refresh_from_db()
    html = client.get(url(post)).content.decode()
    english = f"{SITE}/en/blog/{agency.slug}/{post.slug}/"
    arabic = f"{SITE}/blog/{agency.slug}/{post.slug}/"
    assert f'<link rel="canonical" href="{english}">' in html
    assert f'<link rel="alternate" hreflang="ar" href="{arabic}">' in html
    assert f'<link rel="alternate" hreflang="en" href="{english}">' in html
    assert f'<link rel="alternate" hreflang="x-default" href="{arabic}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert f'<meta property="og:url" content="{english}">' in html
    assert '<meta property="og:title" content="How we measure satisfaction">' in html
    assert '<meta property="og:description" content="Short summary for sharing.">' in html
    assert '<meta property="og:locale" content="en_US">' in html
    assert '<meta property="og:locale:alternate" content="ar_SA">' in html
    image_address = f"{SITE}/blog/{agency.slug}/{post.slug}/images/{image.pk}/"
    assert f'<meta property="og:image" content="{image_address}">' in html
    published = _tag(html, r'<meta property="article:published_time" content="([^"]+)">')
    assert datetime.fromisoformat(published) == post.published_at
    assert '<meta name="twitter:card" content="summary">' in html
    rss = f"{SITE}/en/blog/{agency.slug}/feed.rss"
    atom = f"{SITE}/en/blog/{agency.slug}/feed.atom"
    assert re.search(rf'<link rel="alternate" type="application/rss\+xml" [^>]*href="{rss}">', html)
    assert re.search(
        rf'<link rel="alternate" type="application/atom\+xml" [^>]*href="{atom}">', html
    )

    html = client.get(url(post, prefix="")).content.decode()
    assert f'<link rel="canonical" href="{arabic}">' in html
    assert '<meta property="og:locale" content="ar_SA">' in html
    # No Arabic summary: the description is the start of the text, without its markup.
    assert '<meta property="og:description" content="نص التدوينة بالعربية.">' in html


def test_a_long_text_gives_a_200_character_description(client, agency):
    post = make_post(agency, body_en="**Word** " * 100)
    description = _tag(
        client.get(url(post)).content.decode(),
        r'<meta property="og:description" content="([^"]*)">',
    )
    assert len(description) <= 200 and description.startswith("Word Word")
    assert "*" not in description


# --- Feeds ------------------------------------------------------------------------------------


def test_feeds_parse_and_list_only_published_posts_in_the_feeds_language(
    client, agency, other_agency
):
    author = make_staff(agency, Role.EDITOR, totp=False)
    older = make_post(agency, author=author, title_en="Older post", summary_en="Older summary")
    Post.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=3))
    make_post(agency, author=author, title_en="Newer post", title_ar="تدوينة أحدث")
    make_post(agency, author=author, publish_at=None, title_en="Draft post")
    make_post(
        agency, author=author, publish_at=timezone.now() + timedelta(days=1), title_en="Later"
    )
    make_post(other_agency, title_en="Elsewhere post")

    rss = ET.fromstring(client.get(f"/en/blog/{agency.slug}/feed.rss").content)
    channel = rss.find("channel")
    assert channel.findtext("language") == "en"
    assert channel.findtext("link") == f"{SITE}/en/blog/{agency.slug}/"
    items = channel.findall("item")
    assert [i.findtext("title") for i in items] == ["Newer post", "Older post"]
    assert items[1].findtext("description") == "Older summary"
    assert items[1].findtext("link") == f"{SITE}/en/blog/{agency.slug}/{older.slug}/"
    assert items[0].findtext("pubDate")
    assert items[0].findtext("{http://purl.org/dc/elements/1.1/}creator") == author.full_name

    arabic = ET.fromstring(client.get(f"/blog/{agency.slug}/feed.rss").content).find("channel")
    assert arabic.findtext("language") == "ar"
    assert arabic.find("item").findtext("title") == "تدوينة أحدث"
    assert arabic.find("item").findtext("link").startswith(f"{SITE}/blog/")

    atom = ET.fromstring(client.get("/en/blog/feed.atom").content)
    assert atom.tag == f"{ATOM}feed"
    assert atom.get("{http://www.w3.org/XML/1998/namespace}lang") == "en"
    titles = [e.findtext(f"{ATOM}title") for e in atom.findall(f"{ATOM}entry")]
    assert set(titles[:2]) == {"Newer post", "Elsewhere post"} and titles[2] == "Older post"
    entry = atom.find(f"{ATOM}entry")
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name")
    assert entry.find(f"{ATOM}link").get("href").startswith(f"{SITE}/en/blog/")
    assert client.get("/en/blog/nobody/feed.rss").status_code == 404


def test_feeds_keep_to_twenty_items(client, agency):
    author = make_staff(agency, Role.EDITOR, totp=False)
    for n in range(22):
        make_post(agency, author=author, title_en=f"Post {n}")
    rss = ET.fromstring(client.get("/en/blog/feed.rss").content)
    assert len(rss.find("channel").findall("item")) == 20


# --- Lists and their cost ---------------------------------------------------------------------


def _queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def _more_posts(agency, author, count, categories):
    for n in range(count):
        make_post(agency, author=author, title_en=f"Extra {n}", categories=categories)


def test_public_lists_cost_the_same_whatever_their_length(client, agency, other_agency):
    author = make_staff(agency, Role.EDITOR, totp=False)
    news = BlogCategory.objects.create(agency=agency, slug="news", name_ar="أخبار")
    events = BlogCategory.objects.create(agency=agency, slug="events", name_ar="فعاليات")
    _more_posts(agency, author, 2, [news])
    addresses = ["/en/blog/", f"/en/blog/{agency.slug}/", f"/en/blog/{agency.slug}/?category=news"]
    before = {a: _queries(client, a) for a in addresses}
    _more_posts(agency, author, 8, [news, events])
    make_post(other_agency, title_en="Other agency")
    after = {a: _queries(client, a) for a in addresses}
    assert before == after
    assert "Extra 7" in client.get("/en/blog/").content.decode()


def test_public_lists_paginate_newest_first(client, agency):
    author = make_staff(agency, Role.EDITOR, totp=False)
    for n in range(21):
        post = make_post(agency, author=author, title_en=f"Number {n:02d}")
        Post.objects.filter(pk=post.pk).update(
            published_at=timezone.now() - timedelta(hours=30 - n)
        )
    first = client.get(f"/en/blog/{agency.slug}/").content.decode()
    second = client.get(f"/en/blog/{agency.slug}/?page=2").content.decode()
    assert first.index("Number 20") < first.index("Number 01")
    assert "Number 00" not in first and "Number 00" in second


def test_the_workspace_list_costs_the_same_whatever_its_length(client, agency):
    editor = make_staff(agency, Role.EDITOR)
    news = BlogCategory.objects.create(agency=agency, slug="news", name_ar="أخبار")
    client.force_login(editor)
    make_post(agency, author=editor, categories=[news])
    make_post(agency, author=editor, publish_at=None)
    before = _queries(client, workspace(agency))
    for _n in range(6):
        make_post(agency, author=make_staff(agency, Role.EDITOR), categories=[news])
    make_post(agency, author=editor, publish_at=timezone.now() + timedelta(days=1))
    after = _queries(client, workspace(agency))
    assert before == after
    html = client.get(workspace(agency)).content.decode()
    assert "Draft" in html and "Scheduled" in html and "Published" in html


def test_the_post_page_costs_the_same_whatever_the_number_of_images_and_comments(client, agency):
    post = make_post(agency)
    add_image(post)
    Post.objects.filter(pk=post.pk).update(body_en=f"![x](image:{post.images.get().pk})")
    contribution_submit(actor=UserFactory(), space=space_for(owner=post), body="أول تعليق")
    before = _queries(client, url(post))
    for n in range(4):
        add_image(post)
        contribution_submit(
            actor=UserFactory(), space=space_for(owner=post), body=f"تعليق رقم {n} مختلف"
        )
    assert _queries(client, url(post)) == before


# --- Comments ---------------------------------------------------------------------------------


def test_comments_show_when_open_and_are_absent_when_closed(client, agency):
    post = make_post(agency)
    contribution_submit(actor=UserFactory(), space=space_for(owner=post), body="تعليق القارئ")
    html = client.get(url(post)).content.decode()
    assert 'id="comments"' in html and "تعليق القارئ" in html
    assert "Sign in to comment" in html

    Post.objects.filter(pk=post.pk).update(comments_open=False)
    html = client.get(url(post)).content.decode()
    assert 'id="comments"' not in html and "تعليق القارئ" not in html
    assert "Comments are closed on this post." in html


def test_the_shared_comment_path_refuses_closed_and_unpublished_posts(agency):
    translation.activate("en")
    post = make_post(agency)
    space = space_for(owner=post)
    Post.objects.filter(pk=post.pk).update(comments_open=False)
    with pytest.raises(PermissionDenied, match="closed"):
        contribution_submit(actor=UserFactory(), space=space, body="تعليق على تدوينة مغلقة")
    Post.objects.filter(pk=post.pk).update(comments_open=True, published_at=None)
    with pytest.raises(PermissionDenied, match="not published"):
        contribution_submit(actor=UserFactory(), space=space, body="تعليق على مسودة")
