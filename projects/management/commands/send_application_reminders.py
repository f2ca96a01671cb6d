from django.core.management.base import BaseCommand

from projects.applications.meeting_services import meeting_reminders_send
from projects.applications.services import application_reminders_send


class Command(BaseCommand):
    help = (
        "Daily reminders: staff referents get their applications with an appointment within "
        "7 days or idle for 30 days; teams get their missing mandatory documents 7 days before "
        "the round closes and 3 days before a document's own deadline; the participants of "
        "tomorrow's meetings get a reminder with the calendar file. Run once a day (the "
        "scheduler service does)."
    )

    def handle(self, *args, **options):
        sent = application_reminders_send()
        meetings = meeting_reminders_send()
        self.stdout.write(
            f"referents={sent['referents']} missing_documents={sent['missing_documents']} "
            f"due_documents={sent['due_documents']} meetings_reminded={meetings}"
        )
