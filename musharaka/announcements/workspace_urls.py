"""Included by ``musharaka/core/workspace_urls.py`` into the ``workspace`` namespace."""

from django.urls import path

from musharaka.announcements import workspace_views as views

urlpatterns = [
    path("<slug:agency>/announcements/", views.announcement_list, name="announcements"),
    path(
        "<slug:agency>/announcements/new/",
        views.announcement_create,
        name="announcement_create",
    ),
    path(
        "<slug:agency>/announcements/<int:announcement>/",
        views.announcement_edit,
        name="announcement_edit",
    ),
    path(
        "<slug:agency>/announcements/<int:announcement>/publish/",
        views.announcement_publish,
        name="announcement_publish",
    ),
]
