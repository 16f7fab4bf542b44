"""Staff pages for consultations: /workspace/<agency>/consultations/ (``workspace`` namespace)."""

from django.urls import path

from musharaka.consultations import export_views, review_views, text_views
from musharaka.consultations import workspace_views as lifecycle_views

urlpatterns: list = []

# --- Exports (export_views.py) ---------------------------------------------------------------

urlpatterns += [
    path(
        "<int:consultation>/export/matrix.xlsx",
        export_views.consultation_export_xlsx,
        name="consultation_export_xlsx",
    ),
    path(
        "<int:consultation>/export/outcome.pdf",
        export_views.consultation_export_pdf,
        name="consultation_export_pdf",
    ),
]

# --- Lifecycle and consultation pages (workspace_views.py) -----------------------------------

urlpatterns += [
    path("", lifecycle_views.consultation_list, name="consultation_list"),
    path("new/", lifecycle_views.consultation_create, name="consultation_create"),
    path("policy/", lifecycle_views.consultation_policy, name="consultation_policy"),
    path("<int:consultation>/", lifecycle_views.consultation_edit, name="consultation_edit"),
    path(
        "<int:consultation>/lifecycle/<str:step>/",
        lifecycle_views.consultation_step,
        name="consultation_step",
    ),
    path(
        "<int:consultation>/attachments/",
        lifecycle_views.attachment_add,
        name="consultation_attachment_add",
    ),
    path(
        "<int:consultation>/attachments/<int:attachment>/",
        lifecycle_views.attachment_download,
        name="consultation_attachment",
    ),
    path(
        "<int:consultation>/attachments/<int:attachment>/remove/",
        lifecycle_views.attachment_remove,
        name="consultation_attachment_remove",
    ),
]

# --- Review table and publishing the outcome (review_views.py) ------------------------------

urlpatterns += [
    path(
        "<int:consultation>/review/",
        review_views.consultation_review,
        name="consultation_review",
    ),
    path(
        "<int:consultation>/outcome/",
        review_views.consultation_outcome_publish,
        name="consultation_outcome_publish",
    ),
]

# --- The text: import, editing, versions, diff (text_views.py) --------------------------------

urlpatterns += [
    path("<int:consultation>/text/", text_views.consultation_text, name="consultation_text"),
    path(
        "<int:consultation>/text/import/",
        text_views.consultation_import,
        name="consultation_import",
    ),
    path(
        "<int:consultation>/text/copy/",
        text_views.consultation_version_copy,
        name="consultation_version_copy",
    ),
    path(
        "<int:consultation>/text/nodes/<int:node>/",
        text_views.consultation_node_edit,
        name="consultation_node_edit",
    ),
    path(
        "<int:consultation>/text/nodes/<int:node>/remove/",
        text_views.consultation_node_remove,
        name="consultation_node_remove",
    ),
    path(
        "<int:consultation>/text/nodes/<int:node>/move/",
        text_views.consultation_node_move,
        name="consultation_node_move",
    ),
    path(
        "<int:consultation>/text/nodes/<int:node>/move-to/",
        text_views.consultation_node_move_to,
        name="consultation_node_move_to",
    ),
    path(
        "<int:consultation>/text/versions/<int:version>/english/",
        text_views.consultation_import_english,
        name="consultation_import_english",
    ),
    path(
        "<int:consultation>/text/versions/<int:version>/add/",
        text_views.consultation_node_add,
        name="consultation_node_add",
    ),
    path(
        "<int:consultation>/text/versions/<int:version>/renumber/",
        text_views.consultation_articles_renumber,
        name="consultation_articles_renumber",
    ),
    path(
        "<int:consultation>/text/versions/<int:version>/publish/",
        text_views.consultation_version_publish,
        name="consultation_version_publish",
    ),
    path(
        "<int:consultation>/text/diff/<int:a>/<int:b>/",
        text_views.consultation_text_diff,
        name="consultation_text_diff",
    ),
]
