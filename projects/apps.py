from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _project_published(sender, instance, revision, **kwargs):
    # Wagtail publishes from its own views and workflows: this only hands over to the service.
    from wagtail.models import PageLogEntry

    from projects.services import project_published_notify

    previous = (
        PageLogEntry.objects.filter(page=instance, action="wagtail.publish")
        .exclude(revision=revision)
        .exclude(revision=None)
        .order_by("-timestamp")
        .select_related("revision")
        .first()
    )
    previous_seeking = previous.revision.as_object().seeking_households if previous else None
    project_published_notify(project=instance, previous_seeking=previous_seeking)


def _moderation_result(approved: bool):
    """Teams of projects hear about their review through the platform's notifications, with a
    link to their project; Wagtail's own e-mail (with admin links they cannot use) is kept for
    the editorial pages that staff submit."""
    from wagtail.admin import signal_handlers as wagtail_handlers

    wagtail_notifier = (
        wagtail_handlers.workflow_approval_email_notifier
        if approved
        else wagtail_handlers.workflow_rejection_email_notifier
    )

    def handler(sender, instance, user=None, **kwargs):
        from projects.models import ProjectPage
        from projects.services import project_moderation_result_notify

        target = instance.content_object
        if isinstance(getattr(target, "specific", None), ProjectPage):
            comment = ""
            if not approved and instance.current_task_state:
                comment = instance.current_task_state.specific.get_comment()
            project_moderation_result_notify(
                project=target.specific, approved=approved, comment=comment, by=user
            )
        else:
            wagtail_notifier(sender=sender, instance=instance, user=user, **kwargs)

    return handler


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets et candidatures")

    def ready(self):
        from wagtail.signals import page_published

        from projects.models import ProjectPage

        page_published.connect(
            _project_published, sender=ProjectPage, dispatch_uid="projects.project_published"
        )

        from wagtail.models import WorkflowState
        from wagtail.signals import workflow_approved, workflow_rejected

        for signal, approved, uid in (
            (workflow_approved, True, "workflow_state_approved_email_notification"),
            (workflow_rejected, False, "workflow_state_rejected_email_notification"),
        ):
            signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
            signal.connect(
                _moderation_result(approved),
                sender=WorkflowState,
                dispatch_uid=f"projects.{uid}",
                weak=False,
            )
