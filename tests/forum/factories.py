import uuid

from forum import services
from forum.models import Category, Thread


def category(slug: str = "montage-juridique") -> Category:
    return Category.objects.get(slug=slug)


def make_thread(author, *, title="Une question de montage", body="Le détail de la question.",
                category_slug="montage-juridique", **fields) -> Thread:  # fmt: skip
    return services.thread_create(
        category=category(category_slug), author=author, title=title, body=body, **fields
    )


def make_replies(thread, users, count: int, text="Une réponse utile."):
    """`count` published replies, alternating between `users`."""
    return [
        services.reply_create(thread=thread, user=users[i % len(users)], text=f"{text} n° {i}")
        for i in range(count)
    ]


def token() -> str:
    return str(uuid.uuid4())
