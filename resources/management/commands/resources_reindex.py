from django.core.management.base import BaseCommand

from resources.document_texts import resources_reindex


class Command(BaseCommand):
    help = (
        "Extract again the text of every file attached to a resource, re-index them and draw "
        "their previews again."
    )

    def handle(self, *args, **options):
        resources_reindex(self.stdout if options["verbosity"] else None)
