from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnnouncementsConfig(AppConfig):
    name = "announcements"
    verbose_name = _("Annonces")

    def ready(self):
        # Models are ready only now (app loading).
        from announcements import contributions

        contributions.register()
