from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles_after_migrate(sender, **kwargs):
    from labo.roles import sync_role_groups

    sync_role_groups()


class CoreConfig(AppConfig):
    name = "labo.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        # Permissions of apps added later exist only after their own migrations ran: re-sync
        # once everything is migrated so the role groups are always complete.
        post_migrate.connect(_sync_roles_after_migrate, sender=self, weak=False,
                             dispatch_uid="labo.core.sync_roles")
