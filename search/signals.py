"""Index maintenance for pages, wherever they are published from (admin, workflows,
schedules, the site's own edit forms), and for what changes who may see a forum thread.

Publication and new content are indexed by a task after commit. Anything that narrows who may
see a document — unpublishing, deleting, a privacy setting, a page moved under a private
section, a category made members-only, a thread or reply hidden or moved — rewrites the index
in the same transaction: a document that may no longer be seen must not be found, not even
for the few seconds a task takes (Elasticsearch follows through the outbox on commit)."""

from django.db.models.signals import post_delete, post_save
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import page_published as wagtail_page_published
from wagtail.signals import page_unpublished, post_page_move

from forum import signals as forum_signals
from forum.models import Category, Reply, Thread
from resources import signals as resources_signals
from search.indexing import document_delete, document_update, thread_documents_audience_set
from search.models import IndexWrite
from search.tasks import schedule_index, writes_send_on_commit


def page_published(sender, instance, **kwargs):
    schedule_index(instance.specific)


def page_gone(sender, instance, **kwargs):
    if isinstance(instance, Page):
        document_delete(instance)


def restriction_changed(sender, instance, **kwargs):
    """A privacy setting covers the page and everything under it."""
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    for target in page.get_descendants(inclusive=True).live().specific():
        document_update(target)


def page_moved(sender, instance, **kwargs):
    """Under another section, a page may become private, and its address changes."""
    for target in instance.get_descendants(inclusive=True).live().specific():
        document_update(target)


def category_saved(sender, instance, created, **kwargs):
    """A category made members-only (or public again) takes its threads along at once."""
    if not created:
        thread_documents_audience_set(category=instance)


def thread_saved(sender, instance, created, update_fields=None, **kwargs):
    """A thread hidden, removed, restored or moved to another category (forum.moderation)."""
    if created or (update_fields is not None and not {"status", "category"} & set(update_fields)):
        return
    document_update(Thread.objects.select_related("category").get(pk=instance.pk))


def reply_saved(sender, instance, created, update_fields=None, **kwargs):
    """A reply hidden or deleted: its words leave the thread's document at once."""
    # Only the saves that name the status: django-comments-xtd saves a new reply twice, and
    # the new reply reaches the index through forum.services' task, not in the request.
    if created or update_fields is None or "status" not in update_fields:
        return
    thread = Thread.objects.select_related("category").filter(pk=int(instance.object_pk)).first()
    if thread is not None:
        document_update(thread)


def thread_gone(sender, instance, **kwargs):
    document_delete(instance)


def thread_text_changed(sender, thread_id, **kwargs):
    """A new reply, an edit, a reply approved: indexed by a task after commit."""
    schedule_index(Thread(pk=thread_id))


def resource_text_changed(sender, page, **kwargs):
    document_update(page)


def index_write_queued(sender, instance, **kwargs):
    """A write waits in Elasticsearch's outbox: it is sent once the transaction commits."""
    writes_send_on_commit()


def connect() -> None:
    wagtail_page_published.connect(page_published, dispatch_uid="search.page_published")
    page_unpublished.connect(page_gone, dispatch_uid="search.page_unpublished")
    post_delete.connect(page_gone, dispatch_uid="search.page_deleted")
    post_page_move.connect(page_moved, dispatch_uid="search.page_moved")
    post_save.connect(category_saved, sender=Category, dispatch_uid="search.category_saved")
    post_save.connect(thread_saved, sender=Thread, dispatch_uid="search.thread_saved")
    post_save.connect(reply_saved, sender=Reply, dispatch_uid="search.reply_saved")
    post_delete.connect(thread_gone, sender=Thread, dispatch_uid="search.thread_deleted")
    post_save.connect(index_write_queued, sender=IndexWrite, dispatch_uid="search.write_queued")
    forum_signals.thread_text_changed.connect(
        thread_text_changed, dispatch_uid="search.thread_text_changed"
    )
    resources_signals.resource_text_changed.connect(
        resource_text_changed, dispatch_uid="search.resource_text_changed"
    )
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search.restriction_{signal is post_save}",
        )
