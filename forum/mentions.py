"""@mentions: "@Camille Roux" names a member by their display name. Display names have
spaces, so the longest run of words after "@" that is a member's name wins."""

import re

from django.contrib.auth import get_user_model

MENTION_START = re.compile(r"(?:^|(?<=[\s(>]))@([^\s@][^\n@]{0,80})")
MAX_MENTIONS = 10


def mentioned_users(text: str) -> list:
    """The active members named in `text` (at most MAX_MENTIONS), in order of appearance."""
    User = get_user_model()
    candidates = [match.group(1).split() for match in MENTION_START.finditer(text or "")]
    candidates = [words[:5] for words in candidates if words]
    if not candidates:
        return []
    first_words = {words[0].strip(".,;:!?»)") for words in candidates}
    names = {}
    for first in first_words:
        for user in User.objects.filter(is_active=True, display_name__istartswith=first)[:50]:
            names[user.display_name.casefold()] = user
    found = []
    for words in candidates:
        for size in range(len(words), 0, -1):
            name = " ".join(words[:size]).rstrip(".,;:!?»)").casefold()
            user = names.get(name)
            if user is not None:
                if user not in found:
                    found.append(user)
                break
    return found[:MAX_MENTIONS]
