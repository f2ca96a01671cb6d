"""Announcements: written, previewed, tried and sent by staff to a segment of the members who
accepted them, in batches with their progress; unsubscribing stops announcements only; an
archive for members; nobody else writes or sends."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from announcements.models import Announcement, AnnouncementStatus, Delivery, Segment
from announcements.segments import recipients_of
from events.choices import RegistrationStatus
from events.models import EventPage, Registration
from forum.models import Category, CategoryFollow
from labo.accounts.models import PartnerMembership
from labo.notifications.models import (
    EmailFrequency,
    Notification,
    NotificationPreference,
    QueuedEmail,
)
from labo.notifications.tokens import unsubscribe_token
from projects.models import ProjectFollow, ProjectPage
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _form(**fields):
    return {
        "title": "Visite de chantier le 14 novembre",
        "body": "Les Toits Partagés ouvrent leur chantier : **inscrivez-vous** à l'agenda.",
        "segment": Segment.PROJECT_FOLLOWERS,
        "in_archive": "on",
        **fields,
    }


@pytest.fixture
def followers(demo):
    project = ProjectPage.objects.get(slug=SLUG)
    for email in ("membre@labo.test", "porteur.b@labo.test", "partenaire@labo.test"):
        ProjectFollow.objects.get_or_create(user=demo[email], project=project)
    # One follower never accepted announcements: they get nothing.
    NotificationPreference.objects.filter(user=demo["partenaire@labo.test"]).update(
        announcements_accepted=False
    )
    return project


def test_staff_send_to_the_followers_of_a_project_in_batches(
    demo, client, followers, settings, django_capture_on_commit_callbacks
):
    settings.ANNOUNCEMENTS_BATCH_SIZE = 1  # one task per recipient: the batches are visible
    client.force_login(demo["equipe@labo.test"])
    response = client.post("/annonces/nouvelle/", _form(project=followers.pk, action="apercu"))
    announcement = Announcement.objects.get(title="Visite de chantier le 14 novembre")
    assert response["Location"] == f"/annonces/{announcement.pk}/modifier/?apercu=1"
    page = client.get(response["Location"]).content.decode()
    assert "<strong>inscrivez-vous</strong>" in page  # the preview
    assert "Elle partira à 2 personnes" in page and "sur 3 dans ce segment" in page

    client.post(f"/annonces/{announcement.pk}/modifier/", _form(project=followers.pk,
                                                                action="essai"))  # fmt: skip
    trial = QueuedEmail.objects.get(to="equipe@labo.test")
    assert "[Essai]" in trial.subject and "inscrivez-vous" in trial.body
    assert not Notification.objects.filter(kind="announcements.message").exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/annonces/{announcement.pk}/modifier/", _form(project=followers.pk, action="envoyer")
        )
    assert response["Location"] == f"/annonces/{announcement.pk}/envoi/"
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENT
    assert (announcement.recipients_count, announcement.sent_count) == (2, 2)
    told = set(
        Notification.objects.filter(kind="announcements.message").values_list(
            "recipient__email", flat=True
        )
    )
    assert told == {"membre@labo.test", "porteur.b@labo.test"}
    progress = client.get(f"/annonces/{announcement.pk}/envoi/").content.decode()
    assert "Envoyée à 2 personnes" in progress
    # Sent once: the form is closed, a second send refused.
    response = client.post(
        f"/annonces/{announcement.pk}/modifier/", _form(project=followers.pk, action="envoyer")
    )
    assert response["Location"] == f"/annonces/{announcement.pk}/envoi/"
    assert Notification.objects.filter(kind="announcements.message").count() == 2


def test_the_progress_is_shown_while_sending(demo, client, followers):
    announcement = Announcement.objects.create(
        title="En cours", body="Un texte assez long.", segment=Segment.ALL,
        status=AnnouncementStatus.SENDING, recipients_count=40, sent_count=15,
    )  # fmt: skip
    client.force_login(demo["equipe@labo.test"])
    html = client.get(f"/annonces/{announcement.pk}/envoi/").content.decode()
    assert "15 sur 40 envoyées" in html and 'hx-trigger="every 2s"' in html
    fragment = client.get(f"/annonces/{announcement.pk}/envoi/", HTTP_HX_REQUEST="true")
    assert fragment.content.decode().startswith('<section id="announcement-progress"')


def test_each_segment_names_the_right_members(demo):
    def emails(**fields):
        return set(recipients_of(Announcement(**fields)).values_list("email", flat=True))

    everyone = emails(segment=Segment.ALL)
    assert "membre@labo.test" in everyone and len(everyone) >= 8
    assert emails(segment=Segment.DEPARTEMENTS, departements=["81"]) == {"membre@labo.test"}
    category = Category.objects.get(slug="foncier")
    CategoryFollow.objects.create(user=demo["jury@labo.test"], category=category)
    assert "jury@labo.test" in emails(segment=Segment.CATEGORY_FOLLOWERS, category=category)
    assert emails(segment=Segment.PARTNERS) == set(
        PartnerMembership.objects.values_list("user__email", flat=True)
    )
    past = EventPage.objects.filter(ends_at__lt=timezone.now()).first()
    Registration.objects.create(
        event=past, user=demo["jury@labo.test"], status=RegistrationStatus.CONFIRMED
    )
    assert "jury@labo.test" in emails(segment=Segment.PAST_REGISTRANTS, event=past)
    assert "jury@labo.test" in emails(segment=Segment.PAST_REGISTRANTS)
    viure = demo["porteur.a@labo.test"].project_memberships.first().project.applications.first()
    carriers = emails(segment=Segment.PROGRAMME_CARRIERS, programme=viure.round.programme)
    assert "porteur.a@labo.test" in carriers and "membre@labo.test" not in carriers
    # A member who did not accept announcements is in no segment's recipients.
    newcomer = UserFactory()
    assert newcomer.email not in emails(segment=Segment.ALL)


def test_unsubscribing_stops_announcements_only(demo, client):
    member = demo["membre@labo.test"]
    token = unsubscribe_token(member.pk, "announcements")
    page = client.get(f"/compte/notifications/desabonnement/{token}/").content.decode()
    assert "Annonces de l" in page
    client.post(f"/compte/notifications/desabonnement/{token}/")
    preference = NotificationPreference.objects.get(user=member)
    assert preference.announcements_accepted is False
    assert preference.by_family["announcements"] == EmailFrequency.OFF
    assert preference.email_frequency != EmailFrequency.OFF  # the forum's e-mails go on
    assert member.email not in recipients_of(Announcement(segment=Segment.ALL)).values_list(
        "email", flat=True
    )
    # Accepted again from the profile.
    client.force_login(member)
    form = client.get("/compte/profil/").content.decode()
    assert 'name="announcements_accepted"' in form


def test_who_may_not_write_send_or_read(demo, client):
    draft = Announcement.objects.create(title="Brouillon", body="Pas encore prêt.")
    sent = Announcement.objects.create(
        title="Partie", body="Déjà envoyée.", status=AnnouncementStatus.SENT,
        sent_at=timezone.now(),
    )  # fmt: skip
    hidden = Announcement.objects.create(
        title="Hors archives", body="Envoyée, pas archivée.", status=AnnouncementStatus.SENT,
        sent_at=timezone.now(), in_archive=False,
    )  # fmt: skip
    client.force_login(demo["membre@labo.test"])
    archive = client.get("/annonces/").content.decode()
    assert "Partie" in archive and "Brouillon" not in archive and "Hors archives" not in archive
    assert client.get(f"/annonces/{sent.pk}/").status_code == 200
    assert client.get(f"/annonces/{draft.pk}/").status_code == 404
    assert client.get(f"/annonces/{hidden.pk}/").status_code == 404
    # Its recipients still open it from their notification; nobody else does.
    Delivery.objects.create(announcement=hidden, user=demo["porteur.a@labo.test"])
    assert client.get(f"/annonces/{hidden.pk}/").status_code == 404
    client.force_login(demo["porteur.a@labo.test"])
    assert client.get(f"/annonces/{hidden.pk}/").status_code == 200
    client.force_login(demo["membre@labo.test"])
    for url in ("/annonces/nouvelle/", f"/annonces/{draft.pk}/modifier/",
                f"/annonces/{draft.pk}/envoi/"):  # fmt: skip
        assert client.get(url).status_code == 403
    response = client.post(f"/annonces/{draft.pk}/modifier/", _form(segment="tous",
                                                                   action="envoyer"))  # fmt: skip
    assert response.status_code == 403
    draft.refresh_from_db()
    assert draft.is_draft and not Delivery.objects.filter(announcement=draft).exists()
    client.force_login(demo["moderation@labo.test"])
    assert client.get("/annonces/nouvelle/").status_code == 403
    client.logout()
    response = client.get("/annonces/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")


def test_a_bad_form_keeps_what_was_typed(demo, client):
    client.force_login(demo["equipe@labo.test"])
    response = client.post("/annonces/nouvelle/", _form(title="Sans projet choisi"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "Choisissez le projet." in html and "Sans projet choisi" in html
    assert not Announcement.objects.filter(title="Sans projet choisi").exists()


def test_a_stopped_send_resumes_without_sending_twice(
    demo, settings, django_capture_on_commit_callbacks
):
    settings.ANNOUNCEMENTS_BATCH_SIZE = 2
    announcement = Announcement.objects.create(
        title="Reprise", body="Un envoi interrompu.", segment=Segment.ALL,
        status=AnnouncementStatus.SENDING, last_batch_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    members = list(recipients_of(announcement)[:3])
    done, *left = members
    Delivery.objects.create(announcement=announcement, user=done, delivered_at=timezone.now())
    for member in left:
        Delivery.objects.create(announcement=announcement, user=member)
    Announcement.objects.filter(pk=announcement.pk).update(recipients_count=3, sent_count=1)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_announcements", verbosity=0)
    announcement.refresh_from_db()
    assert announcement.status == AnnouncementStatus.SENT and announcement.sent_count == 3
    told = Notification.objects.filter(kind="announcements.message")
    assert set(told.values_list("recipient_id", flat=True)) == {m.pk for m in left}
