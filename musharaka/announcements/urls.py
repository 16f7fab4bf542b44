"""Public news pages; included at the site root inside ``i18n_patterns``."""

from django.urls import path

from musharaka.announcements import views

app_name = "announcements"

urlpatterns = [
    path("agencies/<slug:slug>/news/", views.announcement_list, name="list"),
    path(
        "agencies/<slug:slug>/news/<slug:announcement>/",
        views.announcement_detail,
        name="detail",
    ),
]
