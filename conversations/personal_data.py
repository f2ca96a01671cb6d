"""A member's conversations for their data export: the subjects, who took part, what they
wrote (others' messages are others' data); their blocks and their setting. Before the account
goes, its seats go (its messages stay, signed « membre supprimé »)."""

from conversations.models import Block, ConversationSettings, Message, Participant
from conversations.services import member_conversations_forget
from labo.accounts.personal_data import iso


def conversations_export(user) -> dict:
    seats = Participant.objects.filter(user=user).select_related("conversation")
    setting = ConversationSettings.objects.filter(user=user).first()
    return {
        "accepte_les_messages_prives": setting.accepts_messages if setting else True,
        "conversations": [
            {
                "objet": seat.conversation.subject,
                "rejointe": iso(seat.joined_at),
                "quittee": iso(seat.left_at),
                "mes_messages": [
                    {"message": m.body, "date": iso(m.created_at)}
                    for m in Message.objects.filter(conversation=seat.conversation, author=user)
                ],
            }
            for seat in seats
        ],
        "membres_bloques": [
            b.blocked.display_name
            for b in Block.objects.filter(blocker=user).select_related("blocked")
        ],
    }


def conversations_before_deletion(user) -> None:
    member_conversations_forget(user=user)
