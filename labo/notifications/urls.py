from django.urls import path

from labo.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("apercu/", views.notification_preview, name="preview"),
    path("<int:pk>/ouvrir/", views.notification_open, name="open"),
    path("tout-lire/", views.notifications_mark_all_read, name="mark_all_read"),
    path("desabonnement/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
