from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from labo.core.listing import listing_mismatches, refresh_listing


class Command(BaseCommand):
    help = (
        "Recalcule pour qui chaque projet, ressource et événement est listé (publication et "
        "restrictions d'accès) : après une restauration partielle ou une écriture SQL directe."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Ne corrige rien : échoue si une page n'est pas listée comme elle le devrait.",
        )

    def handle(self, *args, check=False, **options):
        if check:
            wrong = listing_mismatches()
            if wrong:
                raise CommandError(
                    _("%(count)d page(s) mal listée(s) : %(ids)s")
                    % {"count": len(wrong), "ids": ", ".join(map(str, wrong[:20]))}
                )
            self.stdout.write(_("Toutes les pages sont listées comme il faut."))
            return
        changed = refresh_listing()
        self.stdout.write(_("%(count)d page(s) corrigée(s).") % {"count": changed})
