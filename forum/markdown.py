"""The one way user text becomes HTML in the forum: markdown-it-py in its "js-default" mode
(raw HTML is text, unsafe link schemes are dropped) with bare links made clickable, then nh3
with a strict allow-list. Templates print the result of `render_markdown` only."""

import re
from functools import lru_cache

import nh3
from django.conf import settings
from django.utils.html import escape
from markdown_it import MarkdownIt

_markdown = MarkdownIt("js-default", {"linkify": True, "typographer": False}).enable("linkify")

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h3", "h4", "hr", "table", "thead", "tbody", "tr", "th", "td", "img",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "ol": {"start"},
    "th": {"align"},
    "td": {"align"},
    "img": {"src", "alt", "width", "height", "loading", "decoding"},
}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
LINK_REL = "nofollow ugc noopener"


def _own_image(src: str) -> re.Match | None:
    """A picture uploaded to the forum (forum.images): its address names its size."""
    return re.fullmatch(
        re.escape(settings.MEDIA_URL) + r"forum/[A-Za-z0-9_-]{16,}_(\d{1,4})x(\d{1,4})\.webp", src
    )


def _image(self, tokens, idx, options, env) -> str:
    """Markdown's `![description](address)`: a picture only when it was uploaded here (one
    from elsewhere would load from anywhere and tell its owner who reads); otherwise its
    description, as text."""
    token = tokens[idx]
    alt = self.renderInlineAsText(token.children or [], options, env)
    own = _own_image(token.attrGet("src") or "")
    if own is None:
        return escape(alt)
    return (
        f'<img src="{escape(own.group(0))}" alt="{escape(alt)}" width="{own.group(1)}" '
        f'height="{own.group(2)}" loading="lazy" decoding="async">'
    )


_markdown.add_render_rule("image", _image)


def _only_own_images(tag: str, attribute: str, value: str) -> str | None:
    # nh3's last word on every attribute: an <img> keeps an address of the forum's only.
    if tag == "img" and attribute == "src" and _own_image(value) is None:
        return None
    return value


def _demote_headings(html: str) -> str:
    # A post never outranks the page's own headings: # and ## become h3, the rest h4.
    for level in (1, 2):
        html = html.replace(f"<h{level}>", "<h3>").replace(f"</h{level}>", "</h3>")
    for level in (5, 6):
        html = html.replace(f"<h{level}>", "<h4>").replace(f"</h{level}>", "</h4>")
    return html


@lru_cache(maxsize=2048)
def render_markdown(text: str) -> str:
    """Safe HTML for a thread or a reply. Only pictures uploaded to the forum are shown (see
    `_image`). The same text always gives the same HTML, so each process keeps the last 2,048
    results (a page of 30 replies spent 20 ms rendering them)."""
    html = _demote_headings(_markdown.render(text or ""))
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel=LINK_REL,
        strip_comments=True,
        attribute_filter=_only_own_images,
    )


def count_links(text: str) -> int:
    """Links a post would contain once rendered (for the limits on new accounts)."""
    return render_markdown(text).count("<a ")
