"""Demo conversation for `manage.py load_demo`: two carriers arranging a visit (written
directly: no notification goes out). membre@labo.test has none, to start one."""

from datetime import timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from conversations.models import Conversation, Message, Participant

SUBJECT = "Visite du chantier des Toits Partagés"
MESSAGES = [
    (
        "porteur.b@labo.test",
        "Bonjour Camille ! Nous aimerions voir votre chantier avant de "
        "lancer le nôtre au Grand Pic : auriez-vous un samedi en octobre ?",
    ),  # fmt: skip
    (
        "porteur.a@labo.test",
        "Avec plaisir ! Le samedi 17 au matin vous irait ? Nous ferons le "
        "tour des parties communes, puis un café avec le groupe.",
    ),  # fmt: skip
    ("porteur.b@labo.test", "Parfait, nous viendrons à trois. Merci beaucoup !"),
]


def demo_conversations() -> list[Conversation]:
    if Conversation.objects.filter(subject=SUBJECT).exists():
        return []
    users = {u.email: u for u in get_user_model().objects.filter(email__endswith="@labo.test")}
    if not all(email in users for email, _text in MESSAGES):
        return []
    start = timezone.now() - timedelta(days=12)
    conversation = Conversation.objects.create(
        subject=SUBJECT,
        started_by=users[MESSAGES[0][0]],
        last_message_at=start + timedelta(hours=len(MESSAGES)),
    )
    for index, (email, text) in enumerate(MESSAGES):
        message = Message.objects.create(conversation=conversation, author=users[email], body=text)
        Message.objects.filter(pk=message.pk).update(created_at=start + timedelta(hours=index + 1))
    Conversation.objects.filter(pk=conversation.pk).update(created_at=start)
    for email in ("porteur.a@labo.test", "porteur.b@labo.test"):
        Participant.objects.create(
            conversation=conversation,
            user=users[email],
            last_read_at=start + timedelta(hours=len(MESSAGES)),
        )
    return [conversation]
