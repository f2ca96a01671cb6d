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


def _project_reviewed(project, approved, comment, by):
    from projects.services import project_moderation_result_notify

    project_moderation_result_notify(project=project, approved=approved, comment=comment, by=by)


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projets et candidatures")

    def ready(self):
        from wagtail.signals import page_published

        from projects.models import ProjectPage

        page_published.connect(
            _project_published, sender=ProjectPage, dispatch_uid="projects.project_published"
        )

        from labo.core.moderation import register_moderation_notifier

        register_moderation_notifier(ProjectPage, _project_reviewed)

        from projects import contributions

        contributions.register()
