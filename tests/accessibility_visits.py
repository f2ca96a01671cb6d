"""The accessibility visits: every page template of the public site and of the member area,
each opened by someone who may see it.

The browser tests (tests/browser/test_accessibility_*.py) run axe-core (WCAG 2.1 A and AA
rules) on these pages and look at them on a 390 × 844 phone, in parts, one per file, so that
the second session's two workers share them. tests/labo/test_accessibility_visits.py proves
with the test client that the visits reach every page template: a new page template that no
visit reaches fails it, as a new URL without a row fails the authorization matrix."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings as django_settings
from django.utils import timezone

from announcements.demo import TITLE as DEMO_ANNOUNCEMENT
from announcements.models import Announcement
from conversations.demo import SUBJECT as DEMO_CONVERSATION
from conversations.models import Conversation
from events import services as event_services
from events.models import EventPage
from forum import services as forum_services
from forum.models import Thread, ThreadTag
from forum.notifying import unfollow_url
from labo.accounts.models import User
from labo.notifications.tokens import unsubscribe_url
from labo.reports.models import ExportStatus, ReportExport
from projects import invitations as project_invitations
from projects import services as project_services
from projects.models import Application, ProjectPage

SLUG = "les-toits-partages-du-lauragais"
TEMPLATES = Path(django_settings.BASE_DIR) / "templates"
# Pieces, not pages: layouts that every page extends, and e-mails.
NOT_PAGES = {"base.html", "500.html", "503.html"}
# Reached by doing rather than by address: the 429 page after six password reset requests,
# the second factor's set-up after signing in again, the page a suspended member meets.
RESET_REQUESTS = 6
TWO_FACTOR_SETUP = "/compte/reauthenticate/?next=/compte/2fa/totp/activate/"


def page_templates() -> set[str]:
    """Our page templates; the Wagtail admin's (staff tools) are Wagtail's to keep accessible,
    and allauth's layouts are covered through the account pages that use them."""
    names = set()
    for path in TEMPLATES.rglob("*.html"):
        name = str(path.relative_to(TEMPLATES))
        text = path.read_text()
        if (
            "{% extends" in text
            and '{% extends "wagtail' not in text
            and "/email/" not in name
            and not name.startswith("allauth/")
            and name not in NOT_PAGES
        ):
            names.add(name)
    return names


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[1] if "://" in url else url


