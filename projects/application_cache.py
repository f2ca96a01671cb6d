"""The applications version: moved on by any write to the tables an application list shows or
filters on (applications, their events, messages, read marks, shares…), at once and again on
commit, as the content version is for what visitors see (`labo.core.page_cache`).

Applications are never public, so their writes leave the content version alone (their models
are `INVISIBLE_MODELS`); this version keys what is kept of the list instead
(`application_views.ApplicationListPage`): one person's table of applications for a set of
filters, until any application changes, someone reads one with news in it, or who may see
what changes (the access version, `labo.access`, is in the key as well).
"""

from labo.core.page_cache import move_version_on, register_version, scoped_version

APPLICATIONS_VERSION_KEY = "labo:applications-version"
register_version(APPLICATIONS_VERSION_KEY, "applications")
APPLICATION_MODELS = {
    "projects.application",
    "projects.application_shared_with",
    "projects.applicationevent",
    "projects.applicationmessage",
    "projects.applicationreadmark",
    "projects.applicationdocument",
    "projects.applicationnote",
}


def applications_version() -> int:
    return scoped_version(APPLICATIONS_VERSION_KEY, "applications")


def applications_changed() -> None:
    """For writes to those tables without signals (`QuerySet.update()`), now and on commit."""
    move_version_on(APPLICATIONS_VERSION_KEY, "applications")


def _row_changed(sender, **kwargs) -> None:
    if sender._meta.label_lower in APPLICATION_MODELS:
        applications_changed()


def _m2m_changed(sender, action, **kwargs) -> None:
    if action.startswith("post_") and sender._meta.label_lower in APPLICATION_MODELS:
        applications_changed()


def connect_application_signals() -> None:
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_row_changed, dispatch_uid="projects.applications.save")
    post_delete.connect(_row_changed, dispatch_uid="projects.applications.delete")
    m2m_changed.connect(_m2m_changed, dispatch_uid="projects.applications.m2m")
