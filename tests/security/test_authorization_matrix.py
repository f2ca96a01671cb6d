"""The authorization matrix: every URL pattern of the project × every role × method, with the
outcome DESIGN.md's visibility table implies. A URL pattern without a row fails the test, so a
new view cannot ship without saying who may use it.

Outcomes are categories, not exact codes: `ok` (200, a redirect that is not to the login page,
or 400 for a POST without data — the door is open), `login` (redirected to sign in), `403`,
`404` (hidden: the thing does not exist for this person), `405`."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.urls import URLResolver, get_resolver
from django.utils import timezone
from wagtail.images import get_image_model

from announcements.demo import TITLE as DEMO_ANNOUNCEMENT
from announcements.models import Announcement
from conversations.demo import SUBJECT as DEMO_CONVERSATION
from conversations.models import Conversation, Participant, Report
from events.models import EventPage
from events.services import registration_create
from forum.models import Reply, Thread
from labo.accounts.models import PartnerMembership, PartnerOrganisation
from labo.core.listing import Listing
from labo.reports.models import ExportStatus, ReportExport
from projects.models import (
    Application,
    FormResponse,
    FormState,
    FormSubmission,
    ProjectMembership,
    Review,
)
from tests.figures import report
from tests.labo.factories import UserFactory

# Run against SQLite in CI as well (make test-sqlite): newcomers meet the embedded default first.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

ROLES = ["visitor", "member", "carrier_a", "carrier_b", "partner_shared", "partner_unshared",
         "jury", "moderator", "staff", "admin"]  # fmt: skip
SIGNED_IN = ROLES[1:]


def every(outcome):
    return dict.fromkeys(ROLES, outcome)


def members(outcome="ok", visitor="login"):
    return {**every(outcome), "visitor": visitor}


def staff_only(others="403", visitor="login"):
    return {**every(others), "visitor": visitor, "staff": "ok", "admin": "ok"}


def moderators_only(others="403", visitor="login"):
    return {**staff_only(others, visitor), "moderator": "ok"}


def conversation_pair():
    return {**members("404"), "carrier_a": "ok", "carrier_b": "ok"}


@dataclass
class Row:
    pattern: str  # the route as Django prints it
    url: str  # a concrete URL, {placeholders} filled from the demo
    expected: dict
    method: str = "get"


# Filled in by the `world` fixture.
ROWS = [
    # Public site ------------------------------------------------------------------------------
    Row("^((?:[\\w\\-]+/)*)$", "/", every("ok")),
    Row("sante/", "/sante/", every("ok")),
    Row("sitemap.xml", "/sitemap.xml", every("ok")),
    Row("robots.txt", "/robots.txt", every("ok")),
    Row("recherche/", "/recherche/?q=habitat", every("ok")),
    Row("recherche/suggestions/", "/recherche/suggestions/?q=hab", every("ok")),
    # The CRESS team's statistics.
    Row("statistiques/", "/statistiques/", staff_only()),
    Row("statistiques/<slug:name>.csv", "/statistiques/membres.csv", staff_only()),
    # The activity report: the team's, its narratives and its files included.
    Row("rapport/", "/rapport/", staff_only()),
    Row("rapport/<int:year>/", "/rapport/2025/", staff_only()),
    Row("rapport/<int:year>/", "/rapport/2025/", staff_only(), "post"),
    Row("rapport/periode/", "/rapport/periode/?du=2025-04-01&au=2025-06-30", staff_only()),
    Row("rapport/periode/", "/rapport/periode/?du=2025-04-01&au=2025-06-30", staff_only(), "post"),
    Row("rapport/exports/<int:pk>/", "/rapport/exports/{report_export}/", staff_only()),
    Row(
        "rapport/exports/<int:pk>/telecharger/",
        "/rapport/exports/{report_export}/telecharger/",
        staff_only(),
    ),
    # Announcements: members read the archive (the demo's one was sent); staff write and send.
    Row("annonces/", "/annonces/", members()),
    Row("annonces/nouvelle/", "/annonces/nouvelle/", staff_only()),
    Row("annonces/<int:pk>/", "/annonces/{announcement}/", members()),
    Row("annonces/<int:pk>/modifier/", "/annonces/{announcement_draft}/modifier/", staff_only()),
    Row("annonces/<int:pk>/envoi/", "/annonces/{announcement}/envoi/", staff_only()),
    # Private conversations: the demo's one is carrier_a's and carrier_b's; nobody else may
    # know it exists (404), moderators included while nobody reported it.
    Row("messages/", "/messages/", members()),
    Row("messages/nouvelle/", "/messages/nouvelle/", members()),
    Row("messages/reglages/", "/messages/reglages/", members()),
    Row(
        "messages/bloquer/<int:pk>/",
        "/messages/bloquer/{member_profile}/",
        {**members(), "carrier_a": "403"},
        "post",
    ),
    Row("messages/signalements/", "/messages/signalements/", moderators_only()),
    Row(
        "messages/signalements/<int:pk>/classer/",
        "/messages/signalements/{conversation_report}/classer/",
        moderators_only(),
        "post",
    ),
    Row("messages/<int:pk>/", "/messages/{conversation}/", conversation_pair()),
    Row(
        "messages/<int:pk>/quitter/",
        "/messages/{conversation}/quitter/",
        conversation_pair(),
        "post",
    ),  # fmt: skip
    Row("messages/<int:pk>/signaler/", "/messages/{conversation}/signaler/", conversation_pair()),
    # Projects -----------------------------------------------------------------------------------
    Row("projets/export.csv", "/projets/export.csv", every("ok")),
    Row("projets/export.geojson", "/projets/export.geojson", every("ok")),
    Row("projets/flux.atom", "/projets/flux.atom", every("ok")),
    Row("projets/referencer/", "/projets/referencer/", members()),
    Row("projets/communes/", "/projets/communes/?q=Toul", every("ok")),
    # An unknown invitation explains itself (200) to anyone.
    Row("projets/invitation/<str:token>/", "/projets/invitation/faux/", every("ok")),
    Row(
        "projets/<slug:slug>/modifier/",
        "/projets/{project_a}/modifier/",
        {**staff_only(), "carrier_a": "ok"},
    ),
    Row(
        "projets/<slug:slug>/apercu/",
        "/projets/{project_a}/apercu/",
        {**staff_only(), "carrier_a": "ok"},
    ),
    Row(
        "projets/<slug:slug>/confirmer/",
        "/projets/{project_a}/confirmer/",
        {**staff_only(), "carrier_a": "ok"},
        "post",
    ),
    Row(
        "projets/<slug:slug>/equipe/",
        "/projets/{project_a}/equipe/",
        {**staff_only(), "carrier_a": "ok"},
    ),
    Row(
        "projets/<slug:slug>/equipe/<int:membership_id>/retirer/",
        "/projets/{project_a}/equipe/{membership_a}/retirer/",
        {**staff_only(), "carrier_a": "ok"},
        "post",
    ),
    Row(
        "projets/<slug:slug>/equipe/<int:membership_id>/referent/",
        "/projets/{project_a}/equipe/{membership_a}/referent/",
        {**staff_only(), "carrier_a": "ok"},
        "post",
    ),
    Row(
        "projets/<slug:slug>/journal/nouveau/",
        "/projets/{project_a}/journal/nouveau/",
        {**staff_only(), "carrier_a": "ok"},
    ),
    Row("projets/<slug:slug>/suivre/", "/projets/{project_a}/suivre/", members(), "post"),
    Row("projets/<slug:slug>/contact/", "/projets/{project_a}/contact/", every("ok"), "post"),
    Row("projets/<slug:slug>/flux.atom", "/projets/{project_a}/flux.atom", every("ok")),
    Row(
        "projets/<slug:slug>/candidater/",
        "/projets/{project_a}/candidater/",
        {**staff_only(), "carrier_a": "ok"},
    ),
    # Applications -------------------------------------------------------------------------------
    Row("candidatures/", "/candidatures/", members()),
    # Partners see the figures and the board of what is shared with them (nothing else).
    Row(
        "candidatures/tableau-de-bord/",
        "/candidatures/tableau-de-bord/",
        {**staff_only(), "partner_shared": "ok", "partner_unshared": "ok"},
    ),
    Row(
        "candidatures/tableau/<int:round_id>/",
        "/candidatures/tableau/{round_b}/",
        {**staff_only(), "partner_shared": "ok", "partner_unshared": "ok"},
    ),
    # Partners export what is shared with their organisation (an empty list if nothing is).
    Row(
        "candidatures/export.csv",
        "/candidatures/export.csv",
        {**staff_only(), "partner_shared": "ok", "partner_unshared": "ok"},
    ),
    Row(
        "candidatures/export.xlsx",
        "/candidatures/export.xlsx",
        {**staff_only(), "partner_shared": "ok", "partner_unshared": "ok"},
    ),
    Row(
        "candidatures/<int:pk>/",
        "/candidatures/{application_b}/",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "ok"},
    ),
    # Without a target stage the move is refused to all; who may move where: test_applications.py
    Row(
        "candidatures/<int:pk>/etape/",
        "/candidatures/{application_b}/etape/",
        {
            **staff_only("404"),
            "carrier_b": "403",
            "partner_shared": "403",
            "staff": "403",
            "admin": "403",
        },
        "post",
    ),
    Row(
        "candidatures/<int:pk>/message/",
        "/candidatures/{application_b}/message/",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "403"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/note/",
        "/candidatures/{application_b}/note/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "ok"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/documents/",
        "/candidatures/{application_b}/documents/",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "403"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/documents/<int:document_id>/",
        "/candidatures/{application_b}/documents/{document_b}/",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "ok"},
    ),
    Row(
        "candidatures/<int:pk>/documents/<int:document_id>/verifier/",
        "/candidatures/{application_b}/documents/{document_b}/verifier/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403"},
        "post",
    ),
    # Staff without an organisation chosen get a 404 (no such organisation).
    Row(
        "candidatures/<int:pk>/partage/",
        "/candidatures/{application_b}/partage/",
        {
            **staff_only("404"),
            "carrier_b": "403",
            "partner_shared": "403",
            "staff": "404",
            "admin": "404",
        },
        "post",
    ),
    Row(
        "candidatures/<int:pk>/suivi/",
        "/candidatures/{application_b}/suivi/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403"},
        "post",
    ),
    # The self-assessment is the team's own: staff read it, never write it.
    Row(
        "candidatures/<int:pk>/viure/auto-evaluation/",
        "/candidatures/{application_b}/viure/auto-evaluation/",
        {
            **staff_only("404"),
            "carrier_b": "ok",
            "partner_shared": "403",
            "staff": "403",
            "admin": "403",
        },
        "post",
    ),
    Row(
        "candidatures/<int:pk>/viure/evaluation/",
        "/candidatures/{application_b}/viure/evaluation/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403"},
        "post",
    ),
    # Meetings: staff fix and change them; the team and the partners read them and add them to
    # their calendar; a jury member reviews the file, not the meetings around it.
    Row(
        "candidatures/<int:pk>/rendez-vous/",
        "/candidatures/{viure_b}/rendez-vous/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
    ),
    Row(
        "candidatures/<int:pk>/rendez-vous/",
        "/candidatures/{viure_b}/rendez-vous/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/rendez-vous/<int:meeting_id>/",
        "/candidatures/{viure_b}/rendez-vous/{meeting_b}/",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "ok", "jury": "403"},
    ),
    Row(
        "candidatures/<int:pk>/rendez-vous/<int:meeting_id>/",
        "/candidatures/{viure_b}/rendez-vous/{meeting_b}/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/rendez-vous/<int:meeting_id>/annuler/",
        "/candidatures/{viure_b}/rendez-vous/{meeting_b}/annuler/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/rendez-vous/<int:meeting_id>/compte-rendu/",
        "/candidatures/{viure_b}/rendez-vous/{meeting_b}/compte-rendu/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/rendez-vous/<int:meeting_id>/invitation.ics",
        "/candidatures/{viure_b}/rendez-vous/{meeting_b}/invitation.ics",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "ok", "jury": "403"},
    ),
    # The application form: the team writes, everyone who reads the application reads what was
    # sent, staff send it back.
    # The jury member reviews project B's VIURE application only.
    Row(
        "candidatures/<int:pk>/formulaire/",
        "/candidatures/{viure_b}/formulaire/",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "ok", "jury": "ok"},
    ),
    Row(
        "candidatures/<int:pk>/formulaire/",
        "/candidatures/{viure_b}/formulaire/",
        {
            **staff_only("404"),
            "carrier_b": "ok",
            "partner_shared": "403",
            "jury": "403",
            "staff": "403",
            "admin": "403",
        },
        "post",
    ),
    Row(
        "candidatures/<int:pk>/formulaire/<int:form_id>/",
        "/candidatures/{viure_b}/formulaire/{viure_form}/",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "ok", "jury": "ok"},
    ),
    Row(
        "candidatures/<int:pk>/formulaire/<int:form_id>/revision/",
        "/candidatures/{viure_b}/formulaire/{viure_form}/revision/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/formulaire/<int:form_id>/versions/",
        "/candidatures/{viure_b}/formulaire/{viure_form}/versions/",
        {**staff_only("404"), "carrier_b": "ok", "partner_shared": "ok", "jury": "ok"},
    ),
    # The decision: staff only; everyone who reads the application is refused, others see none.
    Row(
        "candidatures/<int:pk>/decision/",
        "/candidatures/{viure_b}/decision/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
    ),
    Row(
        "candidatures/<int:pk>/decision/",
        "/candidatures/{viure_b}/decision/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
        "post",
    ),
    # A partner's opinion: only the organisation it is shared with.
    Row(
        "candidatures/<int:pk>/avis/",
        "/candidatures/{application_b}/avis/",
        {
            **staff_only("404"),
            "carrier_b": "403",
            "partner_shared": "ok",
            "staff": "403",
            "admin": "403",
        },  # fmt: skip
        "post",
    ),
    # Reviews: staff and the reviewers; the team and partners who do not review, never.
    Row(
        "candidatures/<int:pk>/evaluations/",
        "/candidatures/{viure_b}/evaluations/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "ok"},
    ),
    Row(
        "candidatures/<int:pk>/evaluations/",
        "/candidatures/{viure_b}/evaluations/",
        {
            **staff_only("404"),
            "carrier_b": "403",
            "partner_shared": "403",
            "jury": "403",  # no action named
            "staff": "403",
            "admin": "403",
        },
        "post",
    ),
    Row(
        "candidatures/<int:pk>/evaluations/confier/",
        "/candidatures/{viure_b}/evaluations/confier/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
        "post",
    ),
    Row(
        "candidatures/<int:pk>/evaluations/<int:review_id>/retirer/",
        "/candidatures/{viure_b}/evaluations/{review_b}/retirer/",
        {**staff_only("404"), "carrier_b": "403", "partner_shared": "403", "jury": "403"},
        "post",
    ),
    # Resources ------------------------------------------------------------------------------------
    Row("ressources/flux.atom", "/ressources/flux.atom", every("ok")),
    Row("ressources/proposer/", "/ressources/proposer/", members()),
    Row(
        "ressources/<slug:slug>/telecharger/<int:document_id>/",
        "/ressources/{resource_private}/telecharger/{resource_private_doc}/",
        members(),
    ),
    # A file's first page: an image, so a visitor gets 404 rather than a login page.
    Row(
        "ressources/<slug:slug>/apercu/<int:document_id>.webp",
        "/ressources/{resource_private_pdf_page}/apercu/{resource_private_pdf}.webp",
        members(visitor="404"),
    ),
    # Agenda ---------------------------------------------------------------------------------------
    Row("agenda/agenda.ics", "/agenda/agenda.ics", every("ok")),
    Row("agenda/mes-inscriptions/", "/agenda/mes-inscriptions/", members()),
    # Carriers (members of a project's team) and the team propose local events.
    Row(
        "agenda/proposer/",
        "/agenda/proposer/",
        {
            **every("403"),
            "visitor": "login",
            "carrier_a": "ok",
            "carrier_b": "ok",
            "staff": "ok",
            "admin": "ok",
        },  # fmt: skip
    ),
    Row(
        "agenda/mes-inscriptions/nouvelle-adresse/",
        "/agenda/mes-inscriptions/nouvelle-adresse/",
        members(),
        "post",
    ),
    Row("agenda/mon-agenda/<str:token>.ics", "/agenda/mon-agenda/jeton-invente.ics", every("404")),
    Row("agenda/<slug:slug>/agenda.ics", "/agenda/{event}/agenda.ics", every("ok")),
    # Visitors register without an account (a name and an e-mail address to confirm).
    Row("agenda/<slug:slug>/inscription/", "/agenda/{event}/inscription/", every("ok"), "post"),
    Row(
        "agenda/<slug:slug>/inscription/envoyee/",
        "/agenda/{event}/inscription/envoyee/",
        every("ok"),
    ),
    # A guest's registration is reached only through the secret of its e-mails.
    Row("agenda/inscription/<str:token>/", "/agenda/inscription/jeton-invente/", every("404")),
    Row(
        "agenda/inscription/<str:token>/confirmer/",
        "/agenda/inscription/jeton-invente/confirmer/",
        every("404"),
    ),
    Row("agenda/<slug:slug>/desinscription/", "/agenda/{event}/desinscription/", members(), "post"),
    Row("agenda/<slug:slug>/inscrits/", "/agenda/{event}/inscrits/", staff_only()),
    Row(
        "agenda/<slug:slug>/inscrits/export.csv",
        "/agenda/{event}/inscrits/export.csv",
        staff_only(),
    ),
    Row(
        "agenda/<slug:slug>/inscrits/ajouter/",
        "/agenda/{event}/inscrits/ajouter/",
        staff_only(),
        "post",
    ),
    Row(
        "agenda/<slug:slug>/inscrits/<int:pk>/retirer/",
        "/agenda/{event}/inscrits/{registration}/retirer/",
        staff_only(),
        "post",
    ),
    Row(
        "agenda/<slug:slug>/inscrits/presences/",
        "/agenda/{event}/inscrits/presences/",
        staff_only(),
        "post",
    ),
    Row(
        "agenda/<slug:slug>/inscrits/message/",
        "/agenda/{event}/inscrits/message/",
        staff_only(),
        "post",
    ),
    # Forum ----------------------------------------------------------------------------------------
    Row("forum/", "/forum/", every("ok")),
    Row("forum/moderation/", "/forum/moderation/", moderators_only()),
    Row(
        "forum/moderation/<str:kind>/<int:pk>/<str:action>/",
        "/forum/moderation/sujet/{thread}/epingler/",
        moderators_only(),
        "post",
    ),
    # A member as moderators see them (trust level, sanctions): carrier_a here.
    Row(
        "forum/moderation/membres/<int:pk>/",
        "/forum/moderation/membres/{member_profile}/",
        moderators_only(),
    ),
    Row(
        "forum/moderation/membres/<int:pk>/lever/",
        "/forum/moderation/membres/{member_profile}/lever/",
        moderators_only(),
        "post",
    ),
    # Everyone signed in reacts, except on their own post (carrier_a wrote the reply).
    Row(
        "forum/reagir/<str:where>/<int:pk>/",
        "/forum/reagir/reponse/{reply}/",
        {**members(), "carrier_a": "403"},
        "post",
    ),
    Row("forum/membres/", "/forum/membres/?q=Cam", members(visitor="403")),
    Row("forum/apercu/", "/forum/apercu/", members(visitor="403"), "post"),
    Row("forum/images/", "/forum/images/", members(visitor="403"), "post"),
    # A tag's page lists only what each person may read (tests/forum/test_tags.py).
    Row("forum/etiquettes/<str:slug>/", "/forum/etiquettes/scia/", every("ok")),
    Row("forum/nouveau/", "/forum/nouveau/", members()),
    Row("forum/reponse/<int:pk>/", "/forum/reponse/{reply}/", every("ok")),
    # The demo reply is older than the edit window: its author may no longer edit it.
    Row(
        "forum/reponse/<int:pk>/modifier/",
        "/forum/reponse/{reply}/modifier/",
        moderators_only(),
    ),
    Row(
        "forum/reponse/<int:pk>/supprimer/",
        "/forum/reponse/{reply}/supprimer/",
        {**moderators_only(), "carrier_a": "ok"},
        "post",
    ),
    Row("forum/signaler/<str:kind>/<int:pk>/", "/forum/signaler/reponse/{reply}/", members()),
    Row("forum/sujet/<int:pk>/repondre/", "/forum/sujet/{thread}/repondre/", members(), "post"),
    # Same for the demo thread: past the edit window.
    Row(
        "forum/sujet/<int:pk>/modifier/",
        "/forum/sujet/{thread}/modifier/",
        moderators_only(),
    ),
    Row(
        "forum/sujet/<int:pk>/solution/",
        "/forum/sujet/{thread}/solution/",
        {**moderators_only(), "member": "ok"},
        "post",
    ),
    Row("forum/sujet/<int:pk>/suivre/", "/forum/sujet/{thread}/suivre/", members(), "post"),
    Row(
        "forum/sujet/<int:pk>/premier-non-lu/", "/forum/sujet/{thread}/premier-non-lu/", every("ok")
    ),
    Row("forum/ne-plus-suivre/<str:token>/", "/forum/ne-plus-suivre/faux/", every("404")),
    Row("forum/<slug:slug>/", "/forum/{category}/", every("ok")),
    Row("forum/<slug:slug>/nouveau/", "/forum/{category}/nouveau/", members()),
    Row("forum/<slug:slug>/suivre/", "/forum/{category}/suivre/", members(), "post"),
    Row("forum/<slug:slug>/flux.atom", "/forum/{category}/flux.atom", every("ok")),
    Row("forum/<slug:slug>/<int:pk>-<slug:thread_slug>/", "{thread_url}", every("ok")),
    Row("forum/<slug:slug>/", "/forum/{private_category}/", members(visitor="404")),
    # Accounts -------------------------------------------------------------------------------------
    Row("compte/profil/", "/compte/profil/", members()),
    Row("compte/membres/<int:pk>/", "/compte/membres/{member_profile}/", members()),
    Row("compte/mes-donnees.json", "/compte/mes-donnees.json", members()),
    Row("compte/supprimer-mon-compte/", "/compte/supprimer-mon-compte/", members()),
    Row("compte/notifications/", "/compte/notifications/", members()),
    # Only its recipient opens a notification; to anyone else it does not exist.
    Row(
        "compte/notifications/<int:pk>/ouvrir/",
        "/compte/notifications/{member_notification}/ouvrir/",
        {**members("404"), "member": "ok"},
    ),
    Row("compte/notifications/apercu/", "/compte/notifications/apercu/", members()),
    Row("espace/", "/espace/", members()),
]

# Whole families served by Wagtail or allauth, checked through their entry points.
FAMILIES = {
    "admin/": [
        Row("admin/", "/admin/", staff_only()),
        Row("admin/", "/admin/pages/", staff_only()),
        Row("admin/", "/admin/documents/", staff_only()),
        Row("admin/", "/admin/reports/locked/", staff_only()),
    ],
    "api/v2/": [Row("api/v2/", "/api/v2/pages/", every("ok"))],
    "compte/": [
        Row("compte/", "/compte/login/", every("ok")),
        Row("compte/", "/compte/signup/", every("ok")),
        Row("compte/", "/compte/password/reset/", every("ok")),
        Row("compte/", "/compte/email/", members()),
        Row("compte/", "/compte/password/change/", members()),
    ],
    "documents/": [
        Row(
            "documents/",
            "/documents/{resource_private_doc_wagtail}/{resource_private_doc_file}",
            members(visitor="login"),
        )
    ],  # fmt: skip
    "_util/": [Row("_util/", "/_util/login/", every("ok"))],
    "^media/": [
        Row("^media/", "/media/original_images/{demo_original_image}", every("404")),
        Row("^media/", "/media/documents/{resource_private_doc_file}", every("404")),
    ],
}


def _all_patterns():
    def walk(patterns, prefix=""):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern))
            else:
                yield prefix + str(pattern.pattern)

    return set(walk(get_resolver().url_patterns))


def test_every_url_pattern_has_a_row():
    covered = {row.pattern for row in ROWS}
    missing = sorted(
        pattern
        for pattern in _all_patterns()
        if pattern not in covered and not pattern.startswith(tuple(FAMILIES))
    )
    assert missing == [], "URL patterns without a row in the authorization matrix"


@pytest.fixture
def world(demo):
    from forum.models import Category
    from resources.choices import TextStatus
    from resources.models import ResourceDocument, ResourcePage

    partner_org = PartnerOrganisation.objects.exclude(
        memberships__user__email="partenaire@labo.test"
    ).first()
    unshared_partner = UserFactory(email="partenaire.sans.partage@labo.test")
    PartnerMembership.objects.create(organisation=partner_org, user=unshared_partner)
    users = {
        "member": demo["membre@labo.test"],
        "carrier_a": demo["porteur.a@labo.test"],
        "carrier_b": demo["porteur.b@labo.test"],
        "partner_shared": demo["partenaire@labo.test"],
        "partner_unshared": unshared_partner,
        "moderator": demo["moderation@labo.test"],
        "staff": demo["equipe@labo.test"],
        "admin": demo["admin@labo.test"],
    }
    project_a = ProjectMembership.objects.get(user=users["carrier_a"], role="referent").project
    # An open application of project B, shared with the partner's organisation.
    application_b = Application.objects.filter(
        project__memberships__user=users["carrier_b"]
    ).first()
    Application.objects.filter(pk=application_b.pk).update(closed_at=None)
    application_b.refresh_from_db()
    application_b.shared_with.add(
        PartnerOrganisation.objects.get(memberships__user=users["partner_shared"])
    )

    from projects.applications.services import application_document_upload

    document_b = application_document_upload(
        application=application_b,
        uploaded=ContentFile(b"%PDF-1.4\n%%EOF\n", name="budget.pdf"),
        title="Budget",
        by=users["staff"],
    )
    # Project B's VIURE application, open, shared, its form sent back with two versions.
    viure_b = Application.objects.get(
        project__memberships__user=users["carrier_b"], round__programme__slug="aap-viure"
    )
    Application.objects.filter(pk=viure_b.pk).update(closed_at=None)
    viure_b.shared_with.add(
        PartnerOrganisation.objects.get(memberships__user=users["partner_shared"])
    )
    viure_response = FormResponse.objects.get(application=viure_b)
    FormResponse.objects.filter(pk=viure_response.pk).update(state=FormState.REVISION)
    first = viure_response.versions.get()
    FormSubmission.objects.create(
        response=viure_response, version=2, answers=first.answers, questions=first.questions
    )
    jury = demo["jury@labo.test"]
    # Only the jury member reviews it here (the demo also asks the partner to).
    Review.objects.filter(Q(reviewer=jury) | Q(application=viure_b)).delete()
    review_b = Review.objects.create(application=viure_b, reviewer=jury)
    users["jury"] = jury
    event = EventPage.objects.get(slug="webinaire-preparer-dossier-garantie")
    registration = registration_create(event=event, user=users["member"])
    thread = Thread.objects.filter(author=users["member"], locked=False).first()
    reply = Reply.objects.filter(user=users["carrier_a"]).first()
    # The demo's conversation between carrier_a and carrier_b; another one, reported.
    conversation = Conversation.objects.get(subject=DEMO_CONVERSATION)
    reported = Conversation.objects.create(
        subject="Signalée", started_by=users["member"], last_message_at=timezone.now()
    )
    for role in ("member", "carrier_b"):
        Participant.objects.create(conversation=reported, user=users[role])
    report = Report.objects.create(conversation=reported, reporter=users["carrier_b"], details="…")
    announcement_draft = Announcement.objects.create(title="Brouillon", body="Pas encore prêt.")
    private = Category.objects.create(name="Privée", slug="privee", members_only=True)
    private_resource = ResourcePage.objects.get(slug="modele-de-statuts-de-cooperative-dhabitants")
    private_doc = ResourceDocument.objects.filter(page=private_resource).first()
    # A members-only resource's PDF, whose first page the demo drew.
    private_pdf = ResourceDocument.objects.filter(
        page__listed_for=Listing.MEMBERS, document__preview__status=TextStatus.OK
    ).first()
    from labo.notifications.models import Notification

    member_notification = Notification.objects.create(
        recipient=users["member"], kind="forum.reply", title="Une réponse", url="/forum/"
    )
    report_export = ReportExport.objects.create(
        starts_on="2025-01-01", ends_on="2025-12-31", format="csv", status=ExportStatus.DONE
    )
    report_export.file.save("rapport-activite-labo-2025.csv", ContentFile(b"Section\n"))
    values = {
        "report_export": report_export.pk,
        "member_notification": member_notification.pk,
        "project_a": project_a.slug,
        "membership_a": ProjectMembership.objects.get(
            project=project_a, user=users["carrier_a"]
        ).pk,
        "application_b": application_b.pk,
        "round_b": application_b.round_id,
        "viure_b": viure_b.pk,
        "viure_form": viure_response.form_id,
        "review_b": review_b.pk,
        "meeting_b": viure_b.meetings.order_by("pk").first().pk,
        "document_b": document_b.pk,
        "event": event.slug,
        "registration": registration.pk,
        "thread": thread.pk,
        "conversation": conversation.pk,
        "announcement": Announcement.objects.get(title=DEMO_ANNOUNCEMENT).pk,
        "announcement_draft": announcement_draft.pk,
        "conversation_report": report.pk,
        "thread_url": thread.get_absolute_url(),
        "reply": reply.pk,
        "category": thread.category.slug,
        "private_category": private.slug,
        "member_profile": users["carrier_a"].pk,
        "resource_private": private_resource.slug,
        "resource_private_pdf_page": private_pdf.page.slug,
        "resource_private_pdf": private_pdf.pk,
        "resource_private_doc": private_doc.pk,
        "resource_private_doc_wagtail": private_doc.document_id,
        "resource_private_doc_file": private_doc.document.filename,
        "demo_original_image": get_image_model()
        .objects.filter(file__startswith="original_images/")
        .first()
        .file.name.removeprefix("original_images/"),
    }
    return users, values


def _outcome(response) -> str:
    status = response.status_code
    if status in (301, 302):
        return "login" if "/compte/login/" in response["Location"] else "ok"
    if status in (200, 201, 204, 400):
        return "ok"
    return str(status)


@pytest.mark.parametrize("role", ROLES)
def test_the_authorization_matrix(world, client, role):
    """One role through every row (a test per role, so that the workers share them)."""
    users, values = world
    rows = ROWS + [row for family in FAMILIES.values() for row in family]
    unexpected, checks = [], 0
    for row in rows:
        url = row.url.format(**values)
        cache.clear()  # rate limits must not turn an allowed door into a refusal
        client.logout()
        if role != "visitor":
            client.force_login(users[role])
        with transaction.atomic():
            response = getattr(client, row.method)(url)
            transaction.set_rollback(True)  # each check starts from the same data
        checks += 1
        got = _outcome(response)
        if got != row.expected[role]:
            unexpected.append(
                f"{row.method.upper()} {url} as {role}: {got}, expected {row.expected[role]}"
            )
    report(f"authorization matrix ({role})", f"{checks} checks, {len(unexpected)} unexpected")
    assert unexpected == [], "\n".join(unexpected)
