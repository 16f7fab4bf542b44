"""Public consultation pages (inside i18n_patterns, at the site root)."""

from django.urls import path

from musharaka.consultations import export_views, review_views, text_views
from musharaka.consultations import views as lifecycle_views

app_name = "consultations"

urlpatterns: list = []

# --- Exports (export_views.py) ---------------------------------------------------------------

urlpatterns += [
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/outcome.pdf",
        export_views.outcome_pdf,
        name="outcome_pdf",
    ),
]

# --- Lifecycle and taking part (views.py) ------------------------------------------------------

urlpatterns += [
    path("consultations/", lifecycle_views.consultation_index, name="index"),
    path(
        "consultations/<slug:agency_slug>/",
        lifecycle_views.agency_consultations,
        name="agency",
    ),
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/",
        lifecycle_views.consultation_detail,
        name="detail",
    ),
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/articles/<uuid:key>/",
        lifecycle_views.article_detail,
        name="article",
    ),
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/comments/",
        lifecycle_views.comment_post,
        name="comment_post",
    ),
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/attachments/<int:attachment>/",
        lifecycle_views.attachment_download,
        name="attachment",
    ),
]

# --- Outcome: "you said, we did" (review_views.py) --------------------------------------------

urlpatterns += [
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/outcome/",
        review_views.outcome,
        name="outcome",
    ),
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/outcome/comments/<str:article>/",
        review_views.outcome_comments,
        name="outcome_comments",
    ),
]

# --- The text: published versions and the word-level diff (text_views.py) ---------------------

urlpatterns += [
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/versions/",
        text_views.versions,
        name="versions",
    ),
    path(
        "consultations/<slug:agency_slug>/<slug:slug>/versions/<int:a>/<int:b>/",
        text_views.diff,
        name="diff",
    ),
]
