"""Staff pages for the agency's blog and forums (names: workspace:blog_*, workspace:forum_*)."""

from django.urls import path

from musharaka.forums import blog_workspace_views as blog
from musharaka.forums import forum_workspace_views as forums

urlpatterns = [
    path("blog/", blog.post_list, name="blog_posts"),
    path("blog/new/", blog.post_create, name="blog_post_create"),
    path("blog/<int:post>/", blog.post_edit, name="blog_post_edit"),
    path("blog/<int:post>/images/", blog.post_image_add, name="blog_post_image_add"),
    path(
        "blog/<int:post>/images/<int:image>/remove/",
        blog.post_image_remove,
        name="blog_post_image_remove",
    ),
    path("blog/<int:post>/publish/", blog.post_publish, name="blog_post_publish"),
    path("blog/<int:post>/preview/", blog.post_preview, name="blog_post_preview"),
    path("blog/categories/", blog.categories, name="blog_categories"),
    path("forums/", forums.forum_list, name="forum_list"),
    path("forums/new/", forums.forum_create, name="forum_create"),
    path("forums/<int:forum>/", forums.forum_edit, name="forum_edit"),
]
