from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from labo.accounts.services import unverified_accounts_purge
from labo.notifications.services import read_notifications_purge, sent_emails_purge


class Command(BaseCommand):
    help = (
        "Delete what the privacy notice says is not kept: accounts whose address was never "
        "confirmed after 30 days, read notifications after six months, account e-mails 30 "
        "days after they left, expired sessions. "
        "Run it once a day (guests' event registrations are handled by send_event_reminders)."
    )

    def handle(self, *args, **options):
        accounts = unverified_accounts_purge()
        notifications = read_notifications_purge()
        emails = sent_emails_purge()
        sessions, _by_model = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        self.stdout.write(
            f"{accounts} compte(s) jamais confirmé(s), {notifications} notification(s) lue(s), "
            f"{emails} e-mail(s) de compte envoyé(s), {sessions} session(s) expirée(s) "
            "supprimé(s)."
        )