def visits(demo, settings) -> dict[str | None, list[str]]:
    """The addresses each demo account opens (None: a visitor), after making what some of
    them show: a fresh reply its author may still edit, an invitation, a guest's registration,
    a report being exported, a draft announcement. `settings`: pytest-django's fixture."""
    settings.FORUM_POST_INTERVAL = 0
    member, carrier = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    thread = Thread.objects.filter(category__members_only=False, locked=False).first()
    # A fresh reply: its author may still edit it.
    reply = forum_services.reply_create(
        thread=thread, user=carrier, text="Nous avons un modèle de statuts, je le partage."
    )
    event = EventPage.objects.get(slug="webinaire-preparer-dossier-garantie")
    application = Application.objects.filter(project__slug=SLUG, closed_at=None).first()
    viure = Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")
    revised = Application.objects.filter(form_responses__versions__version=2).first()
    invitation = project_services.project_member_invite(
        project=ProjectPage.objects.get(slug=SLUG),
        email="nouvelle.personne@exemple.fr",
        role="member",
        invited_by=carrier,
    )
    guest = event_services.guest_registration_request(
        event=EventPage.objects.get(slug="webinaire-choisir-sa-forme-juridique"),
        name="Alix Martin",
        email="alix@exemple.fr",
        client_ip="192.0.2.9",
        companions=1,
    )
    conversation = Conversation.objects.get(subject=DEMO_CONVERSATION)
    announcement = Announcement.objects.get(title=DEMO_ANNOUNCEMENT)
    report_export = ReportExport.objects.create(
        starts_on="2025-01-01", ends_on="2025-12-31", format="pdf", progress=40,
        status=ExportStatus.RUNNING, step="Calcul des chiffres : 3 sections sur 6",
    )  # fmt: skip
    draft = Announcement.objects.create(
        title="Agora de printemps", body="Une **agora** à Montpellier : inscrivez-vous."
    )
    public_resource = "les-foncieres-solidaires-synthese"
    members_only_resource = "modele-de-statuts-de-cooperative-dhabitants"

    return {
        None: [
            "/",
            "/le-labo/",
            "/accessibilite/",
            "/projets/",
            f"/projets/{SLUG}/",
            "/ressources/",
            f"/ressources/{public_resource}/",
            f"/ressources/{members_only_resource}/",
            "/agenda/",
            "/agenda/?vue=mois",
            f"/agenda/{event.slug}/",
            f"/agenda/{event.slug}/inscription/envoyee/",
            f"/agenda/inscription/{guest.token}/",
            "/forum/",
            f"/forum/{thread.category.slug}/",
            thread.get_absolute_url(),
            f"/forum/etiquettes/{ThreadTag.objects.order_by('pk').first().tag.slug}/",
            "/recherche/",
            "/recherche/?q=habitat",
            "/recherche/?q=zzqxwv",
            "/compte/login/",
            "/compte/signup/",
            "/compte/password/reset/",
            "/page-qui-n-existe-pas/",
            _path(unsubscribe_url(member.pk)),
            _path(unfollow_url(user=member, thread=thread)),
            "/projets/invitation/" + project_invitations.invitation_token(invitation) + "/",
            # More fields than a request may carry: Django's 400 page.
            "/recherche/?" + "&".join(f"f{n}=1" for n in range(2100)),
        ],
        "membre@labo.test": [
            "/compte/profil/",
            f"/compte/membres/{carrier.pk}/",
            "/compte/notifications/",
            "/compte/supprimer-mon-compte/",
            "/compte/email/",
            "/compte/password/change/",
            "/compte/2fa/",
            "/compte/reauthenticate/",
            "/agenda/mes-inscriptions/",
            f"/forum/{thread.category.slug}/nouveau/",
            f"/forum/signaler/sujet/{thread.pk}/",
            "/ressources/proposer/",
            "/projets/referencer/",
            "/candidatures/",
            "/candidatures/tableau-de-bord/",  # 403
            "/espace/",
        ],
        "porteur.a@labo.test": [
            "/agenda/proposer/",
            f"/projets/{SLUG}/modifier/",
            f"/projets/{SLUG}/apercu/",
            f"/projets/{SLUG}/equipe/",
            f"/projets/{SLUG}/journal/nouveau/",
            f"/projets/{SLUG}/candidater/",
            f"/candidatures/{application.pk}/",
            f"/candidatures/{viure.pk}/formulaire/",
            f"/candidatures/{viure.pk}/rendez-vous/{viure.meetings.get(kind='entretien').pk}/",
            f"/forum/reponse/{reply.pk}/modifier/",
            "/espace/",
            "/messages/",
            f"/messages/{conversation.pk}/",
            f"/messages/nouvelle/?a={demo['porteur.b@labo.test'].pk}",
            f"/messages/{conversation.pk}/signaler/",
            "/messages/reglages/",
            "/annonces/",
            f"/annonces/{announcement.pk}/",
        ],
        "jury@labo.test": [
            "/candidatures/",
            f"/candidatures/{viure.pk}/evaluations/",
        ],
        "equipe@labo.test": [
            "/candidatures/tableau-de-bord/",
            f"/candidatures/tableau/{application.round_id}/",
            f"/candidatures/{application.pk}/",
            f"/agenda/{event.slug}/inscrits/",
            f"/candidatures/{revised.pk}/formulaire/",
            f"/candidatures/{revised.pk}/formulaire/{revised.form_responses.get().form_id}/versions/",
            f"/candidatures/{revised.pk}/evaluations/",
            f"/candidatures/{viure.pk}/decision/",
            f"/candidatures/{viure.pk}/rendez-vous/",
            f"/candidatures/{viure.pk}/rendez-vous/{viure.meetings.get(kind='pre-audition').pk}/",
            "/forum/moderation/",
            "/espace/",
            "/statistiques/",
            "/rapport/2025/",
            f"/rapport/exports/{report_export.pk}/",
            "/annonces/nouvelle/",
            f"/annonces/{draft.pk}/modifier/?apercu=1",
            f"/annonces/{announcement.pk}/envoi/",
        ],
        # A moderator: the authors' trust levels on a thread, a member's moderation page.
        "moderation@labo.test": [
            thread.get_absolute_url(),
            f"/forum/moderation/membres/{member.pk}/",
            "/messages/signalements/",
        ],
    }


def suspend(demo) -> User:
    """A demo carrier suspended for three days: signing in shows them until when."""
    suspended = demo["porteur.b@labo.test"]
    User.objects.filter(pk=suspended.pk).update(suspended_until=timezone.now() + timedelta(days=3))
    return suspended
