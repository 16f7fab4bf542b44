"""A blog post's text → safe HTML: the participation app's restricted Markdown and cleaner
(``participation.render``), plus the post's own uploaded images.

``![description](image:N)`` is the only image that renders: the Markdown image rule turns it
into a private placeholder, the HTML then goes through the shared nh3 allow-list (which knows
no ``img``), and only afterwards are the placeholders replaced by ``<img>`` tags built here from
the post's ``PostImage`` rows (our address, its alt text in the reader's language). Any other
image source renders as nothing, so a post can never load a picture from elsewhere.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import override
from markdown_it import MarkdownIt

from musharaka.core.bilingual import LocalText, localized
from musharaka.forums.models import Post, PostImage
from musharaka.participation.render import clean_html

# Private-use characters mark where an image goes; typed ones are removed from the text first.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_SOURCE = re.compile(r"image:(\d+)")
_SPACES = re.compile(r"\s+")
DESCRIPTION_CHARS = 200

# The same subset as participation.render (no raw HTML, no headings, no rules), images on.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    ["heading", "lheading", "hr"]
)


def _image_rule(self, tokens, idx, options, env) -> str:
    match = _SOURCE.fullmatch(tokens[idx].attrGet("src") or "")
    if match and int(match[1]) in env.get("images", {}):
        env.setdefault("placed", []).append(int(match[1]))
        return f"{_OPEN}{match[1]}{_CLOSE}"
    return ""


_MARKDOWN.add_render_rule("image", _image_rule)


def image_url(post: Post, image_pk: int) -> str:
    """The image's address (one per image, whatever the reader's language: caches share it)."""
    with override("ar"):
        return reverse("forums:post_image", args=[post.agency.slug, post.slug, image_pk])


def image_alt(image: PostImage) -> LocalText:
    return localized(image, "alt")


def _img_tag(post: Post, image: PostImage) -> str:
    alt = image_alt(image)
    return format_html(
        '<img src="{}" alt="{}" loading="lazy" class="img-fluid post-image"{}>',
        image_url(post, image.pk),
        alt.text,
        mark_safe(' lang="ar"') if alt.fallback else "",
    )


@dataclass(frozen=True)
class RenderedBody:
    html: SafeString
    placed: list[int]  # the image numbers shown, in order


def render_post_body(post: Post, text: str, images: list[PostImage]) -> RenderedBody:
    """The text rendered and cleaned, with this post's images (and no other) in place."""
    by_pk = {image.pk: image for image in images}
    env: dict = {"images": by_pk}
    source = (text or "").replace(_OPEN, "").replace(_CLOSE, "")
    html = clean_html(_MARKDOWN.render(source, env))
    html = _PLACEHOLDER.sub(
        lambda m: _img_tag(post, by_pk[int(m[1])]) if int(m[1]) in by_pk else "", html
    )
    return RenderedBody(
        html=mark_safe(f'<div dir="auto" class="post-body">{html}</div>'),
        placed=env.get("placed", []),
    )


def plain_text(text: str, limit: int = DESCRIPTION_CHARS) -> str:
    """The text without its markup or images, for descriptions in feeds and link previews."""
    source = (text or "").replace(_OPEN, "").replace(_CLOSE, "")
    html = clean_html(_MARKDOWN.render(source, {"images": {}}))
    words = _SPACES.sub(" ", unescape(strip_tags(html))).strip()
    return Truncator(words).chars(limit)


def description(post: Post, language: str | None = None) -> LocalText:
    """The post's summary in the language, else the start of its text."""
    summary = localized(post, "summary", language)
    if summary.text.strip():
        return summary
    body = localized(post, "body", language)
    return LocalText(plain_text(body.text), body.lang, body.fallback)
