from django.urls import path

from resources import views

app_name = "resources"

urlpatterns = [
    path("flux.atom", views.NewResourcesFeed(), name="feed"),
    path("proposer/", views.resource_propose, name="propose"),
    path("proposer/", views.resource_propose, name="propose"),
    path("<slug:slug>/telecharger/<int:document_id>/", views.resource_download, name="download"),
    path("<slug:slug>/apercu/<int:document_id>.webp", views.resource_preview, name="preview"),
]
