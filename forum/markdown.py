"""The one way user text becomes HTML in the forum: markdown-it-py in its "js-default" mode
(raw HTML is text, unsafe link schemes are dropped) with bare links made clickable, then nh3
with a strict allow-list. Templates print the result of `render_markdown` only."""

from functools import lru_cache

import nh3
from markdown_it import MarkdownIt

_markdown = MarkdownIt("js-default", {"linkify": True, "typographer": False}).enable("linkify")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}, "th": {"align"}, "td": {"align"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def _demote_headings(html: str) -> str:
    # A post never outranks the page's own headings: # and ## become h3, the rest h4.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    for level in (5, 6):
        html = html.replace(f"<h{level}>", "<h4>").replace(f"</h{level}>", "</h4>")
    return html


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    """Safe HTML for a thread or a reply. Images are dropped: they would load from anywhere
    and track readers. The same text always gives the same HTML, so each process keeps the
    last 2,048 results (a page of 30 replies spent 20 ms rendering them)."""
    html = _demote_headings(_markdown.render(text or ""))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
    )


def count_links(text: str) -> int:
    """Links a post would contain once rendered (for the limits on new accounts)."""
    return render_markdown(text).count("<a ")
