"""Moderation pages of the staff workspace, included by ``musharaka.core.workspace_urls`` under
``<slug:agency>/moderation/``; the names live in the ``workspace`` namespace."""

from django.urls import path

from musharaka.participation import workspace_views as views

urlpatterns = [
    path("", views.queue, name="moderation_queue"),
    path("bulk/", views.bulk, name="moderation_bulk"),
    path("<int:contribution>/", views.item, name="moderation_item"),
    path("<int:contribution>/decide/", views.decide, name="moderation_decide"),
    path("<int:contribution>/redact/", views.redact, name="moderation_redact"),
    path("<int:contribution>/original/", views.original, name="moderation_original"),
    path("<int:contribution>/warn/", views.warn, name="moderation_warn"),
    path("<int:contribution>/suspend/", views.suspend, name="moderation_suspend"),
    path("<int:contribution>/appeal/", views.appeal_decide, name="moderation_appeal_decide"),
    path("suspensions/", views.suspensions, name="moderation_suspensions"),
    path(
        "suspensions/<int:suspension>/lift/",
        views.suspension_lift,
        name="moderation_suspension_lift",
    ),
    path("words/", views.words, name="moderation_words"),
    path("words/<int:abuse_term>/remove/", views.word_remove, name="moderation_word_remove"),
    path("settings/", views.settings_view, name="moderation_settings"),
    path("spaces/<int:space>/mode/", views.space_mode, name="moderation_space_mode"),
    path("rules/", views.rules_view, name="moderation_rules"),
]
