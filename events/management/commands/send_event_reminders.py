from django.core.management.base import BaseCommand

from events.emails import event_emails_deliver_pending
from events.services import event_reminders_queue


class Command(BaseCommand):
    help = (
        "Queue the event reminders that are due (the day before; one hour before online events) "
        "and send every e-mail waiting in the registrants' outbox. Run it every 10 minutes."
    )

    def handle(self, *args, **options):
        queued = event_reminders_queue()
        sent = event_emails_deliver_pending()
        self.stdout.write(f"{queued} rappel(s) préparé(s), {sent} e-mail(s) envoyé(s).")
