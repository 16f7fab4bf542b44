"""Public poll and survey pages (inside i18n_patterns, at the site root)."""

app_name = "polls"

urlpatterns: list = []
