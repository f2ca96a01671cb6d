"""The platform's roles, defined once.

Visitor, member, carrier and partner come from facts about a person (signed in, member of a
project team, member of a partner organisation); moderator and staff are Django groups whose
permissions are kept in sync with ROLE_GROUPS by a data migration and after every `migrate`.
Admins are superusers. Carriers and partners never use the Wagtail admin: they act through
front-end views guarded by each app's permissions module.
"""

import logging
from enum import StrEnum

from django.apps import apps as global_apps
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)


class Role(StrEnum):
    VISITOR = "visitor"
    MEMBER = "member"
    CARRIER = "carrier"
    PARTNER = "partner"
    MODERATOR = "moderator"
    STAFF = "staff"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.VISITOR: _("Visiteur"),
    Role.MEMBER: _("Membre"),
    Role.CARRIER: _("Porteur de projet"),
    Role.PARTNER: _("Partenaire"),
    Role.MODERATOR: _("Modération"),
    Role.STAFF: _("Équipe CRESS"),
    Role.ADMIN: _("Administration"),
}

STAFF_GROUP = "Équipe CRESS"
MODERATOR_GROUP = "Modération du forum"

# Wagtail creates these two groups in its own migrations; our roles replace them, and a group
# nobody maintains is a group that silently grants rights.
WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")

PAGE_PERMISSIONS = (
    "add_page",
    "change_page",
    "publish_page",
    "bulk_delete_page",
    "lock_page",
    "unlock_page",
)
COLLECTION_PERMISSIONS = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtailimages.delete_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
    "wagtaildocs.delete_document",
)

# Model permissions ("app_label.codename") per group. A permission of an app that is not
# migrated yet is skipped and picked up by the post-migrate sync.
ROLE_GROUPS = {
    STAFF_GROUP: {
        "model_permissions": (
            "wagtailadmin.access_admin",
            "wagtailcore.add_collection",
            "wagtailcore.change_collection",
            "wagtailcore.view_collection",
            "wagtailredirects.add_redirect",
            "wagtailredirects.change_redirect",
            "wagtailredirects.delete_redirect",
            "wagtailsearchpromotions.add_query",
            "wagtailsearchpromotions.change_query",
            "wagtailsearchpromotions.delete_query",
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
            "core.change_sitesettings",
            "core.change_navigationsettings",
            "accounts.add_partnerorganisation",
            "accounts.change_partnerorganisation",
            "accounts.delete_partnerorganisation",
            "accounts.view_partnerorganisation",
            "accounts.view_user",
            "django_comments.can_moderate",
            "projects.add_habitatkind",
            "projects.change_habitatkind",
            "projects.delete_habitatkind",
            "projects.view_projectmembership",
            "projects.change_projectmembership",
            "projects.add_projectmembership",
            "projects.delete_projectmembership",
            "projects.add_programme",
            "projects.change_programme",
            "projects.view_programme",
            "projects.add_round",
            "projects.change_round",
            "projects.view_round",
            "projects.add_stagetransition",
            "projects.change_stagetransition",
            "projects.delete_stagetransition",
            "projects.view_stagetransition",
        ),
        "page_permissions": PAGE_PERMISSIONS,
        "collection_permissions": COLLECTION_PERMISSIONS,
    },
    MODERATOR_GROUP: {
        "model_permissions": ("django_comments.can_moderate",),
        "page_permissions": (),
        "collection_permissions": (),
    },
}


def sync_role_groups(apps=None) -> None:
    """Create the role groups and give them exactly the permissions of ROLE_GROUPS.

    Called by the data migration (with historical models) and after every `migrate`, so the
    database, the tests and production always hold the same roles.
    """
    if apps is None:
        apps = global_apps
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    def permission(dotted):
        app_label, codename = dotted.split(".")
        return Permission.objects.filter(
            content_type__app_label=app_label, codename=codename
        ).first()

    Group.objects.filter(name__in=WAGTAIL_DEFAULT_GROUPS).delete()
    root_page = Page.objects.filter(depth=1).first()
    root_collection = Collection.objects.filter(depth=1).first()

    for name, spec in ROLE_GROUPS.items():
        group, _created = Group.objects.get_or_create(name=name)
        wanted = [p for p in map(permission, spec["model_permissions"]) if p is not None]
        group.permissions.set(wanted)

        GroupPagePermission.objects.filter(group=group).exclude(
            permission__codename__in=spec["page_permissions"]
        ).delete()
        if root_page is not None:
            for codename in spec["page_permissions"]:
                perm = permission(f"wagtailcore.{codename}")
                if perm is not None:
                    GroupPagePermission.objects.get_or_create(
                        group=group, page=root_page, permission=perm
                    )

        wanted_collection = [
            p for p in map(permission, spec["collection_permissions"]) if p is not None
        ]
        GroupCollectionPermission.objects.filter(group=group).exclude(
            permission__in=wanted_collection
        ).delete()
        if root_collection is not None:
            for perm in wanted_collection:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=perm
                )
