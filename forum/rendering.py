"""A thread's replies and a post's reaction bar, written as HTML in Python.

A page of a thread shows 30 replies, each with its bar of reactions: as templates, they were
most of the page's time for a signed-in member (some 2,300 template nodes a page, each a
variable lookup or a tag), where the HTML of a reply is a few fixed lines around the reply's
own values. As Django's admin builds the rows of its change lists in Python, they are built
here, with f-strings rather than `format_html` (which escapes every piece again, nested ones
included: some 45 calls of `escape` a reply): every value that comes from a person or the
database goes through `escape` (the standard library's, which Django's own calls), and what
is the same for every reply of a page (permissions, labels, addresses) is worked out, and
escaped, once (`RepliesPage`). The moderators' tools (`moderation_buttons.html`,
`member_badge.html`) stay templates: only moderators see them.

tests/forum/test_rendering.py holds the hostile values these functions must escape."""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from html import escape

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from forum.markdown import render_markdown
from forum.mentions import link_mentions
from forum.models import PostStatus, TrustLevel
from forum.permissions import can_react_on_replies, can_see_sanctions
from forum.reactions import REPLY_POST, reaction_bar_context
from labo.core.templatetags.labo_tags import avatar, moment
from labo.permissions import is_silenced

# An id no object has: reversed once, then replaced by each reply's (see `_address_of`).
_MARKER = 987654321


def _address_of(name: str, *args) -> Callable[[int], str]:
    """`pk -> address` for a URL whose last argument is an object's id, escaped for an
    attribute: reversed once for a page instead of once per reply. The id is an `<int:…>`
    converter's digits, so putting another id in the marker's place gives what `reverse`
    would."""
    prefix, suffix = escape(reverse(name, args=[*args, _MARKER])).split(str(_MARKER))
    return lambda pk: f"{prefix}{int(pk)}{suffix}"


def csrf_input(csrf_token) -> str:
    """What `{% csrf_token %}` writes (django.template.defaulttags.CsrfTokenNode)."""
    if not csrf_token or csrf_token == "NOTPROVIDED":  # noqa: S105 (Django's marker, no secret)
        return ""
    return f'<input type="hidden" name="csrfmiddlewaretoken" value="{escape(str(csrf_token))}">'


def reaction_bar_html(bar: dict, csrf_token, error: str = "") -> SafeString:
    """A post's « Merci », « +1 », « Utile » (`forum.reactions.reaction_bar_context`): buttons
    for a member who may react, the counts alone for everyone else, nothing when there is
    neither."""
    post, counts = bar["post"], bar["counts"]
    if not (bar["can_react"] or post.reaction_counts):
        return mark_safe("\n")  # noqa: S308  # nosec
    dom_id = escape(bar["dom_id"])
    if bar["can_react"]:
        buttons = "".join(
            f'<button type="submit" name="reaction" value="{escape(reaction.kind)}" '
            f'class="reaction{" reaction--mine" if reaction.mine else ""}" '
            f'aria-pressed="{reaction.pressed}">{escape(reaction.label)}{_count(reaction)}'
            "</button>\n    "
            for reaction in counts
        )
        action = escape(bar["action"])
        refusal = f'<p class="reactions__error" role="alert">{escape(error)}</p>' if error else ""
        inside = (
            f'\n  <form method="post" action="{action}" hx-post="{action}" '
            f'hx-target="#{dom_id}" hx-swap="outerHTML" class="reactions__form">'
            f"{csrf_input(csrf_token)}\n    {buttons}\n  </form>\n  {refusal}\n  "
        )
    else:
        spans = "".join(
            f'<span class="reaction reaction--static">{escape(reaction.label)}{_count(reaction)}'
            "</span>\n    "
            for reaction in counts
            if reaction.count
        )
        inside = f"\n    {spans}\n  "
    # Reviewed: every value above is escaped, or an int, or one of our fixed words.
    return mark_safe(  # noqa: S308  # nosec
        f'<div class="reactions" id="{dom_id}" role="group" '
        f'aria-label="{escape(gettext("Réactions"))}">\n  {inside}\n</div>\n'
    )


def _count(reaction) -> str:
    if not reaction.count:
        return ""
    return (
        f' <span class="reaction__count">{int(reaction.count)}</span>'
        f'<span class="visually-hidden">{escape(reaction.count_label)}</span>'
    )


