"""The editorial workflow "Relecture": every page submitted for moderation is approved (or sent
back with a comment) by the CRESS team. Created by a data migration, on the whole page tree."""

from labo.roles import STAFF_GROUP

WORKFLOW_NAME = "Relecture"
TASK_NAME = "Validation par l'équipe CRESS"


def ensure_relecture_workflow(apps) -> None:
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    staff, _ = Group.objects.get_or_create(name=STAFF_GROUP)
    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=TASK_NAME, content_type=task_type, active=True)
    task.groups.set([staff])

    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.get(depth=1)
    # Wagtail's default "Moderators approval" workflow sat on the root; ours replaces it.
    previous = WorkflowPage.objects.filter(page=root).exclude(workflow=workflow)
    old_workflow_ids = list(previous.values_list("workflow_id", flat=True))
    previous.delete()
    WorkflowPage.objects.get_or_create(page=root, defaults={"workflow": workflow})
    Workflow.objects.filter(pk__in=old_workflow_ids).exclude(pk=workflow.pk).update(active=False)
