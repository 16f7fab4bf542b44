"""Public pages of the participation pipeline.

Included at the site root inside ``i18n_patterns`` (see ``config/urls.py``), so write full paths
here: ``agencies/<slug>/moderation/``, ``participation/mine/``…
"""

from django.urls import path

from musharaka.participation import public_views
from musharaka.participation import views as comment_views

app_name = "participation"

urlpatterns = [
    # Transparency and rules (moderation side).
    path(
        "agencies/<slug:slug>/moderation/",
        public_views.transparency,
        name="transparency",
    ),
    path("agencies/<slug:slug>/rules/", public_views.agency_rules, name="agency_rules"),
    path(
        "participation/contributions/<int:contribution>/appeal/",
        public_views.appeal,
        name="appeal",
    ),
    # The comments component (threads on channel pages) and the participant's own list.
    path("participation/mine/", comment_views.mine, name="mine"),
    path(
        "participation/spaces/<int:space>/comments/",
        comment_views.comment_submit,
        name="comment_submit",
    ),
    path(
        "participation/contributions/<int:contribution>/edit/",
        comment_views.contribution_edit,
        name="contribution_edit",
    ),
    path(
        "participation/contributions/<int:contribution>/withdraw/",
        comment_views.contribution_withdraw,
        name="contribution_withdraw",
    ),
    path(
        "participation/contributions/<int:contribution>/endorse/",
        comment_views.contribution_endorse,
        name="contribution_endorse",
    ),
    path(
        "participation/contributions/<int:contribution>/report/",
        comment_views.contribution_flag,
        name="contribution_flag",
    ),
]