def member_badge_html(viewer, member, trust_levels) -> SafeString:
    """For moderators, beside an author's name: their trust level, whether they are silenced,
    and the way to their moderation page; nothing for anyone else."""
    if member is None or not can_see_sanctions(viewer):
        return render_to_string("forum/components/member_badge.html", {"shown": False})
    level = (trust_levels or {}).get(member.pk, TrustLevel.NEW)
    return render_to_string(
        "forum/components/member_badge.html",
        {
            "shown": True,
            "member": member,
            "level": level,
            "level_label": TrustLevel(level).label,
            "is_silenced": is_silenced(member),
        },
    )


@dataclass
class RepliesPage:
    """What every reply of one page shares: the thread, who reads (and what they may do), the
    mentions' links, the reactions they gave, the authors' trust levels for moderators."""

    thread: object
    request: object
    csrf_token: object
    can_reply: bool = False
    can_mark_solution: bool = False
    can_moderate: bool = False
    can_flag: bool = False
    mentions: dict = field(default_factory=dict)
    reactions_given: dict = field(default_factory=dict)
    trust_levels: dict = field(default_factory=dict)

    @classmethod
    def from_context(cls, context) -> "RepliesPage":
        return cls(
            thread=context["thread"],
            request=context["request"],
            csrf_token=context.get("csrf_token"),
            can_reply=bool(context.get("can_reply")),
            can_mark_solution=bool(context.get("can_mark_solution")),
            can_moderate=bool(context.get("can_moderate")),
            can_flag=bool(context.get("can_flag")),
            mentions=context.get("mentions") or {},
            reactions_given=context.get("reactions_given") or {},
            trust_levels=context.get("trust_levels") or {},
        )

    @cached_property
    def user(self):
        return self.request.user

    @cached_property
    def labels(self) -> dict[str, str]:
        """The page's words, translated and escaped once."""
        return {
            key: escape(gettext(text))
            for key, text in (
                ("deleted", "Message supprimé."),
                ("deleted_member", "membre supprimé"),
                ("edited", "modifié"),
                ("solution", "Réponse retenue"),
                ("pending", "En attente de modération"),
                ("hidden", "Masqué"),
                ("quote", "Citer"),
                ("reply", "Répondre"),
                ("mark_solution", "Marquer comme solution"),
                ("edit", "Modifier"),
                ("delete", "Supprimer"),
                ("message", "Message privé"),
                ("flag", "Signaler"),
            )
        }

    @cached_property
    def addresses(self) -> dict:
        """Escaped for attributes: a reply's (`pk -> address`) and the page's."""
        return {
            "reply": _address_of("forum:reply"),
            "edit": _address_of("forum:reply_edit"),
            "delete": _address_of("forum:reply_delete"),
            "flag": _address_of("forum:flag", REPLY_POST),
            "react": _address_of("forum:react", REPLY_POST),
            "solution": escape(reverse("forum:solution", args=[self.thread.pk])),
            "message": escape(reverse("conversations:start")),
        }

    @cached_property
    def may_react_on(self):
        return can_react_on_replies(self.user, thread=self.thread)

    @cached_property
    def csrf(self) -> str:
        return csrf_input(self.csrf_token)


def replies_html(replies, page: RepliesPage) -> SafeString:
    # Reviewed: each reply's HTML escapes its values (`reply_html`).
    return mark_safe("".join(reply_html(reply, page) for reply in replies))  # noqa: S308  # nosec


def reply_html(reply, page: RepliesPage) -> str:
    """One reply of `page`, as forum/components/replies.html lists them."""
    labels = page.labels
    is_solution = page.thread.solution_id == reply.pk
    classes = f"post post--level-{int(reply.level)}"
    if is_solution:
        classes += " post--solution"
    if not reply.is_published:
        classes += " post--muted"
    if reply.is_deleted:
        inside = f'\n    <p class="post__placeholder">{labels["deleted"]}</p>\n  '
    else:
        inside = (
            f"\n  {_header(reply, page, is_solution)}\n"
            f'  <div class="post__body prose">{post_html(reply.comment, page.mentions)}</div>\n'
            f"  {_reaction_bar(reply, page)}\n"
            f"  {_footer(reply, page, is_solution)}\n"
            f'  <textarea hidden id="reply-{int(reply.pk)}-source" aria-hidden="true" '
            f'tabindex="-1">{escape(reply.comment)}</textarea>\n  '
        )
    return f'<li id="reply-{int(reply.pk)}" class="{classes}" tabindex="-1">\n  {inside}\n</li>\n'


