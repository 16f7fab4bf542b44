"""Public blog and forum pages (inside i18n_patterns, at the site root)."""

from django.urls import path, register_converter
from django.urls.converters import StringConverter

from musharaka.forums import blog_views, forum_views


class PostSlugConverter(StringConverter):
    """A post's short name: like Django's ``slug`` (letters, digits, ``-``, ``_``) but letters
    of any script, as posts without an English title take theirs from the Arabic one. Every
    ASCII slug still matches."""

    regex = r"[-\w]+"


register_converter(PostSlugConverter, "post_slug")

app_name = "forums"

urlpatterns = [
    # Blogs (blog_views.py)
    path("blog/", blog_views.blog_index, name="blog"),
    path("blog/feed.rss", blog_views.PlatformRssFeed(), name="feed_rss"),
    path("blog/feed.atom", blog_views.PlatformAtomFeed(), name="feed_atom"),
    path("blog/<slug:agency_slug>/", blog_views.agency_blog, name="agency_blog"),
    path("blog/<slug:agency_slug>/feed.rss", blog_views.AgencyRssFeed(), name="agency_feed_rss"),
    path("blog/<slug:agency_slug>/feed.atom", blog_views.AgencyAtomFeed(), name="agency_feed_atom"),
    path("blog/<slug:agency_slug>/<post_slug:slug>/", blog_views.post_detail, name="post"),
    path(
        "blog/<slug:agency_slug>/<post_slug:slug>/images/<int:image>/",
        blog_views.post_image,
        name="post_image",
    ),
    # Forums (forum_views.py)
    path("forums/", forum_views.forum_index, name="index"),
    path("forums/<slug:slug>/", forum_views.forum_detail, name="forum"),
    path("forums/<slug:slug>/new/", forum_views.topic_new, name="topic_new"),
    path("forums/<slug:slug>/<int:topic>/", forum_views.topic_detail, name="topic"),
    path("forums/<slug:slug>/<int:topic>/follow/", forum_views.topic_follow, name="topic_follow"),
    path(
        "forums/<slug:slug>/<int:topic>/moderate/",
        forum_views.topic_moderate,
        name="topic_moderate",
    ),
    path("forums/<slug:slug>/<int:topic>/answer/", forum_views.topic_answer, name="topic_answer"),
    path(
        "forums/<slug:slug>/<int:topic>/to-request/",
        forum_views.topic_to_request,
        name="topic_to_request",
    ),
    path("forums/<slug:slug>/<int:topic>/link/", forum_views.topic_link, name="topic_link"),
]
