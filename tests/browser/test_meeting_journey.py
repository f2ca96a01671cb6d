"""The CRESS team fixes a pré-audition in Chromium; the carrier finds it on their application,
opens it and adds it to their calendar: the file a real iCalendar parser reads is the one the
invitation e-mail carried (same UID)."""

from datetime import timedelta
from pathlib import Path

import icalendar
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from projects.models import Application, Meeting
from tests.browser.conftest import sign_in

SLUG = "les-toits-partages-du-lauragais"


def test_staff_fix_a_meeting_and_the_carrier_adds_it_to_their_calendar(page, demo):
    application = Application.objects.get(project__slug=SLUG, round__programme__slug="aap-viure")
    day = timezone.localdate() + timedelta(days=30)
    mail.outbox.clear()
    sign_in(page, "equipe@labo.test")
    page.goto(f"/candidatures/{application.pk}/")
    page.get_by_role("link", name="Fixer un rendez-vous").click()
    page.get_by_label("Type").select_option(label="Entretien préalable")
    page.get_by_label("Jour").fill(day.isoformat())
    page.get_by_label("Début").fill("10:00")
    page.get_by_label("Fin").fill("09:00")  # a slip: refused, nothing typed lost
    page.get_by_label("Lieu (adresse)").fill("Locaux de la CRESS, Toulouse")
    page.get_by_role("button", name="Fixer le rendez-vous et inviter").click()
    expect(page.get_by_text("La fin du rendez-vous doit suivre son début.")).to_be_visible()
    expect(page.get_by_label("Lieu (adresse)")).to_have_value("Locaux de la CRESS, Toulouse")
    page.get_by_label("Fin").fill("11:30")
    page.get_by_role("button", name="Fixer le rendez-vous et inviter").click()
    expect(page.get_by_text("Le rendez-vous est fixé")).to_be_visible()
    meeting = Meeting.objects.latest("pk")
    assert (timezone.localtime(meeting.starts_at).hour, meeting.kind) == (10, "entretien")
    invitation = next(m for m in mail.outbox if m.to == ["porteur.a@labo.test"])
    sent_uid = str(
        icalendar.Calendar.from_ical(invitation.attachments[0][1]).walk("VEVENT")[0]["UID"]
    )

    carrier = page.new_person()
    sign_in(carrier, "porteur.a@labo.test")
    carrier.goto(f"/candidatures/{application.pk}/")
    meetings = carrier.locator("#rendez-vous")
    expect(meetings).to_contain_text("Entretien préalable")
    meetings.get_by_role("link", name="Entretien préalable").first.click()
    expect(carrier.get_by_role("heading", name="Pour vous préparer")).to_be_visible()
    with carrier.expect_download() as download:
        carrier.get_by_role("link", name="Ajouter à mon agenda (.ics)").click()
    calendar = icalendar.Calendar.from_ical(Path(download.value.path()).read_bytes())
    vevent = calendar.walk("VEVENT")[0]
    assert str(vevent["UID"]) == sent_uid
    assert vevent.decoded("DTSTART").hour == 10
