from django.urls import path

from projects import views

app_name = "applications"

urlpatterns = [
    path("", views.application_list, name="list"),
    path("tableau-de-bord/", views.application_dashboard, name="dashboard"),
]
