from contextlib import ExitStack

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils.translation import gettext as _

from labo.core import counters


class Command(BaseCommand):
    help = (
        "Écrit en base ce que les compteurs (vues des sujets, recherches) ont compté depuis "
        "le dernier passage."
    )

    def handle(self, *args, **options):
        written = []
        # Each count is dropped from Redis only once the transaction that writes them all
        # has succeeded (counters.taken).
        with ExitStack() as stack:
            taken = [
                (counter, stack.enter_context(counters.taken(counter.key)))
                for counter in counters.counters
            ]
            with transaction.atomic():
                for counter, values in taken:
                    counter.apply(values)
                    written.append(counter.summary % {"count": sum(values.values())})
        self.stdout.write(_("Enregistré : %(counts)s.") % {"counts": ", ".join(written)})
