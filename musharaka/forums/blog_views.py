"""Public blog pages: every agency's posts, one agency's blog (by category), a post with its
images, comments and sharing metadata, and RSS/Atom feeds per agency and for the platform.

Feeds and the page metadata give absolute addresses on ``MUSHARAKA_SITE_URL`` (the platform's
public address), never on the request's Host header.
"""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from musharaka.core.bilingual import localized
from musharaka.core.models import Agency
from musharaka.core.selectors import public_agency
from musharaka.forums import blog_render, blog_selectors
from musharaka.forums.models import Post
from musharaka.participation.selectors import space_for

PAGE_SIZE = 20
OG_LOCALES = {"ar": "ar_SA", "en": "en_US"}


def absolute(path: str) -> str:
    return settings.MUSHARAKA_SITE_URL.rstrip("/") + path


def _in_language(language: str, name: str, *args) -> str:
    with override(language):
        return reverse(name, args=args)


def _language() -> str:
    return (get_language() or settings.LANGUAGE_CODE)[:2]


def _feed_links(agency: Agency | None) -> dict:
    """The feeds of this page (the agency's, or the platform's) in the reader's language."""
    if agency is None:
        return {
            "rss": absolute(reverse("forums:feed_rss")),
            "atom": absolute(reverse("forums:feed_atom")),
            "title": _("Blogs of the agencies on %(platform)s")
            % {"platform": settings.MUSHARAKA_PLATFORM_NAME},
        }
    return {
        "rss": absolute(reverse("forums:agency_feed_rss", args=[agency.slug])),
        "atom": absolute(reverse("forums:agency_feed_atom", args=[agency.slug])),
        "title": _("Blog of %(agency)s") % {"agency": agency.name},
    }


