from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from labo.core.demo import accounts, images, notifications, pages
from labo.core.demo.registry import DemoSite, demo_steps


class Command(BaseCommand):
    help = (
        "Build the whole demo site: page tree, demo accounts (password labo-demo-2025), partner "
        "organisations and French content from the Labo's 2025 story. Safe to run twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--skip-index", action="store_true", help="do not rebuild the search index"
        )

    def handle(self, *args, **options):
        if not settings.DEMO_LOGIN_ENABLED:
            raise CommandError(
                "Les données de démonstration créent des comptes au mot de passe public : "
                "elles sont refusées avec les réglages de production "
                "(DEMO_LOGIN_ENABLED désactivé)."
            )
        with transaction.atomic():
            # The same page tree as `init_site`, plus partner logos, accounts and notifications.
            illustration = images.village_illustration()
            logos = {
                "Région Occitanie": images.logo("Logo Région Occitanie", "Oc", (163, 23, 47)),
                "Malakoff Humanis": images.logo("Logo Malakoff Humanis", "MH", (0, 84, 147)),
                "AG2R La Mondiale": images.logo("Logo AG2R La Mondiale", "AG2R", (0, 102, 84)),
            }
            home = pages.home_page(illustration)
            editorial = pages.standard_pages(home, illustration)
            sections = pages.section_pages(home)
            pages.site_settings(home, {**editorial, **sections}, logos)
            organisations = accounts.partner_organisations()
            users = accounts.demo_accounts(organisations)
            notifications.welcome_notifications(users)
            # Each app's content, in the order they registered (labo.core.demo.registry).
            site = DemoSite(users=users, illustration=illustration)
            for step in demo_steps:
                site.made[step.name] = step.build(site)
        if not options["skip_index"]:
            call_command("update_index", verbosity=0)
        self.stdout.write(
            self.style.SUCCESS(
                f"Démo prête : {len(users)} comptes de démonstration, "
                f"{len(site.made.get('projects', []))} projets et "
                f"{len(site.made.get('resources', []))} ressources, "
                f"{len(site.made.get('events', []))} événements, "
                f"{len(site.made.get('forum', []))} sujets de forum "
                f"(mot de passe {settings.DEMO_PASSWORD})."
            )
        )
