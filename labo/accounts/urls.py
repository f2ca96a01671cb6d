from django.urls import path

from labo.accounts import views

app_name = "accounts"

urlpatterns = [
    path("profil/", views.profile_edit, name="profile"),
    path("membres/<int:pk>/", views.profile_detail, name="profile_detail"),
    path("mes-donnees.json", views.personal_data_download, name="personal_data"),
    path("supprimer-mon-compte/", views.account_delete, name="account_delete"),
]
