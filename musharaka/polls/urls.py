"""Public poll and survey pages (inside i18n_patterns, at the site root)."""

from django.urls import path

from musharaka.polls import results_views, views

app_name = "polls"

urlpatterns = [
    path("polls/", views.poll_index, name="index"),
    path("polls/<slug:agency_slug>/", views.agency_polls, name="agency"),
    # GET: the poll (its intro and the respondent's current page); POST: save that page.
    path("polls/<slug:agency_slug>/<slug:slug>/", views.poll_detail, name="detail"),
    path(
        "polls/<slug:agency_slug>/<slug:slug>/results/", results_views.poll_results, name="results"
    ),
]
