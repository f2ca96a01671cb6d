"""The appointments fixed before meetings existed (a kind, a date and a place written in the
timeline) become meetings, so that the dashboard, which now counts meetings, keeps counting
them. Their teams are their participants; no e-mail is sent."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import migrations

# « Pré-audition le 17/03/2025 14:00 – La Cité » (services) or « … le 17/03/2025 à 10:00 – … ».
WRITTEN = re.compile(r"le (\d{2}/\d{2}/\d{4})(?: à)? (\d{2}:\d{2})(?: – (.*))?$")


def forwards(apps, schema_editor):
    ApplicationEvent = apps.get_model("projects", "ApplicationEvent")
    Meeting = apps.get_model("projects", "Meeting")
    ProjectMembership = apps.get_model("projects", "ProjectMembership")
    paris = ZoneInfo("Europe/Paris")
    events = (
        ApplicationEvent.objects.filter(kind="rendez-vous")
        .exclude(appointment_kind="")
        .select_related("application")
    )
    for event in events.iterator():
        match = WRITTEN.search(event.text)
        if match:
            starts_at = datetime.strptime(f"{match[1]} {match[2]}", "%d/%m/%Y %H:%M").replace(
                tzinfo=paris
            )
            place = (match[3] or "")[:300]
        else:
            starts_at, place = event.created_at, ""
        meeting = Meeting.objects.create(
            round_id=event.application.round_id,
            kind=event.appointment_kind,
            starts_at=starts_at,
            ends_at=starts_at + timedelta(hours=1),
            place=place,
            created_by_id=event.actor_id,
        )
        meeting.applications.add(event.application)
        meeting.participants.add(
            *ProjectMembership.objects.filter(project_id=event.application.project_id).values_list(
                "user_id", flat=True
            )
        )


class Migration(migrations.Migration):
    dependencies = [("projects", "0016_meetings")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
