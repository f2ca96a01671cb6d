"""Notification texts are written in Markdown (links, emphasis); lists, popovers and
e-mail subjects show them as plain text, never as raw syntax."""

from markdown_it import MarkdownIt

from labo.html_text import html_to_text

# « commonmark » with raw HTML off: whatever a text holds ends up as text.
_markdown = MarkdownIt("commonmark", {"html": False})


def plain_text(markdown: str) -> str:
    """« **décision** … [la fiche](/ressources/) » → « décision … la fiche »."""
    return html_to_text(_markdown.render(markdown or ""))
