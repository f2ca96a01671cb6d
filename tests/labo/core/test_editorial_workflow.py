"""The "Relecture" workflow: staff approve what is submitted; revisions and history stay."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Page, Workflow, WorkflowPage, WorkflowState

from labo.core.models import StandardPage
from labo.roles import STAFF_GROUP

pytestmark = pytest.mark.django_db


@pytest.mark.smoke
def test_relecture_workflow_covers_the_whole_page_tree_and_is_run_by_staff():
    workflow = Workflow.objects.get(name="Relecture", active=True)
    assert WorkflowPage.objects.get(page=Page.objects.get(depth=1)).workflow == workflow
    (task,) = [t.specific for t in workflow.tasks]
    assert list(task.groups.all()) == [Group.objects.get(name=STAFF_GROUP)]
    assert Workflow.objects.filter(active=True).count() == 1


def test_a_submitted_page_waits_for_staff_approval_before_going_live(demo, client):
    home = Page.objects.get(slug="accueil")
    page = StandardPage(title="Nos rencontres locales", slug="rencontres-locales", live=False)
    home.add_child(instance=page)
    revision = page.save_revision(user=demo["membre@labo.test"])

    workflow = page.get_workflow()
    assert workflow.name == "Relecture"
    state = workflow.start(page, demo["membre@labo.test"])
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert client.get("/rencontres-locales/").status_code == 404

    task_state = state.current_task_state
    task = task_state.task.specific
    assert not task.user_can_access_editor(page, demo["moderation@labo.test"])
    assert task.user_can_access_editor(page, demo["equipe@labo.test"])
    task.on_action(task_state, demo["equipe@labo.test"], "approve", comment="Parfait, merci !")

    page.refresh_from_db()
    assert page.live
    assert page.live_revision == revision
    assert client.get("/rencontres-locales/").status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/admin/pages/{home}/",
        "/admin/pages/{labo}/edit/",
        "/admin/pages/{labo}/history/",
        "/admin/reports/site-history/",
        "/admin/reports/workflow/",
    ],
)
def test_staff_have_the_editor_revisions_and_audit_log(demo, client, url):
    ids = {
        "home": Page.objects.get(slug="accueil").pk,
        "labo": Page.objects.get(slug="le-labo").pk,
    }
    client.force_login(demo["equipe@labo.test"])
    assert client.get(url.format(**ids)).status_code == 200
    client.force_login(demo["moderation@labo.test"])
    assert client.get(url.format(**ids)).status_code == 403


def test_a_publication_scheduled_by_staff_goes_live_when_its_time_comes(demo):
    import time
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    page = Page.objects.get(slug="charte").specific
    page.title = "Charte du Labo (version 2026)"
    page.go_live_at = timezone.now() + timedelta(seconds=2)
    revision = page.save_revision(user=demo["equipe@labo.test"])
    revision.publish(user=demo["equipe@labo.test"])  # what "Publier" does with a future date

    call_command("publish_scheduled", verbosity=0)
    assert Page.objects.get(pk=page.pk).title == "Charte"
    time.sleep(2.1)
    call_command("publish_scheduled", verbosity=0)
    assert Page.objects.get(pk=page.pk).title == "Charte du Labo (version 2026)"
