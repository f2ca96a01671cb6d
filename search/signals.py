"""Index maintenance for pages, wherever they are published from (admin, workflows,
schedules, the site's own edit forms). Removal is immediate: a page that may no longer be seen
must not be found, not even for the few seconds a task takes."""

from wagtail.models import Page, PageViewRestriction


def page_published(sender, instance, **kwargs):
    from search.tasks import schedule_index

    schedule_index(instance.specific)


def page_gone(sender, instance, **kwargs):
    from search.indexing import document_delete

    if isinstance(instance, Page):
        document_delete(instance)


def restriction_changed(sender, instance, **kwargs):
    """A privacy setting covers the page and everything under it."""
    from search.indexing import document_update

    page = Page.objects.filter(pk=instance.page_id).first()
    if page is None:
        return
    for target in page.get_descendants(inclusive=True).live().specific():
        document_update(target)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published as wagtail_page_published
    from wagtail.signals import page_unpublished

    wagtail_page_published.connect(page_published, dispatch_uid="search.page_published")
    page_unpublished.connect(page_gone, dispatch_uid="search.page_unpublished")
    post_delete.connect(page_gone, dispatch_uid="search.page_deleted")
    for signal in (post_save, post_delete):
        signal.connect(
            restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"search.restriction_{signal is post_save}",
        )