def _header(reply, page: RepliesPage, is_solution: bool) -> str:
    labels = page.labels
    if reply.user:
        picture = avatar({"request": page.request}, reply.user, "small")
        author = f"{picture} {escape(reply.user.display_name)}"
    else:
        author = labels["deleted_member"]
    badge = member_badge_html(page.user, reply.user, page.trust_levels) if page.can_moderate else ""
    edited = ""
    if reply.edited_at:
        when = dateformat.format(timezone.localtime(reply.edited_at), "j F Y à H:i")
        edited = f'<span class="card__meta" title="{escape(when)}">· {labels["edited"]}</span>'
    solution = (
        f'<span class="badge badge--success">{labels["solution"]}</span>' if is_solution else ""
    )
    state = ""
    if reply.status == PostStatus.PENDING:
        state = f'<span class="badge badge--warning">{labels["pending"]}</span>'
    elif reply.status == PostStatus.HIDDEN:
        state = f'<span class="badge badge--warning">{labels["hidden"]}</span>'
    return (
        f'<header class="post__header">\n    <span class="post__author">{author}</span>{badge}\n'
        f'    <a class="card__meta" href="{page.addresses["reply"](reply.pk)}">'
        f"{moment(reply.submit_date)}</a>\n    {edited}\n    {solution}\n    {state}\n"
        "  </header>"
    )


def post_html(text: str, mentions=None) -> SafeString:
    """A post's Markdown as HTML, through the forum's one sanitising function; with a page's
    `mentions` (forum.mentions.mention_names), each « @Name » links to the member."""
    html = render_markdown(text)
    if mentions:
        html = link_mentions(html, mentions)
    # Reviewed: render_markdown escapes raw HTML and cleans with an nh3 allow-list; the
    # mention links are built with format_html around names from the database.
    return mark_safe(html)  # noqa: S308  # nosec


def _reaction_bar(reply, page: RepliesPage) -> str:
    given = page.reactions_given.get((REPLY_POST, reply.pk), frozenset())
    bar = reaction_bar_context(
        REPLY_POST,
        reply,
        given=given,
        can_react=page.may_react_on(reply),
        action=page.addresses["react"](reply.pk),
    )
    return reaction_bar_html(bar, page.csrf_token)


def _footer(reply, page: RepliesPage, is_solution: bool) -> str:
    labels, addresses, user = page.labels, page.addresses, page.user
    pk, published = int(reply.pk), reply.is_published
    reply_to = solution = edit = flag = moderation = ""
    if page.can_reply and published:
        name = escape(reply.user.display_name) if reply.user else ""
        reply_to = (
            f'\n      <a href="?citer={pk}#repondre" data-quote="reply-{pk}-source">'
            f"{labels['quote']}</a>\n"
            f'      <a href="?repondre_a={pk}#repondre" data-reply-to="{pk}" '
            f'data-reply-name="{name}">{labels["reply"]}</a>\n    '
        )
    if page.can_mark_solution and published and not is_solution:
        solution = (
            f'<form method="post" action="{addresses["solution"]}">{page.csrf}'
            f'<input type="hidden" name="reply" value="{pk}">'
            f'<button type="submit" class="button--link">{labels["mark_solution"]}</button></form>'
        )
    if reply.user_id == user.pk or page.can_moderate:
        edit = (
            f'<a href="{addresses["edit"](pk)}">{labels["edit"]}</a>\n'
            f'      <form method="post" action="{addresses["delete"](pk)}">{page.csrf}'
            f'<button type="submit" class="button--link">{labels["delete"]}</button></form>'
        )
    if page.can_flag and reply.user_id != user.pk:
        if reply.user:
            flag = (
                f'<a href="{addresses["message"]}?a={int(reply.user_id)}">{labels["message"]}</a>'
            )
        flag += f'\n      <a href="{addresses["flag"](pk)}">{labels["flag"]}</a>'
    if page.can_moderate:
        moderation = render_to_string(
            "forum/components/moderation_buttons.html",
            {
                "kind": REPLY_POST,
                "target": reply,
                "request": page.request,
                "csrf_token": page.csrf_token,
            },
        )
    return (
        f'<footer class="post__actions">\n    {reply_to}\n    {solution}\n    {edit}\n'
        f"    {flag}\n    {moderation}\n  </footer>"
    )
