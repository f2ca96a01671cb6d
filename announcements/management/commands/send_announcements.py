from django.core.management.base import BaseCommand

from announcements.services import announcements_resume


class Command(BaseCommand):
    help = (
        "Resume the announcements whose sending stopped (a worker that died mid-way): the "
        "batches take only the recipients not reached yet. Run it every few minutes."
    )

    def handle(self, *args, **options):
        resumed = announcements_resume()
        self.stdout.write(f"{resumed} envoi(s) d'annonce repris.")
