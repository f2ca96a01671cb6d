"""Keeping search_searchdocument in step with the content. Each kind of content says what a
person searches in it (`_document_for`); anything that is not live and visible to members at
least is removed from the index, so a search can never reveal it."""

import logging
from itertools import chain

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from events.models import EventPage
from forum.models import PostStatus, Reply, Thread
from labo.core.progress import Progress
from labo.html_text import html_to_text
from projects.models import ProjectPage
from resources.models import ResourcePage
from search import outbox
from search.models import TEXT_SEARCH_CONFIG, DocumentKind, SearchDocument
from search.normalize import normalize

logger = logging.getLogger(__name__)


def _stream_text(page, field_name: str) -> str:
    field = page._meta.get_field(field_name)
    value = getattr(page, field_name)
    return " ".join(html_to_text(str(part)) for part in field.get_searchable_content(value))


def _restriction(page) -> str | None:
    """None (public), "login" (members only) or "other" (password, groups: never indexed)."""
    restrictions = PageViewRestriction.objects.filter(
        page__in=page.get_ancestors(inclusive=True)
    ).values_list("restriction_type", flat=True)
    kinds = set(restrictions)
    if not kinds:
        return None
    return "login" if kinds == {PageViewRestriction.LOGIN} else "other"


def _page_document(page: Page) -> dict | None:
    page = page.specific
    if not page.live or page.url is None:
        return None
    restriction = _restriction(page)
    if restriction == "other" or (restriction == "login" and not isinstance(page, ResourcePage)):
        return None
    document = {
        "title": page.title,
        "url": page.url,
        "summary": getattr(page, "intro", "") or page.search_description or "",
        "body": "",
        "attachments": "",
        "departement": "",
        "themes": "",
        "date": page.last_published_at,
        "members_only": restriction == "login",
        "kind": DocumentKind.PAGE,
    }
    if isinstance(page, ProjectPage):
        document.update(
            kind=DocumentKind.PROJECT,
            summary=page.summary,
            body=" ".join(
                [html_to_text(page.description or ""), page.commune.name, page.shared_spaces or ""]
            ),
            departement=page.departement,
        )
    elif isinstance(page, ResourcePage):
        document.update(
            kind=DocumentKind.RESOURCE,
            summary=page.summary,
            body=" ".join([_stream_text(page, "body"), page.source_organisation]),
            attachments=page.attached_text,
            themes=" ".join(theme.slug for theme in page.themes.all()),
        )
    elif isinstance(page, EventPage):
        document.update(
            kind=DocumentKind.EVENT,
            summary=page.summary,
            body=" ".join(
                [
                    _stream_text(page, "body"),
                    _stream_text(page, "programme"),
                    _stream_text(page, "report"),
                    page.venue_name,
                    page.commune.name if page.commune_id else "",
                ]
            ),
            departement=page.departement,
            themes=" ".join(theme.slug for theme in page.themes.all()),
            date=page.starts_at,
        )
    elif hasattr(page, "body"):
        document["body"] = _stream_text(page, "body")
    return document


def _thread_document(thread) -> dict | None:
    if thread.status != PostStatus.PUBLISHED:
        return None
    replies = Reply.objects.filter(
        object_pk=str(thread.pk), content_type__model="thread", status=PostStatus.PUBLISHED
    ).values_list("comment", flat=True)
    return {
        "kind": DocumentKind.FORUM,
        "title": thread.title,
        "url": thread.get_absolute_url(),
        # The question weighs more than the replies.
        "summary": thread.body,
        "body": "\n".join(replies),
        "attachments": "",
        "departement": "",
        "themes": "",
        "date": thread.last_activity_at,
        "members_only": thread.category.members_only,
    }


def _document_for(obj) -> dict | None:
    if isinstance(obj, Thread):
        return _thread_document(obj)
    if isinstance(obj, Page):
        return _page_document(obj)
    return None


def _key(obj) -> dict:
    model = obj.specific_class if isinstance(obj, Page) else type(obj)
    return {"content_type": ContentType.objects.get_for_model(model), "object_id": obj.pk}


