from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _after_migrate(sender, **kwargs):
    from django.apps import apps

    # post_migrate is sent once per app with models, in INSTALLED_APPS order, and each app's
    # permissions are created by its own signal: only the last one sees them all.
    last = [config for config in apps.get_app_configs() if config.models_module][-1]
    if sender.label != last.label:
        return

    from labo.caching.versions import every_version_moved
    from labo.core.layout import layout_refresh
    from labo.core.sites import sync_django_site
    from labo.roles import sync_role_groups

    sync_role_groups()
    sync_django_site()
    # An upgrade runs `migrate`: what was kept under the old templates and code is dropped,
    # and the frame of the pages is built again by this version of the code.
    every_version_moved()
    # Not after a migration back to before the frame's table existed.
    from django.db import connection

    from labo.core.models import SiteLayout

    if SiteLayout._meta.db_table in connection.introspection.table_names():
        layout_refresh()


class CoreConfig(AppConfig):
    name = "labo.core"
    label = "core"
    verbose_name = _("Site")

    def ready(self):
        # Imported here, not at the top: they import models, which exist only once apps load.
        from django.core import checks

        from labo.caching.fragments import register_audience_reader
        from labo.caching.versions import (
            connect_page_cache_signals,
            layout_moved,
            register_private_paths_source,
        )
        from labo.caching.writes import check_every_model_declares, connect_write_signals
        from labo.core.expressions import count_of
        from labo.core.home import home_context
        from labo.core.layout import layout_refresh, private_paths_of
        from labo.core.listing import connect_listing_signals
        from labo.core.menu import PersonalCount, register_personal_count
        from labo.core.models import NavigationSettings, SiteSettings
        from labo.core.moderation import connect_moderation_signals
        from labo.core.page_context import register_page_context
        from labo.core.space import (
            NOTIFICATIONS_SECTION,
            REVIEWS_SECTION,
            register_space_section,
        )
        from labo.notifications.selectors import (
            keep_unread_notification_count,
            kept_unread_notification_count,
            unread_notifications_of,
        )
        from labo.permissions import audience_of
        from labo.prepared import forget_prepared_queries

        connect_moderation_signals()
        connect_listing_signals()
        connect_page_cache_signals(settings_models=(NavigationSettings, SiteSettings))
        # Every other write: what each model declares it moves.
        connect_write_signals()
        layout_moved.connect(layout_refresh, dispatch_uid="labo.core.layout_refresh")
        register_private_paths_source(private_paths_of)
        register_audience_reader(audience_of)
        register_page_context("core.HomePage", home_context)
        register_space_section(NOTIFICATIONS_SECTION)
        register_space_section(REVIEWS_SECTION)

        from labo.core.member_statistics import STATISTICS as member_statistics
        from labo.core.statistics import register_statistic

        for statistic in member_statistics:
            register_statistic(statistic)
        register_personal_count(
            PersonalCount(
                "notifications",
                10,
                kept=kept_unread_notification_count,
                expression=lambda user_id: count_of(unread_notifications_of(user_id)),
                keep=keep_unread_notification_count,
            )
        )
        checks.register(check_every_model_declares)
        # Permissions of apps added later exist only after their own migrations ran: re-sync
        # once everything is migrated so the role groups are always complete. The Django site
        # (named in allauth's e-mails) follows SITE_URL the same way.
        post_migrate.connect(_after_migrate, weak=False, dispatch_uid="labo.core.sync_roles")
        post_migrate.connect(
            forget_prepared_queries, weak=False, dispatch_uid="labo.core.forget_prepared_queries"
        )
