from django.core.management.base import BaseCommand
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from labo.core import counters


class Command(BaseCommand):
    help = "Écrit en base les vues des sujets et les recherches comptées depuis le dernier passage."

    def handle(self, *args, **options):
        from forum.models import Thread
        from search.services import record_search_hits

        with (
            counters.taken(counters.THREAD_VIEWS) as views,
            counters.taken(counters.SEARCH_HITS) as hits,
            transaction.atomic(),
        ):
            for pk, number in views.items():
                Thread.objects.filter(pk=int(pk)).update(view_count=F("view_count") + number)
            for field, number in hits.items():
                day, _sep, query = field.partition("|")
                record_search_hits(query, day=day, number=number)
        self.stdout.write(
            _("%(views)s vues de sujets et %(hits)s recherches enregistrées.")
            % {"views": sum(views.values()), "hits": sum(hits.values())}
        )
