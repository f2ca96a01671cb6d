"""Results of the "Relecture" workflow, told to the right people.

Carriers and members who submit content (project profiles, resource proposals) never use the
Wagtail admin: they hear about the review through the platform's notifications, with a link to
the site. Each app registers a notifier for its page type; other pages keep Wagtail's own
e-mails to staff."""

from wagtail.admin import signal_handlers as wagtail_handlers
from wagtail.models import WorkflowState
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
        comment = ""
        if not approved and instance.current_task_state:
            comment = instance.current_task_state.specific.get_comment()
        notifier(target, approved, comment, user)

    return handler


def connect_moderation_signals() -> None:
    for signal, approved, uid in (
        (workflow_approved, True, "workflow_state_approved_email_notification"),
        (workflow_rejected, False, "workflow_state_rejected_email_notification"),
    ):
        signal.disconnect(sender=WorkflowState, dispatch_uid=uid)
        signal.connect(
            _handler(approved), sender=WorkflowState, dispatch_uid=f"labo.{uid}", weak=False
        )
