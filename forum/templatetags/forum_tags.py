from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import ngettext

from forum.links import link_for
from forum.markdown import render_markdown
from forum.mentions import link_mentions
from forum.permissions import can_react
from forum.reactions import REPLY_POST, THREAD_POST, reaction_bar_context
from forum.rendering import RepliesPage, member_badge_html, reaction_bar_html, replies_html
from forum.selectors import threads_about

register = template.Library()


@register.filter
def markdown(text: str, mentions=None) -> str:
    """A post's Markdown as HTML, through the forum's one sanitising function; with the
    page's `mentions` (forum.mentions.mention_names), each « @Name » links to the member."""
    html = render_markdown(text)
    if mentions:
        html = link_mentions(html, mentions)
    # Reviewed: render_markdown escapes raw HTML and cleans with an nh3 allow-list; the
    # mention links are built with format_html around names from the database.
    return mark_safe(html)  # noqa: S308  # nosec


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
def reaction_bar(context, post):
    """A post's « Merci », « +1 », « Utile »: buttons for a member who may react (pressed for
    those they gave: `reactions_given`), the counts alone for everyone else."""
    thread = context["thread"]
    is_reply = post is not thread
    where = REPLY_POST if is_reply else THREAD_POST
    user = context["request"].user
    author_id = post.user_id if is_reply else thread.author_id
    given = (context.get("reactions_given") or {}).get((where, post.pk), frozenset())
    may_react = (not is_reply or post.is_published) and can_react(
        user, thread=thread, author_id=author_id
    )
    bar = reaction_bar_context(where, post, given=given, can_react=may_react)
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
