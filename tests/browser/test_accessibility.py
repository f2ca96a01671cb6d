"""axe-core (WCAG 2.1 A and AA rules) on every page template of the public site and of the
member area, each opened by someone who may see it, then looked at on a 390 × 844 phone. The
templates rendered during the visits are recorded: a new page template that no visit reaches
fails the test, as a new URL without a row fails the authorization matrix."""

from datetime import timedelta
from pathlib import Path

from django.conf import settings as django_settings
from django.test.signals import template_rendered
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
from tests.browser.conftest import axe_violations
from tests.figures import report

SLUG = "les-toits-partages-du-lauragais"
TEMPLATES = Path(django_settings.BASE_DIR) / "templates"
# Pieces, not pages: layouts that every page extends, and e-mails.
NOT_PAGES = {"base.html", "500.html", "503.html"}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 720}
# How far the page scrolls sideways, and the element that reaches furthest right (to fix it).
WIDEST = """() => {
  const page = document.documentElement;
  const overflow = page.scrollWidth - page.clientWidth;
  if (overflow <= 0) return null;
  let widest = null, right = 0;
  for (const element of document.body.querySelectorAll("*")) {
    const edge = element.getBoundingClientRect().right;
    if (edge > right) { right = edge; widest = element; }
  }
  return `${overflow} px: <${widest.tagName.toLowerCase()} class="${widest.className}">`
    + ` ${(widest.textContent || "").trim().slice(0, 40)}`;
}"""


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


def _login(page, email):
    page.goto("/compte/login/?next=/compte/profil/")
    page.fill("#id_login", email)
    page.fill("#id_password", "labo-demo-2025")
    page.locator("main button[type=submit]").click()
    page.wait_for_url("**/compte/profil/")


def _path(url: str) -> str:
    return "/" + url.split("://", 1)[-1].split("/", 1)[1] if "://" in url else url


def test_every_page_template_has_no_axe_violation(page, demo, settings):
    rendered: set[str] = set()

    def record(sender, template, **kwargs):
        if template.name:
            rendered.add(template.name)

    template_rendered.connect(record)
    member, carrier = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    thread = Thread.objects.filter(category__members_only=False, locked=False).first()
    settings.FORUM_POST_INTERVAL = 0
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

    visits = {
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
    checked, failures, too_wide = 0, {}, {}
    for email, urls in visits.items():
        person = page.new_person()
        if email:
            _login(person, email)
        for url in urls:
            person.goto(url)
            person.wait_for_load_state("load")
            violations = axe_violations(person)
            checked += 1
            if violations:
                failures[f"{email or 'visitor'} {url[:80]}"] = violations
            # The same page on a phone: nothing may make the page itself scroll sideways
            # (a wide table scrolls inside its own box).
            person.set_viewport_size(PHONE)
            overflow = person.evaluate(WIDEST)
            if overflow:
                too_wide[f"{email or 'visitor'} {url[:80]}"] = overflow
            person.set_viewport_size(DESKTOP)

    # Two pages reached by doing: the 429 page (too many reset requests) and the 2FA set-up.
    person = page.new_person()
    for _attempt in range(6):
        person.goto("/compte/password/reset/")
        person.fill("#id_email", "membre@labo.test")
        person.locator("main button[type=submit]").click()
        person.wait_for_load_state("load")
    assert "Trop de demandes" in person.content()
    checked += 1
    if violations := axe_violations(person):
        failures["visitor 429"] = violations
    person = page.new_person()
    _login(person, "membre@labo.test")
    person.goto("/compte/reauthenticate/?next=/compte/2fa/totp/activate/")
    person.fill("#id_password", "labo-demo-2025")
    person.locator("main button[type=submit]").click()
    person.wait_for_url("**/compte/2fa/totp/activate/")
    checked += 1
    if violations := axe_violations(person):
        failures["membre 2FA activation"] = violations
    # A suspended member who signs in: the page that tells them until when.
    suspended = demo["porteur.b@labo.test"]
    User.objects.filter(pk=suspended.pk).update(suspended_until=timezone.now() + timedelta(days=3))
    person = page.new_person()
    person.goto("/compte/login/")
    person.fill("#id_login", suspended.email)
    person.fill("#id_password", "labo-demo-2025")
    person.locator("main button[type=submit]").click()
    person.wait_for_load_state("load")
    assert "Votre compte est suspendu" in person.content()
    checked += 1
    if violations := axe_violations(person):
        failures["suspended member's sign-in"] = violations
    template_rendered.disconnect(record)

    report(
        "accessibility (axe-core, WCAG 2.1 AA)",
        f"{checked} pages, {len(page_templates())} page templates, "
        f"{sum(len(v) for v in failures.values())} violations",
    )
    assert failures == {}
    assert too_wide == {}, "pages wider than a 390 px phone (px of sideways scrolling)"
    # The accessibility statement reports these results: it must say what was checked.
    statement = page.new_person()
    statement.goto("/accessibilite/")
    text = statement.inner_text("main")
    assert f"sur les {len(page_templates())} modèles de pages" in text
    assert "0 erreur" in text and "partiellement conforme" in text
    missing = sorted(page_templates() - rendered)
    assert missing == [], f"page templates that no accessibility visit reaches: {missing}"
