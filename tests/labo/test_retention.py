"""The daily retention job deletes exactly what the privacy notice says is not kept, and
nothing else."""

from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.utils import timezone

from labo.accounts.models import User
from labo.accounts.services import unverified_accounts_purge
from labo.notifications.models import EmailStatus, Notification, QueuedEmail
from labo.notifications.services import read_notifications_purge, sent_emails_purge
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

LONG_AGO = timezone.now() - timedelta(days=40)


def _signed_up(email, *, joined=LONG_AGO, verified=False, **fields):
    user = UserFactory(email=email, verified=False, **fields)
    User.objects.filter(pk=user.pk).update(date_joined=joined)
    EmailAddress.objects.create(user=user, email=email, verified=verified, primary=True)
    return user


def test_only_old_never_confirmed_sign_ups_are_deleted(demo):
    stale = _signed_up("jamais@exemple.fr")
    recent = _signed_up("recent@exemple.fr", joined=timezone.now() - timedelta(days=3))
    confirmed = _signed_up("confirme@exemple.fr", verified=True)
    signed_in = _signed_up("connecte@exemple.fr", last_login=LONG_AGO)
    staff = _signed_up("equipe2@exemple.fr", is_staff=True)
    made_by_the_team = UserFactory(email="cree-par-l-equipe@exemple.fr", verified=False)
    User.objects.filter(pk=made_by_the_team.pk).update(date_joined=LONG_AGO)
    demo_accounts = User.objects.filter(email__endswith="@labo.test").count()

    assert unverified_accounts_purge() == 1
    assert not User.objects.filter(pk=stale.pk).exists()
    kept = [recent, confirmed, signed_in, staff, made_by_the_team]
    assert User.objects.filter(pk__in=[u.pk for u in kept]).count() == len(kept)
    assert User.objects.filter(email__endswith="@labo.test").count() == demo_accounts
    assert unverified_accounts_purge() == 0


def test_read_notifications_go_after_six_months_unread_ones_stay(demo):
    member = demo["membre@labo.test"]
    old = timezone.now() - timedelta(days=200)
    rows = {
        name: Notification.objects.create(recipient=member, kind="test", title=name)
        for name in ("old read", "old unread", "recent read")
    }
    Notification.objects.filter(pk__in=[rows["old read"].pk, rows["old unread"].pk]).update(
        created_at=old
    )
    Notification.objects.filter(pk__in=[rows["old read"].pk, rows["recent read"].pk]).update(
        read_at=timezone.now()
    )
    assert read_notifications_purge() == 1
    left = set(
        Notification.objects.filter(recipient=member, kind="test").values_list("title", flat=True)
    )
    assert left == {"old unread", "recent read"}


def test_the_command_also_clears_expired_sessions(demo, capsys):
    expired, live = SessionStore(), SessionStore()
    expired.create()
    live.create()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - timedelta(days=1)
    )
    _signed_up("oublie@exemple.fr")
    call_command("apply_retention")
    assert not Session.objects.filter(session_key=expired.session_key).exists()
    assert Session.objects.filter(session_key=live.session_key).exists()
    assert not User.objects.filter(email="oublie@exemple.fr").exists()
    assert "1 compte(s) jamais confirmé(s)" in capsys.readouterr().out


def test_sent_account_emails_go_after_thirty_days_unsent_ones_stay(demo):
    old_sent = QueuedEmail.objects.create(
        to="a@exemple.fr", subject="Confirmez", from_email="labo@exemple.fr",
        email_status=EmailStatus.SENT, emailed_at=LONG_AGO,
    )  # fmt: skip
    recent = QueuedEmail.objects.create(
        to="b@exemple.fr", subject="Confirmez", from_email="labo@exemple.fr",
        email_status=EmailStatus.SENT, emailed_at=timezone.now() - timedelta(days=2),
    )  # fmt: skip
    waiting = QueuedEmail.objects.create(
        to="c@exemple.fr", subject="Confirmez", from_email="labo@exemple.fr",
        email_status=EmailStatus.PENDING,
    )  # fmt: skip
    QueuedEmail.objects.filter(pk=waiting.pk).update(created_at=LONG_AGO)
    assert sent_emails_purge() == 1
    assert not QueuedEmail.objects.filter(pk=old_sent.pk).exists()
    assert set(QueuedEmail.objects.filter(pk__in=[recent.pk, waiting.pk]).values_list(
        "pk", flat=True)) == {recent.pk, waiting.pk}  # fmt: skip
