from django.core.management.base import BaseCommand

from search import outbox, tasks


class Command(BaseCommand):
    help = (
        "Send to Elasticsearch the search index writes still waiting (the outbox): the worker "
        "does it after each change; the scheduler runs this too, so that retries never stop."
    )

    def handle(self, **options):
        sent, refused = tasks.writes_send()
        if options["verbosity"]:
            status = outbox.writes_status()
            self.stdout.write(
                f"Index de recherche : {sent} écritures envoyées, {refused} refusées ; "
                f"{status.get('pending', 0)} en attente, {status.get('failing', 0)} en échec."
            )
        if refused:
            raise SystemExit(1)
