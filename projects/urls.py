from django.urls import path

from projects import exports, feeds, views
from projects.applications import views as application_views

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
