"""A blog post's text → safe HTML: the participation app's restricted Markdown and cleaner
(``participation.render``), plus the post's own uploaded images.

``![description](image:N)`` is the only image that renders: the Markdown image rule turns it
into a private placeholder, the HTML then goes through the shared nh3 allow-list (which knows
no ``img``), and only afterwards are the placeholders replaced by ``<img>`` tags built here from
the post's ``PostImage`` rows (our address, its alt text in the reader's language). Any other
image source renders as nothing, so a post can never load a picture from elsewhere.

Unlike comments, a post's text may have headings (``#`` … ``####``, not the underlined kind, so
a line of ``---`` stays text). The page's ``<h1>`` is the post's title, so ``#`` and ``##``
become ``<h2>``, ``###`` ``<h3>`` and deeper ``<h4>``; a heading never goes more than one level
below the one before it (nor the title), so the page's heading order stays valid. The blog's
cleaner is the shared one (``participation.render.make_cleaner``) with ``h2``–``h4`` added;
the headings' ``id`` attributes are added only after cleaning, made here from their text.
"""

import re
from dataclasses import dataclass
from html import unescape

from django.urls import reverse
from django.utils.html import format_html, strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator, slugify
from django.utils.translation import override
from markdown_it import MarkdownIt
from markdown_it.rules_core import StateCore
from markdown_it.token import Token

from musharaka.core.bilingual import LocalText, localized
from musharaka.forums.models import Post, PostImage
from musharaka.participation.render import make_cleaner

# Private-use characters mark where an image goes; typed ones are removed from the text first.
_OPEN, _CLOSE = "\ue000", "\ue001"
_PLACEHOLDER = re.compile(f"{_OPEN}(\\d+){_CLOSE}")
_SOURCE = re.compile(r"image:(\d+)")
_SPACES = re.compile(r"\s+")
DESCRIPTION_CHARS = 200

# The subset of participation.render (no raw HTML, no rules) with images and "#" headings on.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(["lheading", "hr"])

HEADING_TAGS = frozenset({"h2", "h3", "h4"})
# The shared cleaner (participation.render), with the headings a post may have.
_CLEANER = make_cleaner(HEADING_TAGS)
# A heading as the cleaner leaves it: the only attribute is the one it sets.
_CLEAN_HEADING = re.compile(r'<(h[234]) dir="auto">(.*?)</\1>', re.DOTALL)


def clean_html(html: str) -> str:
    return _CLEANER.clean(html)


def _heading_level(markup: str, previous: int) -> int:
    """``#``/``##`` → 2, ``###`` → 3, deeper → 4, but at most one below the previous heading."""
    wanted = min(max(len(markup), 2), 4)
    return min(wanted, previous + 1)


def _shift_headings(state: StateCore) -> None:
    previous = 1  # the post's title
    for token in state.tokens:
        if token.type == "heading_open":
            previous = _heading_level(token.markup, previous)
            token.tag = f"h{previous}"
        elif token.type == "heading_close":
            token.tag = f"h{previous}"


_MARKDOWN.core.ruler.push("blog_heading_levels", _shift_headings)


def _image_rule(self, tokens, idx, options, env) -> str:
    match = _SOURCE.fullmatch(tokens[idx].attrGet("src") or "")
    if match and int(match[1]) in env.get("images", {}):
        env.setdefault("placed", []).append(int(match[1]))
        return f"{_OPEN}{match[1]}{_CLOSE}"
    return ""


_MARKDOWN.add_render_rule("image", _image_rule)


def _image_tokens(tokens: list[Token]):
    for token in tokens:
        if token.type == "image":
            yield token
        if token.children:
            yield from _image_tokens(token.children)


def text_images(text: str) -> list[tuple[str, str]]:
    """Every image of the text as the renderer reads it (``(description, source)``), whatever
    way it is written: inline ``![d](image:N)`` or by reference ``![d][r]`` … ``[r]: image:N``."""
    return [(t.content, t.attrGet("src") or "") for t in _image_tokens(_MARKDOWN.parse(text or ""))]


def placed_images(text: str) -> set[int]:
    """The numbers of the uploaded images the text places (``image:N``)."""
    return {
        int(match[1])
        for _alt, source in text_images(text)
        if (match := _SOURCE.fullmatch(source)) is not None
    }


def _heading_ids(html: str) -> str:
    """An ``id`` for each heading, from its text (``section-…``, unique in the text), so a
    long post's sections can be linked to. Added after cleaning: the text cannot set one."""
    seen: set[str] = set()

    def add_id(match: re.Match) -> str:
        words = slugify(unescape(strip_tags(match[2])), allow_unicode=True)[:60].rstrip("-")
        base = f"section-{words}" if words else "section"
        anchor, n = base, 1
        while anchor in seen:
            n += 1
            anchor = f"{base}-{n}"
        seen.add(anchor)
        return f'<{match[1]} dir="auto" id="{anchor}">{match[2]}</{match[1]}>'

    return _CLEAN_HEADING.sub(add_id, html)


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
    html = _heading_ids(clean_html(_MARKDOWN.render(source, env)))
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
