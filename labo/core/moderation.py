"""Results of the "Relecture" workflow, told to the right people.

Carriers and members who submit content (project profiles, resource proposals) never use the
Wagtail admin: they hear about the review through the platform's notifications, with a link to
the site. Each app registers a notifier for its page type; other pages keep Wagtail's own
e-mails to staff."""

from wagtail.admin import signal_handlers as wagtail_handlers
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

_notifiers: dict = {}


def register_moderation_notifier(page_model, notifier) -> None:
    """notifier(page, approved: bool, comment: str, by) is called after a review."""
    _notifiers[page_model] = notifier


def _handler(approved: bool):
    wagtail_notifier = (
        wagtail_handlers.workflow_approval_email_notifier
        if approved
        else wagtail_handlers.workflow_rejection_email_notifier
    )

    def handler(sender, instance, user=None, **kwargs):
        target = getattr(instance.content_object, "specific", None)
        notifier = _notifiers.get(type(target))
        if notifier is None:
            wagtail_notifier(sender=sender, instance=instance, user=user, **kwargs)
            return
        notifier(target, approved, _review_comment(instance), user)

    return handler


def _review_comment(state: WorkflowState) -> str:
    """The reviewer's last comment, whether they approved or asked for changes: a carrier
    hears « publié, avec une remarque » as well as « à reprendre, parce que… »."""
    return (
        TaskState.objects.filter(workflow_state=state)
        .exclude(comment="")
        .order_by("-finished_at", "-pk")
        .values_list("comment", flat=True)
        .first()
        or ""
    )


def connect_moderation_signals() -> None:
    for signal, approved, uid in (
        (workflow_approved, True, "workflow_state_approved_email_notification"),
        (workflow_rejected, False, "workflow_state_rejected_email_notification"),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(
            _handler(approved), sender=WorkflowState, dispatch_uid=f"labo.{uid}", weak=False
        )
