"""Trust levels, as Discourse's first three: the forum counts the days a member comes and the
posts they read, and promotes them when they reach the thresholds of FORUM_TRUST_LEVELS
(level 1 lifts the new-account limits of forum.limits, level 2 the wait between two posts).
A level is never taken back automatically: a moderator silences or suspends instead."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from forum.models import MemberTrust, PostStatus, Thread, TrustLevel
from labo.notifications.services import notification_send

# The session remembers the day already counted: a member's next requests that day cost
# nothing.
_VISIT_SESSION_KEY = "forum_visit_day"


def level_of(user) -> int:
    """The member's trust level; 0 for a member the forum has not seen yet."""
    level = MemberTrust.objects.filter(user_id=user.pk).values_list("level", flat=True).first()
    return TrustLevel.NEW if level is None else level


def levels_of(user_ids) -> dict[int, int]:
    """{user id: level} for the members a page names (those with no row are at level 0)."""
    return dict(MemberTrust.objects.filter(user_id__in=set(user_ids)).values_list("user", "level"))


def replies_accepted(user) -> int:
    """Threads still published whose chosen solution is one of this member's replies."""
    return Thread.objects.filter(status=PostStatus.PUBLISHED, solution__user=user).count()


def visit_record(*, request) -> None:
    """Count today as a day the signed-in member came, once per day and session."""
    today = timezone.localdate().isoformat()
    if request.session.get(_VISIT_SESSION_KEY) == today:
        return
    request.session[_VISIT_SESSION_KEY] = today
    day = timezone.localdate()
    user = request.user
    counted = MemberTrust.objects.filter(user=user).exclude(last_visit_on=day)
    if not counted.update(days_visited=F("days_visited") + 1, last_visit_on=day):
        MemberTrust.objects.get_or_create(
            user=user, defaults={"days_visited": 1, "last_visit_on": day}
        )
    trust_review(user=user)


def posts_read_record(*, user, count: int) -> None:
    """Add `count` posts this member has just read for the first time (forum.views)."""
    if count <= 0:
        return
    if not MemberTrust.objects.filter(user=user).update(posts_read=F("posts_read") + count):
        MemberTrust.objects.get_or_create(user=user, defaults={"posts_read": count})
    trust_review(user=user)


def _earned(trust: MemberTrust, level: int, accepted) -> bool:
    needed = settings.FORUM_TRUST_LEVELS[level]
    return (
        trust.days_visited >= needed["days_visited"]
        and trust.posts_read >= needed["posts_read"]
        and (needed["replies_accepted"] <= 0 or accepted() >= needed["replies_accepted"])
    )


def trust_review(*, user) -> int:
    """Promote the member to the highest level they have earned (never down), tell them, and
    return their level. Counting accepted replies costs a query only for a candidate."""
    with transaction.atomic():
        trust, _created = MemberTrust.objects.select_for_update().get_or_create(user=user)
        if trust.level >= TrustLevel.REGULAR:
            return trust.level
        accepted_count = None

        def accepted() -> int:
            nonlocal accepted_count
            if accepted_count is None:
                accepted_count = replies_accepted(user)
            return accepted_count

        reached = trust.level
        for level in (TrustLevel.BASIC, TrustLevel.REGULAR):
            if level > reached and _earned(trust, level, accepted):
                reached = level
            elif level > reached:
                break
        if reached == trust.level:
            return trust.level
        trust.level = reached
        trust.promoted_at = timezone.now()
        trust.save(update_fields=["level", "promoted_at"])
        _tell_promotion(user, reached)
        return reached


def _tell_promotion(user, level: int) -> None:
    texts = {
        TrustLevel.BASIC: _(
            "Merci de votre présence sur le forum : les limites des nouveaux comptes sont "
            "levées pour vous. Vous pouvez ouvrir des sujets et répondre sans compter."
        ),
        TrustLevel.REGULAR: _(
            "Vous faites partie des membres confirmé·es du forum : plus d'attente entre deux "
            "messages. Merci pour vos réponses !"
        ),
    }
    notification_send(
        recipients=[user],
        kind="forum.trust",
        title=_("Niveau de confiance : %(level)s") % {"level": TrustLevel(level).label},
        body=texts[level],
        url="/forum/",
    )


def standing_of(member) -> dict:
    """What moderators see of a member: their level, what they have done, what the next level
    asks for."""
    trust = MemberTrust.objects.filter(user=member).first() or MemberTrust(user=member)
    accepted = replies_accepted(member)
    next_level = trust.level + 1 if trust.level < TrustLevel.REGULAR else None
    needs = []
    if next_level is not None:
        needed = settings.FORUM_TRUST_LEVELS[next_level]
        needs = [
            (_("jours de visite"), trust.days_visited, needed["days_visited"]),
            (_("messages lus"), trust.posts_read, needed["posts_read"]),
        ]
        if needed["replies_accepted"]:
            needs.append((_("réponses retenues"), accepted, needed["replies_accepted"]))
    return {
        "trust": trust,
        "level_label": TrustLevel(trust.level).label,
        "replies_accepted": accepted,
        "next_level_label": TrustLevel(next_level).label if next_level is not None else "",
        "needs": needs,
    }
