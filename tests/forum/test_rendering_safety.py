"""User text reaches pages, feeds and e-mails only through forum.markdown.render_markdown:
a corpus of XSS payloads in titles, bodies, replies and mentions leaves no script, no event
handler and no javascript: or data: link anywhere."""

import re
from html.parser import HTMLParser

import pytest
from defusedxml import ElementTree
from django.core import mail

from forum import moderation, services
from forum.markdown import render_markdown
from tests.forum.factories import make_thread

pytestmark = pytest.mark.django_db

XSS_CORPUS = [
    "<script>alert('xss')</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)><circle r=1></svg>",
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "![x](javascript:alert(1))",
    '<a href="javascript:alert(1)">lien</a>',
    '<iframe src="https://exemple.fr"></iframe>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '"><script>alert(1)</script>',
    "<scr<script>ipt>alert(1)</script>",
    "<<b>script>alert(1)<</b>/script>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '[a](https://exemple.fr "title" onmouseover=alert(1))',
    "<details open ontoggle=alert(1)>",
    "`<script>alert(1)</script>`",
    "@<script>alert(1)</script>",
    # Pictures: a description that tries to leave its attribute, an address that tries too.
    '![" onerror="alert(1)](/media/forum/abcdefghijklmnopqrst_10x10.webp)',
    "![<img src=x onerror=alert(1)>](/media/forum/abcdefghijklmnopqrst_10x10.webp)",
    '![x](/media/forum/abcdefghijklmnopqrst_10x10.webp"onerror="alert(1))',
]


class _Inspector(HTMLParser):
    """Every element and attribute of a page, as a browser would build them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in {"iframe", "object", "embed", "svg", "math", "style", "base"}:
            self.problems.append(f"<{tag}>")
        if tag == "img" and not (attrs.get("src") or "").startswith(("/media/", "/static/")):
            self.problems.append("<img> from elsewhere")
        if tag == "script" and not (
            (attrs.get("src") or "").startswith("/static/")
            or attrs.get("type") == "application/ld+json"
        ):
            self.problems.append("<script> inline")
        for name, value in attrs.items():
            if name.startswith("on"):
                self.problems.append(f"{tag}[{name}]")
            if name in {"href", "src", "action", "formaction"} and re.match(
                r"\s*(javascript|data|vbscript):", value or "", re.I
            ):
                self.problems.append(f"{tag}[{name}={value}]")


def _dangers(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    return inspector.problems


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_render_markdown_neutralises_the_payload(payload):
    assert _dangers(render_markdown(payload)) == []


def test_links_are_marked_as_user_content():
    html = render_markdown(
        "Voir https://www.cressoccitanie.org et [la Région](https://www.laregion.fr)"
    )
    assert html.count('rel="nofollow ugc noopener"') == 2


@pytest.mark.parametrize("payload", XSS_CORPUS)
def test_payloads_in_threads_and_replies_are_inert_on_every_surface(
    demo, client, payload, django_capture_on_commit_callbacks
):
    author, replier = demo["membre@labo.test"], demo["porteur.a@labo.test"]
    thread = make_thread(author, title=f"Question {payload}"[:150], body=f"Corps {payload}")
    with django_capture_on_commit_callbacks(execute=True):
        reply = services.reply_create(
            thread=thread, user=replier, text=f"Réponse {payload} @Léa Dupuy"
        )
    surfaces = {
        "category": client.get("/forum/montage-juridique/"),
        "index": client.get("/forum/"),
        "thread": client.get(thread.get_absolute_url()),
        "feed": client.get("/forum/montage-juridique/flux.atom"),
    }
    client.force_login(demo["moderation@labo.test"])
    moderation.flag_create(
        user=demo["partenaire@labo.test"], reason="autre", details=payload, reply=reply
    )
    surfaces["moderation"] = client.get("/forum/moderation/")
    for name, response in surfaces.items():
        assert response.status_code == 200, name
        body = response.content.decode()
        if name == "feed":
            # Titles are text; summaries are HTML a feed reader will render: inspect those.
            atom = "{http://www.w3.org/2005/Atom}"
            entries = ElementTree.fromstring(response.content).iter(f"{atom}entry")
            body = "".join(entry.findtext(f"{atom}summary") or "" for entry in entries)
            assert "Corps" in body
        assert _dangers(body) == [], (name, payload)
    # The mention reached Léa Dupuy by e-mail: its HTML part is inert too.
    mentions = [m for m in mail.outbox if m.to == ["membre@labo.test"]]
    assert mentions
    for message in mentions:
        for content, _mimetype in message.alternatives:
            assert _dangers(content) == [], payload
