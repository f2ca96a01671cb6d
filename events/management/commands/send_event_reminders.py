from django.core.management.base import BaseCommand

from events.emails import event_emails_deliver_pending
from events.services import (
    event_reminders_queue,
    guest_holds_release,
    guest_registrations_forget,
)


class Command(BaseCommand):
    help = (
        "Queue the event reminders that are due (the day before; one hour before online events) "
        "and send every e-mail waiting in the registrants' outbox; give the seats of guests who "
        "did not confirm in time to the waiting list, and anonymise guests' registrations a year "
        "after their event. Run it every 10 minutes."
    )

    def handle(self, *args, **options):
        released = guest_holds_release()
        forgotten = guest_registrations_forget()
        queued = event_reminders_queue()
        sent = event_emails_deliver_pending()
        self.stdout.write(
            f"{queued} rappel(s) préparé(s), {sent} e-mail(s) envoyé(s), {released} place(s) "
            f"réservée(s) libérée(s), {forgotten} inscription(s) sans compte anonymisée(s)."
        )
