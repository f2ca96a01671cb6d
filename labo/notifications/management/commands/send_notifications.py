from django.core.management.base import BaseCommand

from labo.notifications.delivery import notification_emails_retry, queued_emails_retry
from labo.notifications.services import notification_digests_send


class Command(BaseCommand):
    help = (
        "Retry notification and account e-mails that could not be sent and send the daily "
        "digests. "
        "Run it every few minutes (cron or the scheduler service): digests go out at most once "
        "a day per member."
    )

    def handle(self, *args, **options):
        retried = notification_emails_retry()
        account_emails = queued_emails_retry()
        digests = notification_digests_send()
        self.stdout.write(f"retried={retried} account_emails={account_emails} digests={digests}")
