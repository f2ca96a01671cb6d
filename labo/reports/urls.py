from django.urls import path

from labo.reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_latest, name="latest"),
    path("<int:year>/", views.report_year, name="year"),
    path("periode/", views.report_period, name="period"),
    path("exports/<int:pk>/", views.export_status, name="export"),
    path("exports/<int:pk>/telecharger/", views.export_download, name="export_download"),
]
