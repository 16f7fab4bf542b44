from django.urls import include, path

from musharaka.core import workspace_views as views

app_name = "workspace"

urlpatterns = [
    path("", views.workspace_index, name="index"),
    path("<slug:agency>/", views.workspace_home, name="home"),
    path("<slug:agency>/members/", views.members, name="members"),
    path(
        "<slug:agency>/members/<int:membership>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("<slug:agency>/representatives/", views.representatives, name="representatives"),
    path(
        "<slug:agency>/representatives/<int:representation>/decide/",
        views.representative_decide,
        name="representative_decide",
    ),
    path("<slug:agency>/profile/", views.profile, name="profile"),
    path("<slug:agency>/audit/", views.audit, name="audit"),
    # Channels' workspace pages, in this namespace (each takes the ``agency`` argument).
    path("", include("musharaka.announcements.workspace_urls")),
    # Moderation of public contributions (names: workspace:moderation_*).
    path("<slug:agency>/moderation/", include("musharaka.participation.workspace_urls")),
    # Consultations (names: workspace:consultation_*).
    path("<slug:agency>/consultations/", include("musharaka.consultations.workspace_urls")),
    # Polls and surveys (names: workspace:poll_*).
    path("<slug:agency>/polls/", include("musharaka.polls.workspace_urls")),
    # Direct communication (names: workspace:contact_*).
    path("<slug:agency>/contact/", include("musharaka.contact.workspace_urls")),
    # Blog and forums (names: workspace:blog_*, workspace:forum_*).
    path("<slug:agency>/", include("musharaka.forums.workspace_urls")),
]
