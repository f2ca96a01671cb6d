from django import template
from django.utils.safestring import mark_safe

from forum.markdown import render_markdown

register = template.Library()


@register.filter
def markdown(text: str) -> str:
    """A post's Markdown as HTML, through the forum's one sanitising function."""
    return mark_safe(render_markdown(text))  # noqa: S308 (nh3 allow-list in render_markdown)


@register.filter
def quoted(text: str) -> str:
    """A post as a Markdown quotation, to start a reply with."""
    return "\n".join("> " + line for line in (text or "").splitlines()) + "\n\n"
