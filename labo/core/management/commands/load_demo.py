import io
import logging
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from wagtail.models import Page

from labo.core.demo import accounts, images, notifications, pages
from labo.core.demo.registry import DemoSite, demo_steps
from labo.core.progress import Progress, number


def _own_models() -> list:
    """What the summary counts: the accounts, the page types and the models of this
    repository's apps that are named in French, singular and plural (the rest are links and
    internals: tags, reads, versions)."""
    root = Path(settings.BASE_DIR).resolve()
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    own = [
        model
        for config in apps.get_app_configs()
        if Path(config.path).resolve().is_relative_to(root)
        and "site-packages" not in Path(config.path).parts
        for model in config.get_models()
        if model is not user_model and _named_in_plural(model)
    ]
    return [user_model, *own]


def _named_in_plural(model) -> bool:
    # Django's default plural adds an "s" to the whole name: right for « annonce », wrong for
    # « critère VIURE ».
    declared = model._meta.original_attrs
    return (
        "verbose_name_plural" in declared
        or ("verbose_name" in declared and " " not in str(model._meta.verbose_name))
        or issubclass(model, Page)
    )


def _row_counts(models: list) -> dict:
    return {model: model._default_manager.count() for model in models}


def _listed(counts: dict) -> str:
    return ", ".join(
        f"{number(count)} "
        f"{model._meta.verbose_name_plural if count > 1 else model._meta.verbose_name}"
        for model, count in sorted(counts.items(), key=lambda item: -item[1])
    )


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
        # Wagtail logs each page it creates and publishes: hundreds of lines that would bury
        # the progress.
        logging.getLogger("wagtail").setLevel(logging.WARNING)
        models = _own_models()
        before = _row_counts(models)
        talk = options["verbosity"] > 0
        steps = 2 + len(list(demo_steps))
        progress = Progress(
            self.stdout if talk else io.StringIO(), "Démo : pages et comptes", steps
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
            progress.advance(label="Démo : comptes et organisations")
            organisations = accounts.partner_organisations()
            users = accounts.demo_accounts(organisations)
            notifications.welcome_notifications(users)
            # Each app's content, in the order they registered (labo.core.demo.registry).
            site = DemoSite(users=users, illustration=illustration)
            for step in demo_steps:
                progress.advance(label=f"Démo : {step.name}")
                site.made[step.name] = step.build(site)
            progress.advance()
        progress.finish("Démo : contenu en place")
        after = _row_counts(models)
        created = {model: after[model] - before[model] for model in models
                   if after[model] > before[model]}  # fmt: skip
        kept = {model: before[model] for model in models if before[model]}
        if talk:
            self.stdout.write(
                f"Créé : {_listed(created)}." if created else "Rien de nouveau à créer."
            )
            if kept:
                self.stdout.write(f"Déjà en place, laissé tel quel : {_listed(kept)}.")
        if not options["skip_index"]:
            call_command("update_index", verbosity=options["verbosity"], stdout=self.stdout._out)
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
