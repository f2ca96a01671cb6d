"""The carrier's side of each stage (issue 24, point 5): what happens next, the documents with
their state and deadline, a reminder before a deadline, the meetings to come."""

from datetime import timedelta

import pytest
from django.utils import timezone

from labo.notifications.models import Notification
from projects.applications import selectors, services
from projects.models import Application, RequiredDocument

pytestmark = pytest.mark.django_db

SLUG = "les-toits-partages-du-lauragais"


def _viure_a():
    return Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")


def _move(application, demo, stage_name):
    return services.application_move_to_stage(
        application=application,
        stage=application.round.programme.stages.get(staff_name=stage_name),
        by=demo["equipe@labo.test"],
    )


def test_a_document_deadline_counts_from_its_stage_and_turns_late(demo):
    application = _move(_viure_a(), demo, "Pré-audition")
    presentation = RequiredDocument.objects.get(
        programme=application.round.programme, name="Présentation du projet"
    )
    assert presentation.due_within_days == 10  # migration 0019
    items = {item["requirement"].name: item for item in selectors.document_states(application)}
    assert items["Présentation du projet"]["state"] == "a-deposer"
    assert items["Présentation du projet"]["due_on"] == timezone.localdate() + timedelta(days=10)
    # Later stages' documents have no deadline yet.
    assert items["Plan de financement"]["state"] == "non-requis"
    assert items["Plan de financement"]["due_on"] is None

    RequiredDocument.objects.filter(pk=presentation.pk).update(due_within_days=0)
    application.events.filter(to_stage__staff_name="Pré-audition").update(
        created_at=timezone.now() - timedelta(days=2)
    )
    items = {item["requirement"].name: item for item in selectors.document_states(application)}
    assert items["Présentation du projet"]["state"] == "en-retard"
    assert items["Présentation du projet"]["state_label"] == "En retard"


def test_the_team_is_reminded_three_days_before_a_document_deadline(demo):
    _move(_viure_a(), demo, "Pré-audition")
    RequiredDocument.objects.filter(name="Présentation du projet").update(due_within_days=3)
    sent = services.application_reminders_send()
    assert sent["due_documents"] == 1
    reminder = Notification.objects.get(
        recipient=demo["porteur.a@labo.test"], title__startswith="À fournir d'ici le"
    )
    assert "Présentation du projet" in reminder.body
    # Another team, without a deadline three days away, hears nothing.
    assert not Notification.objects.filter(
        recipient=demo["porteur.b@labo.test"], title__startswith="À fournir d'ici le"
    ).exists()


def test_the_team_reads_what_comes_next_its_deadlines_and_its_meetings_to_come(demo, client):
    application = _move(_viure_a(), demo, "Pré-audition")
    client.force_login(demo["porteur.a@labo.test"])
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert "Et maintenant ?" in page
    due = timezone.localdate() + timedelta(days=10)
    assert "À fournir avant le" in page and str(due.year) in page
    meetings = page.split('id="rendez-vous"')[1].split("</section>")[0]
    assert "Pré-audition" in meetings and "à venir" in meetings
    assert "Entretien préalable" in meetings  # held, listed after
    # A jury member reviews the file, not the meetings around it.
    from projects.models import Review

    Review.objects.get_or_create(application=application, reviewer=demo["jury@labo.test"])
    client.force_login(demo["jury@labo.test"])
    page = client.get(f"/candidatures/{application.pk}/").content.decode()
    assert 'id="rendez-vous"' not in page
