"""/messages/… (private conversations between members)."""

from django.urls import path

from conversations import views

app_name = "conversations"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("nouvelle/", views.start, name="start"),
    path("reglages/", views.settings_view, name="settings"),
    path("bloquer/<int:pk>/", views.block, name="block"),
    path("signalements/", views.reports, name="reports"),
    path("signalements/<int:pk>/classer/", views.report_close, name="report_close"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/quitter/", views.leave, name="leave"),
    path("<int:pk>/signaler/", views.report, name="report"),
]
