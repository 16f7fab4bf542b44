"""Public contribution text → safe HTML: a small Markdown subset, then an allow-list cleaner.

Raw HTML typed by a participant is never interpreted (markdown-it escapes it), and whatever
the Markdown produces still goes through nh3 with a short allow-list, so a parser bug cannot
become a script on an agency's page.
"""

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

ALLOWED_TAGS = frozenset(
    {"p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "code", "pre", "a"}
)

# CommonMark without raw HTML; headings stay plain paragraphs (a comment cannot shout over the
# page's own headings), images are not fetched from anywhere and "---" stays visible text.
# Single line breaks are kept, as participants expect from a text box.
_MARKDOWN = MarkdownIt("commonmark", {"html": False, "breaks": True}).disable(
    ["heading", "lheading", "image", "hr"]
)

DIRECTED_TAGS = frozenset({"p", "li", "blockquote"})


def make_cleaner(extra_tags: frozenset[str] = frozenset()) -> nh3.Cleaner:
    """The allow-list cleaner, with ``extra_tags`` (each finding its own direction) for texts
    that may carry more than a comment, such as a blog post's headings."""
    return nh3.Cleaner(
        tags=set(ALLOWED_TAGS | extra_tags),
        attributes={"a": {"href"}, "*": set()},  # "*": no generic lang/title either
        url_schemes={"http", "https", "mailto"},
        url_relative="deny",
        link_rel="nofollow ugc noopener",
        strip_comments=True,
        # Each paragraph finds its own direction: Arabic and English texts sit side by side.
        set_tag_attribute_values={
            tag: {"dir": "auto"} for tag in sorted(DIRECTED_TAGS | extra_tags)
        },
    )


_CLEANER = make_cleaner()


def clean_html(html: str) -> str:
    """Keep only the allowed tags, safe link targets and ``dir="auto"``; drop the rest."""
    return _CLEANER.clean(html)


def render_body(text: str) -> SafeString:
    """Render a contribution's text for display: restricted Markdown, cleaned, in a
    ``dir="auto"`` wrapper."""
    html = clean_html(_MARKDOWN.render(text))
    return mark_safe(f'<div dir="auto" class="contribution-body">{html}</div>')
