"""The applications' sections of « Mon espace » (labo.core.space): a carrier's applications
with their stage, next appointment, deadline and unread messages; those a partner's
organisation was given to follow; and, for the CRESS team, those waiting for them."""

from django.db.models import Case, Exists, OuterRef, Q, When
from django.utils.translation import gettext_lazy as _

from labo.core.space import SpaceSection
from labo.permissions import is_partner, is_staff_member
from projects.applications.selectors import unread_messages, with_programme_tables
from projects.models import Application, ApplicationDocument, DocumentReview

SHOWN = 20


def _listed(queryset, user) -> list:
    return with_programme_tables(
        queryset.select_related("project", "project__commune")
        .annotate(has_unread=unread_messages(user))
        .order_by("-last_activity_at")[:SHOWN]
    )


def my_applications(user) -> dict | None:
    applications = _listed(Application.objects.filter(project__memberships__user=user), user)
    if not applications:
        return None
    unread = sum(1 for application in applications if application.has_unread)
    return {"applications": applications, "count": len(applications), "unread": unread}


def shared_applications(user) -> dict | None:
    if not is_partner(user):
        return None
    applications = _listed(
        Application.objects.filter(shared_with__memberships__user=user).distinct(), user
    )
    return {"applications": applications, "count": len(applications)}


def applications_to_handle(user) -> dict | None:
    """Open applications that wait for the team: a message not yet read by this person, or a
    document to check; this person's own first (they are their referent)."""
    if not is_staff_member(user):
        return None
    documents_to_check = ApplicationDocument.objects.filter(
        application=OuterRef("pk"), review=DocumentReview.PENDING
    )
    waiting = (
        Application.objects.filter(closed_at__isnull=True)
        .annotate(has_unread=unread_messages(user), to_check=Exists(documents_to_check))
        .filter(Q(has_unread=True) | Q(to_check=True))
    )
    applications = with_programme_tables(
        waiting.select_related("project", "project__commune", "cress_referent")
        # Those this person is the referent of first, then the longest waiting.
        .annotate(mine=Case(When(cress_referent=user, then=0), default=1))
        .order_by("mine", "last_activity_at")[: SHOWN + 1]
    )
    # Counted apart only when there are more than are shown.
    count = len(applications) if len(applications) <= SHOWN else waiting.count()
    applications = applications[:SHOWN]
    return {"applications": applications, "count": count, "shown": len(applications)}


SECTIONS = [
    SpaceSection(
        name="mes-candidatures",
        order=20,
        title=_("Mes candidatures"),
        context=my_applications,
        template="applications/space/my_applications.html",
        count_key="count",
    ),
    SpaceSection(
        name="candidatures-partagees",
        order=25,
        title=_("Candidatures partagées avec mon organisation"),
        context=shared_applications,
        template="applications/space/shared_applications.html",
        count_key="count",
    ),
    SpaceSection(
        name="candidatures-a-traiter",
        order=26,
        title=_("Candidatures qui attendent l'équipe"),
        context=applications_to_handle,
        template="applications/space/to_handle.html",
        count_key="count",
    ),
]