def document_update(obj, *, queue: bool = True) -> SearchDocument | None:
    """Index `obj` as it is now, or remove it when it may no longer be found."""
    document = _document_for(obj)
    if document is None:
        document_delete(obj)
        return None
    themes = document.pop("themes")
    text = " ".join([document["summary"], document["body"], document["attachments"]])
    row, _created = SearchDocument.objects.update_or_create(
        **_key(obj),
        defaults={
            **document,
            "themes": f" {themes} " if themes else "",
            "title": document["title"][:255],
            "title_normalized": normalize(document["title"])[:255],
            "text_normalized": normalize(text),
            "changed_at": timezone.now(),
        },
    )
    if queue:
        outbox.write_queue(content_type_id=row.content_type_id, object_id=row.object_id,
                           remove=False)  # fmt: skip
    if connection.vendor == "postgresql":

        def vector(field, weight):
            return SearchVector(field, weight=weight, config=TEXT_SEARCH_CONFIG)

        SearchDocument.objects.filter(pk=row.pk).update(
            vector=vector("title", "A")
            + vector("summary", "B")
            + vector("body", "C")
            + vector("attachments", "D")
        )
    return row


def document_delete(obj) -> None:
    document_key_delete(**_key(obj))


def document_key_delete(*, content_type: ContentType, object_id: int) -> None:
    """Remove a document, from the table now and from Elasticsearch through the outbox."""
    if SearchDocument.objects.filter(content_type=content_type, object_id=object_id).delete()[0]:
        outbox.write_queue(content_type_id=content_type.pk, object_id=object_id, remove=True)


def thread_documents_audience_set(*, category) -> int:
    """The threads of `category` become members-only or public with it: one UPDATE of their
    documents, in the transaction that saves the category."""
    stale = SearchDocument.objects.filter(
        content_type=ContentType.objects.get_for_model(Thread),
        object_id__in=Thread.objects.filter(category=category).values("pk"),
    ).exclude(members_only=category.members_only)
    keys = list(stale.values_list("pk", "content_type_id", "object_id"))
    SearchDocument.objects.filter(pk__in=[pk for pk, _, _ in keys]).update(
        members_only=category.members_only, changed_at=timezone.now()
    )
    for _pk, content_type_id, object_id in keys:
        outbox.write_queue(content_type_id=content_type_id, object_id=object_id, remove=False)
    return len(keys)


def index_rebuild(stream=None) -> int:
    """Everything again, from the content (manage.py update_index calls this too). With
    Elasticsearch, a new index is filled from the table and replaces the live one at once
    (ElasticsearchEngine.index_rebuild); a refused document raises IndexRebuildFailed and
    leaves the live index in service. With a `stream`, progress is written to it."""
    started = timezone.now()
    # One transaction: searches on the database engine read the previous rows until the new
    # ones are all written.
    with transaction.atomic():
        SearchDocument.objects.all().delete()
        count = 0
        pages = Page.objects.live().filter(depth__gt=1)
        threads = Thread.objects.filter(status=PostStatus.PUBLISHED).select_related("category")
        progress = None
        if stream:
            # Counted only for an operator watching: the rebuild itself needs no total.
            total = pages.count() + threads.count()
            progress = Progress(stream, "Recherche unifiée, lecture", total)
        for item in chain(pages.specific().iterator(), threads.iterator()):
            count += document_update(item, queue=False) is not None
            if progress:
                progress.advance()
        if progress:
            progress.finish(f"Recherche unifiée : {count} documents lus")
    if outbox.is_active():
        from search.engines.elasticsearch import ElasticsearchEngine  # noqa: PLC0415 (optional extra)

        progress = Progress(stream, "Envoi à Elasticsearch", count) if stream else None
        rows = SearchDocument.objects.order_by("pk").iterator()
        ElasticsearchEngine().index_rebuild(rows, progress=progress)
        if progress:
            progress.finish(f"Elasticsearch : {count} documents envoyés, index remplacé")
        outbox.writes_forget_before(started)
    return count
