from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

from labo.core.admin_menu import StaffMenuItem


@hooks.register("register_reports_menu_item")
def register_activity_report():
    return StaffMenuItem(
        _("Rapport d'activité du Labo"), reverse("reports:latest"), icon_name="doc-full", order=50
    )
