from django.urls import path

from musharaka.core import views

app_name = "core"

urlpatterns = [
    path("", views.home, name="home"),
    path("agencies/", views.agency_list, name="agency_list"),
    path("agencies/<slug:slug>/", views.agency_detail, name="agency_detail"),
    path("privacy/", views.static_page, {"page": "privacy"}, name="privacy"),
    path("accessibility/", views.static_page, {"page": "accessibility"}, name="accessibility"),
    path("about/", views.static_page, {"page": "about"}, name="about"),
    path("display/", views.display_settings, name="display"),
    path("feedback/", views.page_feedback, name="feedback"),
    path("healthz", views.healthz, name="healthz"),
]