@require_safe
def blog_index(request: HttpRequest) -> HttpResponse:
    page = Paginator(blog_selectors.published_posts(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "forums/blog/index.html",
        {"page": page, "feeds": _feed_links(None)},
    )


@require_safe
def agency_blog(request: HttpRequest, agency_slug: str) -> HttpResponse:
    agency = public_agency(slug=agency_slug)
    categories = list(blog_selectors.agency_categories(agency=agency))
    posts = blog_selectors.published_posts(agency=agency)
    category = None
    wanted = request.GET.get("category")
    if wanted:
        category = next((c for c in categories if c.slug == wanted), None)
        if category is None:
            raise Http404
        posts = posts.filter(categories=category)
    page = Paginator(posts, PAGE_SIZE).get_page(request.GET.get("page"))
    for post in page:
        post.agency = agency
    return render(
        request,
        "forums/blog/agency.html",
        {
            "agency": agency,
            "page": page,
            "categories": categories,
            "category": category,
            "feeds": _feed_links(agency),
        },
    )


def _post_meta(post: Post, images: dict, placed: list[int]) -> dict:
    """Canonical address, language versions, Open Graph and the agency's feeds."""
    language = _language()
    args = (post.agency.slug, post.slug)
    versions = {
        code: absolute(_in_language(code, "forums:post", *args))
        for code, _name in settings.LANGUAGES
    }
    alternates = list(versions.items())
    alternates.append(("x-default", versions[settings.LANGUAGE_CODE]))
    first = next((images[pk] for pk in placed if pk in images), None)
    return {
        "canonical": versions[language],
        "alternates": alternates,
        "title": localized(post, "title").text,
        "description": blog_render.description(post).text,
        "locale": OG_LOCALES.get(language, "ar_SA"),
        "other_locales": [v for k, v in OG_LOCALES.items() if k != language],
        "image": absolute(blog_render.image_url(post, first.pk)) if first else "",
        "image_alt": blog_render.image_alt(first).text if first else "",
        "published": post.published_at.isoformat() if post.published_at else "",
        "feeds": _feed_links(post.agency),
    }


def post_page_context(post: Post, *, preview: bool = False) -> dict:
    """What ``forums/blog/post.html`` shows of a post (also the staff preview)."""
    images = list(post.images.all())
    body = post.local("body")
    rendered = blog_render.render_post_body(post, body.text, images)
    context = {
        "agency": post.agency,
        "post": post,
        "title": post.local("title"),
        "summary": post.local("summary"),
        "body": body,
        "body_html": rendered.html,
        "categories": list(post.categories.all()),
        "related": blog_selectors.related_links(post=post),
        "preview": preview,
        "page_updated": post.updated_at,
    }
    if not preview:
        context["meta"] = _post_meta(post, {i.pk: i for i in images}, rendered.placed)
    return context


@require_safe
def post_detail(request: HttpRequest, agency_slug: str, slug: str) -> HttpResponse:
    agency = public_agency(slug=agency_slug)
    post = blog_selectors.public_post(agency=agency, slug=slug)
    context = post_page_context(post)
    space = space_for(owner=post) if post.comments_open else None
    if space is not None:
        space.agency = agency  # already fetched: the thread needs it
    context["space"] = space
    return render(request, "forums/blog/post.html", context)


@require_safe
def post_image(request: HttpRequest, agency_slug: str, slug: str, image: int) -> HttpResponse:
    """A post's image, shown inline: its type was read from its bytes at upload (PNG or
    JPEG). Public once the post is; before that only to the agency's writers, uncached.

    Public copies are revalidated on every use (``no-cache`` with an ETag, answered by a 304
    after the access check), so an image removed or a post unpublished stops showing at once;
    an upload never changes, so its id is its ETag."""
    found = blog_selectors.post_image(
        agency_slug=agency_slug, slug=slug, pk=image, user=request.user
    )
    public = found.post.is_published
    etag = f'"image-{found.pk}"'
    response = get_conditional_response(request, etag=etag) if public else None
    if response is None:
        try:
            handle = found.file.open("rb")
        except FileNotFoundError:
            raise Http404 from None
        response = FileResponse(handle, content_type=found.content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    if public:
        response["Cache-Control"] = "public, no-cache"
        response["ETag"] = etag
    else:
        response["Cache-Control"] = "private, no-store"
    return response


# --- Feeds ------------------------------------------------------------------------------------


class PlatformRssFeed(Feed):
    """The latest posts of every agency, in the language of the address (/en/… for English):
    the feed's ``language`` is the active one (``Feed`` takes ``get_language()``)."""

    def title(self, obj=None) -> str:
        return _("Blogs of the agencies on %(platform)s") % {
            "platform": settings.MUSHARAKA_PLATFORM_NAME
        }

    def description(self, obj=None) -> str:
        return _("The latest posts of the government agencies' blogs.")

    def link(self, obj=None) -> str:
        return absolute(reverse("forums:blog"))

    def feed_url(self, obj=None) -> str:
        return absolute(reverse("forums:feed_rss"))

    def items(self, obj=None) -> list[Post]:
        return blog_selectors.feed_posts()

    def item_title(self, item: Post) -> str:
        return localized(item, "title").text

    def item_description(self, item: Post) -> str:
        # Feed readers take descriptions as HTML: the plain text is escaped for them.
        return escape(blog_render.description(item).text)

    def item_link(self, item: Post) -> str:
        return absolute(reverse("forums:post", args=[item.agency.slug, item.slug]))

    def item_pubdate(self, item: Post):
        return item.published_at

    def item_updateddate(self, item: Post):
        return max(item.updated_at, item.published_at)

    def item_author_name(self, item: Post) -> str:
        return item.author.full_name or str(item.agency.name)

    def item_categories(self, item: Post) -> list[str]:
        return [str(c.name) for c in item.categories.all()]


class PlatformAtomFeed(PlatformRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj=None) -> str:
        return self.description(obj)

    def feed_url(self, obj=None) -> str:
        return absolute(reverse("forums:feed_atom"))


class AgencyRssFeed(PlatformRssFeed):
    """One agency's latest posts."""

    def get_object(self, request, agency_slug: str) -> Agency:
        return public_agency(slug=agency_slug)

    def title(self, obj: Agency) -> str:
        return _("Blog of %(agency)s") % {"agency": obj.name}

    def description(self, obj: Agency) -> str:
        return _("The latest posts of %(agency)s.") % {"agency": obj.name}

    def link(self, obj: Agency) -> str:
        return absolute(reverse("forums:agency_blog", args=[obj.slug]))

    def feed_url(self, obj: Agency) -> str:
        return absolute(reverse("forums:agency_feed_rss", args=[obj.slug]))

    def items(self, obj: Agency) -> list[Post]:
        return blog_selectors.feed_posts(agency=obj)


class AgencyAtomFeed(AgencyRssFeed):
    feed_type = Atom1Feed

    def subtitle(self, obj: Agency) -> str:
        return self.description(obj)

    def feed_url(self, obj: Agency) -> str:
        return absolute(reverse("forums:agency_feed_atom", args=[obj.slug]))
