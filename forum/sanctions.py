"""Moderators silence a member (they read and flag, but post nothing) or suspend them (they
cannot sign in) for a chosen period, with a reason. The member is told by e-mail, whatever
their notification settings; every step is in the moderation log; the sanction ends by
itself at its date (the checks read the date: labo.permissions.is_silenced, is_suspended),
and `sanctions_lift_expired`, run by the scheduler, records the end and tells the member."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q, TextChoices
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forum.models import ModerationAction, ModerationActionKind
from labo.addresses import absolute_url
from labo.notifications.services import email_queue


class SanctionKind(TextChoices):
    SILENCE = "silence", gettext_lazy("Réduire au silence (ne peut plus publier)")
    SUSPEND = "suspension", gettext_lazy("Suspendre le compte (ne peut plus se connecter)")


# The periods a moderator chooses from, in days.
DURATIONS = (1, 3, 7, 14, 30, 90)

_FIELD = {SanctionKind.SILENCE: "silenced_until", SanctionKind.SUSPEND: "suspended_until"}
_LOGGED = {SanctionKind.SILENCE: ModerationActionKind.SILENCE,
           SanctionKind.SUSPEND: ModerationActionKind.SUSPEND}  # fmt: skip
_LIFT_LOGGED = {SanctionKind.SILENCE: ModerationActionKind.LIFT_SILENCE,
                SanctionKind.SUSPEND: ModerationActionKind.LIFT_SUSPENSION}  # fmt: skip


def member_sanction(*, member, by, kind: str, days: int, reason: str) -> None:
    """Silence or suspend `member` for `days` from now (a new sanction replaces a running one of
    the same kind). The caller has checked forum.permissions.can_sanction."""
    kind = SanctionKind(kind)
    ends_at = timezone.now() + timedelta(days=days)
    with transaction.atomic():
        setattr(member, _FIELD[kind], ends_at)
        member.save(update_fields=[_FIELD[kind]])
        ModerationAction.objects.create(
            actor=by, action=_LOGGED[kind], member=member, ends_at=ends_at, reason=reason[:500]
        )
        _tell(member, kind=kind, ends_at=ends_at, reason=reason)


def member_sanction_lift(*, member, by, kind: str, reason: str = "") -> bool:
    """End a running sanction now (`by`: the moderator, or None when its time is up). False
    when there was none to end."""
    kind = SanctionKind(kind)
    field = _FIELD[kind]
    with transaction.atomic():
        type(member).objects.select_for_update().filter(pk=member.pk).values_list("pk").first()
        member.refresh_from_db(fields=[field])
        if getattr(member, field) is None:
            return False
        setattr(member, field, None)
        member.save(update_fields=[field])
        ModerationAction.objects.create(
            actor=by, action=_LIFT_LOGGED[kind], member=member, reason=reason[:500]
        )
        _tell(member, kind=kind, ends_at=None, reason=reason)
    return True


def sanctions_lift_expired(*, now=None) -> int:
    """Record the end of every sanction whose time is up, and tell each member. Returns how
    many ended."""
    now = now or timezone.now()
    users = get_user_model().objects
    ended = 0
    for kind, field in _FIELD.items():
        for member in users.filter(**{f"{field}__lte": now}):
            ended += member_sanction_lift(
                member=member, by=None, kind=kind, reason=_("Fin de la période choisie.")
            )
    return ended


def _tell(member, *, kind: str, ends_at, reason: str) -> None:
    """An e-mail through the account outbox: it leaves even if the member turned
    notifications off, and a mail server outage delays it instead of losing it."""
    if ends_at is None:
        subject = (
            _("Vous pouvez de nouveau publier sur le forum")
            if kind == SanctionKind.SILENCE
            else _("Votre compte est de nouveau ouvert")
        )
    else:
        subject = (
            _("Vous ne pouvez plus publier sur le forum pour le moment")
            if kind == SanctionKind.SILENCE
            else _("Votre compte est suspendu")
        )
    context = {
        "member": member,
        "kind": kind,
        "ends_at": timezone.localtime(ends_at) if ends_at else None,
        "reason": reason,
        "forum_url": absolute_url("/forum/"),
        "site_name": settings.WAGTAIL_SITE_NAME,
    }
    email_queue(
        EmailMultiAlternatives(
            subject=f"{settings.EMAIL_SUBJECT_PREFIX}{subject}",
            body=render_to_string("forum/email/sanction.txt", context),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[member.email],
        )
    )


def sanctioned_members(*, now=None):
    """The members silenced or suspended right now, the soonest to end first."""
    now = now or timezone.now()
    return (
        get_user_model()
        .objects.filter(Q(silenced_until__gt=now) | Q(suspended_until__gt=now))
        .order_by("display_name")
    )


def member_history(member):
    """The moderation log's entries about this member: sanctions and their ends."""
    return ModerationAction.objects.filter(member=member).select_related("actor")[:50]
