from django import template
from django.utils.translation import ngettext

from forum.links import link_for
from forum.permissions import can_react
from forum.reactions import THREAD_POST, reaction_bar_context
from forum.rendering import (
    RepliesPage,
    member_badge_html,
    post_html,
    reaction_bar_html,
    replies_html,
)
from forum.selectors import threads_about

register = template.Library()


@register.filter
def markdown(text: str, mentions=None) -> str:
    """A post's Markdown as HTML (forum.rendering.post_html), with the page's `mentions`
    (forum.mentions.mention_names) linked."""
    return post_html(text, mentions)


@register.filter
def quoted(text: str) -> str:
    """A post as a Markdown quotation, to start a reply with."""
    return "\n".join("> " + line for line in (text or "").splitlines()) + "\n\n"


@register.inclusion_tag("forum/components/related_threads.html", takes_context=True)
def forum_related_threads(context, page):
    """« Au forum » on a project's, a resource's or an event's page: the threads linked to it
    that this person may read, and a link to start one."""
    user = context["request"].user
    link = link_for(page)
    return {
        "threads": threads_about(user, link, page.pk),
        "param": link.param,
        "page": page,
        "request": context["request"],
    }


# A thread's counts, « 1 réponse », « 12 vues »: filters rather than `{% blocktranslate count %}`,
# which renders both forms as templates before choosing one (a list of 25 threads shows 50).
@register.filter
def reply_count_label(count: int) -> str:
    return ngettext("%(counter)s réponse", "%(counter)s réponses", count) % {"counter": count}


@register.filter
def view_count_label(count: int) -> str:
    return ngettext("%(counter)s vue", "%(counter)s vues", count) % {"counter": count}


@register.simple_tag(takes_context=True)
def reaction_bar(context, thread):
    """The opening post's « Merci », « +1 », « Utile » (the replies' come with them,
    forum.rendering): buttons for a member who may react (pressed for those they gave:
    `reactions_given`), the counts alone for everyone else."""
    user = context["request"].user
    given = (context.get("reactions_given") or {}).get((THREAD_POST, thread.pk), frozenset())
    may_react = can_react(user, thread=thread, author_id=thread.author_id)
    bar = reaction_bar_context(THREAD_POST, thread, given=given, can_react=may_react)
    return reaction_bar_html(bar, context.get("csrf_token"))


@register.simple_tag(takes_context=True)
def forum_replies(context, replies):
    """The replies of a thread's page (forum.rendering)."""
    return replies_html(replies, RepliesPage.from_context(context))


@register.simple_tag(takes_context=True)
def member_badge(context, member):
    """For moderators, beside an author's name: their trust level (`trust_levels`), whether
    they are silenced, and the way to their moderation page."""
    return member_badge_html(context["request"].user, member, context.get("trust_levels"))
