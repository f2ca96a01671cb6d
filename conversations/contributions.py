"""What private conversations add to the base's registries (called from
ConversationsConfig.ready())."""

from django.urls import reverse
from django.utils.translation import gettext as _

from conversations import permissions
from conversations.demo import demo_conversations
from conversations.models import Block
from conversations.personal_data import conversations_before_deletion, conversations_export
from conversations.space import SECTION as space_section
from labo.accounts.personal_data import PersonalData, register_personal_data
from labo.accounts.profile_actions import ProfileAction, register_profile_action
from labo.core.demo.registry import DemoStep, register_demo_step
from labo.core.space import register_space_section


def _write(request, member):
    user = request.user
    if not permissions.can_start_conversation(user) or member.pk == user.pk:
        return None
    if permissions.write_refusal(user, member):
        return None
    return {"label": _("Écrire un message privé"),
            "url": reverse("conversations:start") + f"?a={member.pk}"}  # fmt: skip


def _block(request, member):
    user = request.user
    if not permissions.can_use_conversations(user) or member.pk == user.pk:
        return None
    blocked = Block.objects.filter(blocker=user, blocked=member).exists()
    return {
        "label": _("Débloquer") if blocked else _("Bloquer les messages privés"),
        "url": reverse("conversations:block", args=[member.pk]),
        "post": {"bloquer": "0" if blocked else "1", "next": request.get_full_path()},
    }


def register() -> None:
    register_personal_data(
        PersonalData(
            "messages_prives",
            45,
            export=conversations_export,
            before_deletion=conversations_before_deletion,
        )
    )
    register_profile_action(ProfileAction("conversation", 10, _write))
    register_profile_action(ProfileAction("block", 90, _block))
    register_space_section(space_section)
    register_demo_step(DemoStep("conversations", 55, lambda site: demo_conversations()))
