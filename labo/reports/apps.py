from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "labo.reports"
    label = "reports"
    verbose_name = _("Rapport d'activité")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The base's own section (the members); the apps add theirs from their ready().
        # Imported here: they read models, which exist only once every app is loaded.
        from labo.core.demo.registry import DemoStep, register_demo_step  # noqa: PLC0415
        from labo.core.space import register_space_section  # noqa: PLC0415
        from labo.reports.demo import demo_narratives  # noqa: PLC0415
        from labo.reports.members import SECTION  # noqa: PLC0415
        from labo.reports.sections import register_report_section  # noqa: PLC0415
        from labo.reports.space import SECTION as space_section  # noqa: PLC0415

        register_report_section(SECTION)
        register_space_section(space_section)
        register_demo_step(DemoStep("report", 70, lambda site: demo_narratives(site.users)))
