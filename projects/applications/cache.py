"""The applications version: moved on by any write to the tables an application list shows or
filters on (applications, their events, messages, read marks, shares…), at once and again on
commit, as the content version is for what visitors see (`labo.core.page_cache`).

Applications are never public, so their writes leave the content version alone (their models
are `INVISIBLE_MODELS`); this version keys what is kept of the list instead
(`application_views.ApplicationListPage`): one person's table of applications for a set of
filters, until any application changes, someone reads one with news in it, or who may see
what changes (the access version, `labo.access`, is in the key as well).
"""

from labo.core.page_cache import move_on_writes_to, move_version_on, scoped_version

APPLICATIONS_VERSION_KEY = "labo:applications-version"
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


def connect_application_signals() -> None:
    move_on_writes_to(APPLICATION_MODELS, APPLICATIONS_VERSION_KEY, "applications")
