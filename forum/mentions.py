"""@mentions: "@Camille Roux" names a member by their display name. Display names have
spaces, so the longest run of words after "@" that is a member's name wins."""

import re
from html import escape

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.html import format_html

from labo.core.expressions import UnicodeUpper

MENTION_START = re.compile(r"(?:^|(?<=[\s(>]))@([^\s@][^\n@]{0,80})")
MAX_MENTIONS = 10
# A name is at most this many words; a page looks up at most this many spellings.
MAX_NAME_WORDS = 5
MAX_SPELLINGS = 300
_TRAILING = ".,;:!?»)"
_TAG = re.compile(r"(<[^>]+>)")
_MENTION_IN_HTML = re.compile(r"(?:^|(?<=[\s(]))@([^\s@<][^@<]{0,80})")


def _word_runs(texts) -> list[list[str]]:
    """The words after each « @ » of `texts`, as many as a name may have."""
    runs = []
    for text in texts:
        for match in MENTION_START.finditer(text or ""):
            words = match.group(1).split()[:MAX_NAME_WORDS]
            if words:
                runs.append(words)
    return runs


def _members_named(runs):
    """The active members whose name, whatever its case, is one of the runs' beginnings: one
    query, on the index of upper-cased names."""
    spellings = {
        " ".join(words[:size]).rstrip(_TRAILING).upper()
        for words in runs
        for size in range(1, len(words) + 1)
    }
    spellings = sorted(spelling for spelling in spellings if spelling)[:MAX_SPELLINGS]
    if not spellings:
        return get_user_model().objects.none()
    return (
        get_user_model()
        .objects.alias(upper_name=UnicodeUpper("display_name"))
        .filter(upper_name__in=spellings, is_active=True)
    )


def _longest_match(words: list[str], known: dict):
    for size in range(len(words), 0, -1):
        found = known.get(" ".join(words[:size]).rstrip(_TRAILING).upper())
        if found is not None:
            return found
    return None


def mentioned_users(text: str) -> list:
    """The active members named in `text` (at most MAX_MENTIONS), in order of appearance;
    the longest run of words that is a member's name wins."""
    runs = _word_runs([text])
    if not runs:
        return []
    known = {user.display_name.upper(): user for user in _members_named(runs)}
    found = []
    for words in runs:
        user = _longest_match(words, known)
        if user is not None and user not in found:
            found.append(user)
    return found[:MAX_MENTIONS]


def mention_names(texts) -> dict[str, tuple[int, str]]:
    """The members named by « @Name » anywhere in `texts` (a thread, a page of replies), as
    {upper-cased display name: (pk, display name)}, in one query for the whole page."""
    runs = _word_runs(texts)
    if not runs:
        return {}
    named = _members_named(runs).values_list("pk", "display_name")
    return {name.upper(): (pk, name) for pk, name in named}


def link_mentions(html: str, names: dict[str, tuple[int, str]]) -> str:
    """The sanitised HTML of a post with each « @Name » of a member made a link to their
    profile: outside tags, links and code only; the longest name that matches wins."""
    if "@" not in html or not names:
        return html
    # Names appear escaped in the HTML (an apostrophe as &#x27;).
    escaped = {escape(name, quote=True).upper(): (pk, name) for pk, name in names.values()}
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
    for size in range(min(len(words), MAX_NAME_WORDS), 0, -1):
        name = " ".join(words[:size]).rstrip(_TRAILING)
        found = escaped.get(name.upper())
        if found:
            pk, display_name = found
            link = format_html(
                '<a class="mention" href="{}">@{}</a>',
                reverse("accounts:profile_detail", args=[pk]),
                display_name,
            )
            return f"{link}{match.group(0)[1 + len(name) :]}"
    return match.group(0)
