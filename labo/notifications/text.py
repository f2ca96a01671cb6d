"""Notification texts are written in Markdown (links, emphasis); lists, popovers and
e-mail subjects show them as plain text, never as raw syntax."""

from html import unescape

from django.utils.html import strip_tags
from markdown_it import MarkdownIt

# « commonmark » with raw HTML off: whatever a text holds ends up as text.
_markdown = MarkdownIt("commonmark", {"html": False})


def plain_text(markdown: str) -> str:
    """« **décision** … [la fiche](/ressources/) » → « décision … la fiche »."""
    html = _markdown.render(markdown or "")
    return " ".join(unescape(strip_tags(html)).split())
