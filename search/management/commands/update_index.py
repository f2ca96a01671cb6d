from django.core.management.base import CommandError
from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search.engines.base import IndexRebuildFailed
from search.indexing import index_rebuild


class Command(WagtailUpdateIndex):
    help = (
        "Rebuild the search indexes: Wagtail's (admin search, Elasticsearch when configured) "
        "and the unified search of /recherche/ (projects, resources and their files, events, "
        "forum threads with their replies, pages)."
    )

    def handle(self, **options):
        super().handle(**options)
        try:
            count = index_rebuild(self.stdout if options.get("verbosity", 1) else None)
        except IndexRebuildFailed as error:
            # The live index stays in service; the exit status tells the operator's script.
            raise CommandError(f"Recherche unifiée : index non remplacé. {error}") from error
        if options.get("verbosity", 1):
            self.stdout.write(f"Recherche unifiée : {count} documents indexés.")
