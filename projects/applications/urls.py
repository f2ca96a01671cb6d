"""The applications' pages, under /candidatures/ (namespace « applications »)."""

from django.urls import path

from projects.applications import (
    decision_views,
    form_views,
    meeting_views,
    review_views,
    views,
)

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("tableau-de-bord/", views.application_dashboard, name="dashboard"),
    path("tableau/<int:round_id>/", views.application_board, name="board"),
    path("export.csv", views.application_export_csv, name="export_csv"),
    path("export.xlsx", views.application_export_xlsx, name="export_xlsx"),
    path("<int:pk>/", views.application_detail, name="detail"),
    path("<int:pk>/etape/", views.application_move, name="move"),
    path("<int:pk>/message/", views.application_message, name="message"),
    path("<int:pk>/note/", views.application_note, name="note"),
    path(
        "<int:pk>/documents/",
        views.application_document_upload,
        name="document_upload",
    ),
    path(
        "<int:pk>/documents/<int:document_id>/",
        views.application_document_download,
        name="document",
    ),
    path(
        "<int:pk>/documents/<int:document_id>/verifier/",
        views.application_document_review,
        name="document_review",
    ),
    path("<int:pk>/partage/", views.application_share, name="share"),
    path("<int:pk>/suivi/", views.application_details, name="details"),
    path(
        "<int:pk>/viure/auto-evaluation/",
        views.application_self_assessment,
        name="self_assessment",
    ),
    path(
        "<int:pk>/viure/evaluation/",
        views.application_staff_assessment,
        name="staff_assessment",
    ),
    path("<int:pk>/rendez-vous/", meeting_views.application_meeting_new, name="meeting_new"),
    path(
        "<int:pk>/rendez-vous/<int:meeting_id>/",
        meeting_views.application_meeting,
        name="meeting",
    ),
    path(
        "<int:pk>/rendez-vous/<int:meeting_id>/annuler/",
        meeting_views.application_meeting_cancel,
        name="meeting_cancel",
    ),
    path(
        "<int:pk>/rendez-vous/<int:meeting_id>/compte-rendu/",
        meeting_views.application_meeting_minutes,
        name="meeting_minutes",
    ),
    path(
        "<int:pk>/rendez-vous/<int:meeting_id>/invitation.ics",
        meeting_views.application_meeting_ics,
        name="meeting_ics",
    ),
    path("<int:pk>/avis/", views.application_opinion, name="opinion"),
    path("<int:pk>/decision/", decision_views.application_decision, name="decision"),
    path("<int:pk>/evaluations/", review_views.application_reviews, name="reviews"),
    path(
        "<int:pk>/evaluations/confier/",
        review_views.application_reviewer_assign,
        name="reviewer_assign",
    ),
    path(
        "<int:pk>/evaluations/<int:review_id>/retirer/",
        review_views.application_reviewer_remove,
        name="reviewer_remove",
    ),
    path("<int:pk>/formulaire/", form_views.application_form, name="form"),
    path("<int:pk>/formulaire/<int:form_id>/", form_views.application_form, name="form_of"),
    path(
        "<int:pk>/formulaire/<int:form_id>/revision/",
        form_views.application_form_revision,
        name="form_revision",
    ),
    path(
        "<int:pk>/formulaire/<int:form_id>/versions/",
        form_views.application_form_versions,
        name="form_versions",
    ),
]
