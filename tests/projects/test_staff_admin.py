"""Staff screens in the Wagtail admin: filtered project listing, stale profiles report and the
reminder to referents."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from projects.models import ProjectPage

pytestmark = pytest.mark.django_db


def test_staff_filter_projects_by_departement_stage_and_pending_moderation(demo, client):
    client.force_login(demo["equipe@labo.test"])
    html = client.get("/admin/projects_listing/", {"departement": "12"}).content.decode()
    assert "Écohameau du Causse" in html and "Casa Comuna" not in html
    html = client.get("/admin/projects_listing/", {"stage": "habite"}).content.decode()
    assert "Maisons du Quercy" in html and "Écohameau du Causse" not in html
    html = client.get("/admin/projects_listing/", {"pending_moderation": "true"}).content.decode()
    # The demo has two edits waiting for review.
    assert "La Maison des Quatre Saisons" in html and "Écohameau du Causse" in html
    assert "Casa Comuna" not in html


def test_stale_profiles_report_and_one_click_reminder(
    demo, client, django_capture_on_commit_callbacks
):
    fresh = timezone.localdate() - timedelta(days=10)
    ProjectPage.objects.exclude(slug="casa-comuna").update(last_confirmed_at=fresh)
    ProjectPage.objects.filter(slug="casa-comuna").update(
        last_confirmed_at=fresh - timedelta(days=400)
    )
    client.force_login(demo["equipe@labo.test"])
    html = client.get("/admin/projets/a-confirmer/").content.decode()
    assert "Casa Comuna" in html and "Maisons du Quercy" not in html

    with django_capture_on_commit_callbacks(execute=True):
        client.post("/admin/projets/a-confirmer/relancer/")
    reminders = [m for m in mail.outbox if "votre fiche est-elle à jour" in m.subject]
    assert len(reminders) == 1
    assert reminders[0].to == ["referent.projet11@labo.test"]
    assert "/projets/casa-comuna/apercu/" in reminders[0].body


@pytest.mark.parametrize("email", ["moderation@labo.test", "porteur.a@labo.test"])
def test_non_staff_reach_neither_the_listing_nor_the_reminder(demo, client, email):
    client.force_login(demo[email])
    assert client.get("/admin/projects_listing/").status_code == 403
    assert client.post("/admin/projets/a-confirmer/relancer/").status_code == 403
    assert mail.outbox == []
