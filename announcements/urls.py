"""/annonces/… (the team's announcements: archive for members, desk for staff)."""

from django.urls import path

from announcements import views

app_name = "announcements"

urlpatterns = [
    path("", views.archive, name="archive"),
    path("nouvelle/", views.edit, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/modifier/", views.edit, name="edit"),
    path("<int:pk>/envoi/", views.progress, name="progress"),
]
