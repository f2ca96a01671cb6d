"""What a site serves, as JSON on standard output: the body of its main pages (without the
values that change at every request), the bytes of its public documents and of application
documents fetched by their carriers, and its row counts. Run in a process of its own against a
database (DATABASE_URL) and media folders, to compare two sites: tests/labo/
test_backup_restore.py compares a site with the one restored from its backup."""

import hashlib
import json
import re
import sys
from pathlib import Path

import django

VOLATILE = [
    re.compile(r'nonce="[^"]*"'),
    re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"'),
    re.compile(r'"csrfToken": "[^"]*"'),
]


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    text = content.decode("utf-8", errors="replace")
    for pattern in VOLATILE:
        text = pattern.sub("", text)
    return text


def _digest(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return hashlib.sha256(content).hexdigest()


def main() -> None:
    django.setup()
    from django.conf import settings
    from django.test import Client
    from django.urls import reverse
    from wagtail.documents import get_document_model

    from forum.models import Thread
    from labo.accounts.models import User
    from labo.accounts.two_factor import two_factor_required
    from projects.applications.models import ApplicationDocument
    from projects.applications.permissions import is_application_team
    from projects.models import ProjectPage
    from resources.models import ResourcePage
    from search.models import SearchDocument

    visitor = Client()
    paths = ["/", "/projets/", "/ressources/", "/agenda/", "/forum/", "/le-labo/"]
    paths += [page.url for page in ProjectPage.objects.live().order_by("pk")[:3]]
    paths += [page.url for page in ResourcePage.objects.live().public().order_by("pk")[:3]]
    paths += [thread.get_absolute_url() for thread in Thread.objects.order_by("pk")[:2]]
    pages = {}
    for path in paths:
        response = visitor.get(path)
        pages[path] = [response.status_code, _body(response)]

    documents = {}
    for document in get_document_model().objects.order_by("pk")[:4]:
        response = visitor.get(document.url)
        documents[document.url] = [response.status_code, _digest(response)]

    private = {}
    carriers = [user for user in User.objects.order_by("pk") if not two_factor_required(user)]
    for document in ApplicationDocument.objects.select_related("application").order_by("pk")[:3]:
        carrier = next(u for u in carriers if is_application_team(u, document.application))
        reader = Client()
        reader.force_login(carrier)
        url = reverse("applications:document", args=[document.application_id, document.pk])
        response = reader.get(url)
        private[url] = [response.status_code, _digest(response)]

    files = {}
    for name, root in (("media", settings.MEDIA_ROOT), ("private", settings.PRIVATE_MEDIA_ROOT)):
        for path in sorted(Path(root).rglob("*")):
            if path.is_file():
                files[f"{name}/{path.relative_to(root)}"] = hashlib.sha256(
                    path.read_bytes()
                ).hexdigest()

    counts = {
        "users": User.objects.count(),
        "projects": ProjectPage.objects.count(),
        "threads": Thread.objects.count(),
        "application documents": ApplicationDocument.objects.count(),
        "search documents": SearchDocument.objects.count(),
    }
    json.dump(
        {
            "pages": pages,
            "documents": documents,
            "private": private,
            "files": files,
            "counts": counts,
        },  # fmt: skip
        sys.stdout,
    )


if __name__ == "__main__":
    main()
