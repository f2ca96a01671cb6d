"""The CRESS team's statistics page: every figure a chart, a table and a CSV, counted right,
for staff only; and the home page's key figures computed from the data where it exists."""

import csv
import io

import pytest
from django.utils import timezone

from events.choices import RegistrationStatus
from events.models import EventPage, Registration
from events.statistics import event_participants, registrations_and_attendance
from forum.statistics import active_members_per_month, posts_per_month
from labo.core.charts import bar_chart
from labo.core.member_statistics import members_per_departement, members_per_month
from labo.core.models import HomePage
from labo.core.statistics import Table, statistics
from projects.applications.models import Application
from projects.selectors import public_projects
from projects.statistics import applications_reached, projects_per_stage
from tests.forum.factories import make_thread
from tests.labo.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_staff_read_every_figure_as_chart_table_and_csv(demo, client):
    client.force_login(demo["equipe@labo.test"])
    page = client.get("/statistiques/").content.decode()
    names = [entry.name for entry in statistics]
    assert len(names) >= 8
    for entry in statistics:
        assert f'id="{entry.name}"' in page and str(entry.title) in page
        response = client.get(f"/statistiques/{entry.name}.csv")
        assert response["Content-Type"].startswith("text/csv")
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == [str(column) for column in entry.compute().columns]
    assert page.count('role="img"') >= len(names) - 1  # a figure with nothing to count has none
    assert client.get("/statistiques/inconnue.csv").status_code == 404


def test_nobody_else_reads_them(demo, client):
    for email in ("membre@labo.test", "moderation@labo.test", "partenaire@labo.test"):
        client.force_login(demo[email])
        assert client.get("/statistiques/").status_code == 403
        assert client.get("/statistiques/membres.csv").status_code == 403
    client.logout()
    response = client.get("/statistiques/")
    assert response.status_code == 302 and response["Location"].startswith("/compte/login/")


def test_the_figures_count_right(demo):
    before = members_per_month().rows[-1]
    UserFactory()
    after = members_per_month().rows[-1]
    assert (after[1], after[2]) == (before[1] + 1, before[2] + 1)
    tarn = dict(members_per_departement().rows)["Tarn"]
    assert tarn >= 1  # membre@labo.test lives in the Tarn (81)

    threads_before, replies_before = posts_per_month().rows[-1][1:]
    active_before = active_members_per_month().rows[-1][1]
    newcomer = UserFactory()
    make_thread(newcomer, title="Un sujet de ce mois-ci")
    threads, replies = posts_per_month().rows[-1][1:]
    assert (threads, replies) == (threads_before + 1, replies_before)
    assert active_members_per_month().rows[-1][1] == active_before + 1

    stages = dict(projects_per_stage().rows)
    assert sum(stages.values()) == public_projects().count()


def test_events_count_people_registered_and_present(demo):
    event = EventPage.objects.filter(ends_at__lt=timezone.now()).order_by("-starts_at").first()
    Registration.objects.filter(event=event).delete()
    for index, attended in enumerate((True, True, False)):
        Registration.objects.create(
            event=event, user=UserFactory(), status=RegistrationStatus.CONFIRMED,
            companions=1 if index == 0 else 0, attended=attended,
        )  # fmt: skip
    row = next(r for r in registrations_and_attendance().rows if r[0].startswith(event.title))
    assert row[1:] == [4, 3]  # 3 people and 1 companion registered; 2 people and 1 came
    assert event_participants(f"evenement:{event.pk}") == 3
    Registration.objects.filter(event=event).update(attended=None)
    assert event_participants(f"evenement:{event.pk}") == 4  # not marked: those registered
    Registration.objects.filter(event=event).delete()
    assert event_participants(f"evenement:{event.pk}") is None
    # The organisers' count, when they typed one, as the activity report counts.
    EventPage.objects.filter(pk=event.pk).update(participants_count=104)
    assert event_participants(f"evenement:{event.pk}") == 104


def test_the_home_page_figures_follow_the_data(demo, client):
    application = Application.objects.select_related("stage").first()
    reached = applications_reached(f"candidatures:{application.stage_id}")
    assert reached >= 1
    home = HomePage.objects.get()
    home.key_figures = [
        ("figure", {"value": "", "label": "candidatures à cette étape",
                    "source": f"candidatures:{application.stage_id}"}),
        ("figure", {"value": "100+", "label": "participants au lancement",
                    "source": "evenement:999999"}),  # no such event: the typed value shows
        ("figure", {"value": "13", "label": "départements", "source": ""}),
    ]  # fmt: skip
    home.save_revision().publish()
    html = client.get("/").content.decode()
    assert f'<span class="figure__value">{reached}</span>' in html
    assert '<span class="figure__value">100+</span>' in html
    assert '<span class="figure__value">13</span>' in html


def test_a_chart_has_a_bar_per_value_and_its_title():
    table = Table(columns=["Mois", "Sujets", "Réponses"], rows=[["janv.", 3, 9], ["févr.", 0, 4]])
    chart = bar_chart(table)
    assert len(chart["bars"]) == 4 and chart["legend"] == ["Sujets", "Réponses"]
    widest = max(bar.width for bar in chart["bars"])
    assert next(bar for bar in chart["bars"] if bar.value == 9).width == widest
    assert next(bar for bar in chart["bars"] if bar.value == 0).width == 0
