"""@mentions: "@Camille Roux" names a member by their display name. Display names have
spaces, so the longest run of words after "@" that is a member's name wins."""

import re
from functools import reduce
from html import escape
from operator import or_

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse
from django.utils.html import format_html

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


# At most this many different first words are looked up for one page's mentions.
MAX_FIRST_WORDS = 60
_TAG = re.compile(r"(<[^>]+>)")
_MENTION_IN_HTML = re.compile(r"(?:^|(?<=[\s(]))@([^\s@<][^@<]{0,80})")


def mention_names(texts) -> dict[str, tuple[int, str]]:
    """The members named by « @Name » anywhere in `texts` (a thread and its page of replies),
    as {casefolded display name: (pk, display name)}, in one query for the whole page."""
    first_words = set()
    for text in texts:
        for match in MENTION_START.finditer(text or ""):
            words = match.group(1).split()
            if words:
                first_words.add(words[0].strip(".,;:!?»)"))
    first_words = sorted(word for word in first_words if word)[:MAX_FIRST_WORDS]
    if not first_words:
        return {}
    starts = reduce(or_, (Q(display_name__istartswith=word) for word in first_words))
    members = get_user_model().objects.filter(starts, is_active=True)
    return {
        name.casefold(): (pk, name)
        for pk, name in members.values_list("pk", "display_name")[: MAX_FIRST_WORDS * 5]
    }


def link_mentions(html: str, names: dict[str, tuple[int, str]]) -> str:
    """The sanitised HTML of a post with each « @Name » of a member made a link to their
    profile: outside tags, links and code only; the longest name that matches wins."""
    if "@" not in html or not names:
        return html
    escaped = {escape(name, quote=True).casefold(): value for name, value in names.items()}
    parts = _TAG.split(html)
    inside = 0
    for index, part in enumerate(parts):
        if index % 2:
            tag = part[1:].split(None, 1)[0].rstrip(">").lower() if len(part) > 2 else ""
            if tag in ("a", "code", "pre"):
                inside += 1
            elif tag in ("/a", "/code", "/pre"):
                inside = max(0, inside - 1)
            continue
        if inside or "@" not in part:
            continue
        parts[index] = _MENTION_IN_HTML.sub(lambda match: _link(match, escaped), part)
    return "".join(parts)


def _link(match, escaped: dict) -> str:
    words = match.group(1).split(" ")
    for size in range(min(len(words), 5), 0, -1):
        candidate = " ".join(words[:size])
        name = candidate.rstrip(".,;:!?»)")
        found = escaped.get(name.casefold())
        if found:
            pk, display_name = found
            link = format_html(
                '<a class="mention" href="{}">@{}</a>',
                reverse("accounts:profile_detail", args=[pk]),
                display_name,
            )
            rest = match.group(0)[1 + len(name) :]
            return f"{link}{rest}"
    return match.group(0)
