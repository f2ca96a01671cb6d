from django.core.management.base import BaseCommand
from django.db import transaction

from labo.core.demo import images, pages


class Command(BaseCommand):
    help = (
        "Create the site's page tree on a new production database: home page, the Labo's "
        "editorial pages, /projets/, /ressources/, /agenda/, navigation and footer. No account "
        "and no demo content. Safe to run twice; editors then rewrite the pages in the admin."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            illustration = images.village_illustration()
            home = pages.home_page(illustration)
            editorial = pages.standard_pages(home, illustration)
            sections = pages.section_pages(home)
            pages.site_settings(home, {**editorial, **sections}, logos={})
        self.stdout.write(self.style.SUCCESS("Arborescence du site en place."))
