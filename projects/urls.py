from django.urls import path

from projects import application_views, exports, feeds, views

app_name = "projects"

urlpatterns = [
    path("export.csv", exports.projects_csv, name="export_csv"),
    path("export.geojson", exports.projects_geojson, name="export_geojson"),
    path("flux.atom", feeds.AllProjectUpdatesFeed(), name="feed"),
    path("referencer/", views.project_create, name="create"),
    path("communes/", views.commune_suggestions, name="communes"),
    path("invitation/<str:token>/", views.invitation_accept, name="invitation"),
    path("<slug:slug>/modifier/", views.project_edit, name="edit"),
    path("<slug:slug>/apercu/", views.project_preview, name="preview"),
    path("<slug:slug>/confirmer/", views.project_confirm, name="confirm"),
    path("<slug:slug>/equipe/", views.project_team, name="team"),
    path(
        "<slug:slug>/equipe/<int:membership_id>/retirer/",
        views.project_member_remove,
        name="member_remove",
    ),
    path(
        "<slug:slug>/equipe/<int:membership_id>/referent/",
        views.project_referent_handover,
        name="referent_handover",
    ),
    path("<slug:slug>/journal/nouveau/", views.project_update_create, name="update_create"),
    path("<slug:slug>/suivre/", views.project_follow_toggle, name="follow"),
    path("<slug:slug>/contact/", views.project_contact, name="contact"),
    path("<slug:slug>/flux.atom", feeds.ProjectUpdatesFeed(), name="project_feed"),
    path(
        "<slug:slug>/candidater/", application_views.application_create, name="application_create"
    ),
]

application_urlpatterns = (
    [
        path("", application_views.application_list, name="list"),
        path("tableau-de-bord/", application_views.application_dashboard, name="dashboard"),
        path("tableau/<int:round_id>/", application_views.application_board, name="board"),
        path("export.csv", application_views.application_export_csv, name="export_csv"),
        path("export.xlsx", application_views.application_export_xlsx, name="export_xlsx"),
        path("<int:pk>/", application_views.application_detail, name="detail"),
        path("<int:pk>/etape/", application_views.application_move, name="move"),
        path("<int:pk>/message/", application_views.application_message, name="message"),
        path("<int:pk>/note/", application_views.application_note, name="note"),
        path(
            "<int:pk>/documents/",
            application_views.application_document_upload,
            name="document_upload",
        ),
        path(
            "<int:pk>/documents/<int:document_id>/",
            application_views.application_document_download,
            name="document",
        ),
        path(
            "<int:pk>/documents/<int:document_id>/verifier/",
            application_views.application_document_review,
            name="document_review",
        ),
        path("<int:pk>/partage/", application_views.application_share, name="share"),
        path("<int:pk>/suivi/", application_views.application_details, name="details"),
        path(
            "<int:pk>/viure/auto-evaluation/",
            application_views.application_self_assessment,
            name="self_assessment",
        ),
        path(
            "<int:pk>/viure/evaluation/",
            application_views.application_staff_assessment,
            name="staff_assessment",
        ),
        path(
            "<int:pk>/rendez-vous/", application_views.application_appointment, name="appointment"
        ),
    ],
    "applications",
)
