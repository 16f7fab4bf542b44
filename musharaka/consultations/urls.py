"""Public consultation pages (inside i18n_patterns, at the site root)."""

from django.urls import path  # noqa: F401  (helpers append their paths below)

app_name = "consultations"

urlpatterns: list = []
