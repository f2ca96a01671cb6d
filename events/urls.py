"""Django routes under /agenda/, served before Wagtail's page tree (see labo/urls.py)."""

from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("agenda.ics", views.agenda_feed, name="feed"),
    path("mes-inscriptions/", views.my_registrations, name="my_registrations"),
    path("proposer/", views.event_propose, name="propose"),
    path(
        "mes-inscriptions/nouvelle-adresse/",
        views.calendar_feed_renew,
        name="calendar_feed_renew",
    ),
    path("mon-agenda/<str:token>.ics", views.personal_feed, name="personal_feed"),
    path("inscription/<str:token>/", views.registration_by_token, name="registration"),
    path(
        "inscription/<str:token>/confirmer/",
        views.registration_confirm,
        name="registration_confirm",
    ),
    path("<slug:slug>/agenda.ics", views.event_ics, name="event_ics"),
    path("<slug:slug>/inscription/", views.register, name="register"),
    path("<slug:slug>/inscription/envoyee/", views.registration_sent, name="registration_sent"),
    path("<slug:slug>/desinscription/", views.cancel, name="cancel"),
    path("<slug:slug>/inscrits/", views.registrants, name="registrants"),
    path("<slug:slug>/inscrits/export.csv", views.registrants_export, name="registrants_export"),
    path("<slug:slug>/inscrits/ajouter/", views.registrant_add, name="registrant_add"),
    path(
        "<slug:slug>/inscrits/<int:pk>/retirer/",
        views.registrant_remove,
        name="registrant_remove",
    ),
    path("<slug:slug>/inscrits/presences/", views.attendance, name="attendance"),
    path("<slug:slug>/inscrits/message/", views.registrants_message, name="registrants_message"),
]
