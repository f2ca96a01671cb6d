"""HTML as the words a person reads: what the search indexes and shows in its excerpts, and
what plain-text notifications show. `strip_tags` alone glues the last word of a paragraph to
the first of the next (« partageons.Nous »): a block's end is a space."""

import re
from html import unescape

from django.utils.html import escape, strip_tags

# The end of a block, a line break or a table cell: where a reader sees a space.
_BLOCK_END = re.compile(
    r"<(?:br|hr|img)\b[^>]*>|</(?:p|div|li|ul|ol|h[1-6]|blockquote|pre|tr|td|th|figure|"
    r"figcaption|section|article|table|dd|dt)\s*>",
    re.IGNORECASE,
)


def html_to_text(html: str) -> str:
    """« <p>Nous partageons.</p><p>Nous tenons</p> » → « Nous partageons. Nous tenons »."""
    if not html:
        return ""
    return " ".join(unescape(strip_tags(_BLOCK_END.sub(" ", str(html)))).split())


def text_to_html(text: str) -> str:
    """Plain text typed on the site (a carrier's profile, a proposed event), as safe
    paragraphs for a rich text field: a blank line between paragraphs, a line break kept."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join(
        "<p>" + "<br>".join(escape(line) for line in p.split("\n")) + "</p>" for p in paragraphs
    )
