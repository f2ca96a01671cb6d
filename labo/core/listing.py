"""Who a listed page is listed for, kept on the page's own row.

A directory (projects, resources, events) and its filter counts show the live pages a person
may read. The truth is on Wagtail's page table — `live`, and the view restrictions of the page
and its ancestors matched by tree path — so every list and every count joined its rows to
Wagtail's 15,000 pages and tested each path against each private section: 8–12 ms of
PostgreSQL per count over the library's 10,000 resources, three counts a page.

`ListedPage` keeps that answer as one small number on the specific page's own table
(`listed_for`), written whenever it can change:
- a page saved (published, unpublished, moved in the tree, its path changed): before the save
  for a page saved as itself, after it for one saved as a plain Wagtail page (Wagtail's
  unpublishing of a subtree does that);
- a view restriction added, changed or removed, a page moved: every listed page below it.

Lists and counts then read `listed_for` only (`listed_for_person`); serving a page, and
every permission check on one page, still read the restrictions themselves.
`python manage.py refresh_listing` recomputes every row (after restoring a partial backup).
"""

from django.apps import apps
from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page, PageViewRestriction
from wagtail.signals import post_page_move

from labo.core.choice_labels import ChoiceLabels
from labo.permissions import is_member, is_staff_member


class Listing(models.IntegerChoices):
    NOBODY = 0, _("non publiée")
    EVERYONE = 1, _("tout le monde")
    MEMBERS = 2, _("membres connectés")
    # A password or a choice of groups: lists show such pages to the CRESS team only.
    RESTRICTED = 3, _("accès restreint")


def listing_of(live: bool, path: str, restrictions: list[tuple[str, str]]) -> int:
    """Who a page is listed for: `restrictions` are (tree path, restriction type) of every view
    restriction of the site; each covers its page and the pages below it."""
    if not live:
        return Listing.NOBODY
    covering = {kind for prefix, kind in restrictions if path.startswith(prefix)}
    if not covering:
        return Listing.EVERYONE
    if covering == {PageViewRestriction.LOGIN}:
        return Listing.MEMBERS
    return Listing.RESTRICTED


def listings_for(user) -> list[int]:
    """What this person's lists show."""
    if is_staff_member(user):
        return [Listing.EVERYONE, Listing.MEMBERS, Listing.RESTRICTED]
    if is_member(user):
        return [Listing.EVERYONE, Listing.MEMBERS]
    return [Listing.EVERYONE]


def listed_for_person(queryset, user):
    """The pages of `queryset` (a listed page model's) that this person's lists show."""
    return listed_for_tiers(queryset, listings_for(user))


def listed_for_tiers(queryset, tiers):
    """The pages of `queryset` listed for one of `tiers` (what `listings_for` gives)."""
    return queryset.filter(listed_for__in=tiers)


def listed_for_everyone(queryset):
    return queryset.filter(listed_for=Listing.EVERYONE)


class ListedPage(ChoiceLabels, models.Model):
    """For a page type that directories list and count (their cards show its choices'
    labels: `ChoiceLabels`)."""

    listed_for = models.PositiveSmallIntegerField(
        _("listée pour"), choices=Listing.choices, default=Listing.NOBODY, editable=False
    )

    class Meta:
        abstract = True


def _restrictions() -> list[tuple[str, str]]:
    return list(PageViewRestriction.objects.values_list("page__path", "restriction_type"))


def listed_models() -> list[type[ListedPage]]:
    return [
        model
        for model in apps.get_models()
        if issubclass(model, ListedPage) and issubclass(model, Page)
    ]


def _wrong_rows(rows, restrictions) -> dict[int, list[int]]:
    """Of `rows` (pk, live, path, stored listing), the ids whose stored listing is wrong,
    grouped by the listing they should have."""
    wrong: dict[int, list[int]] = {}
    for pk, live, path, stored in rows:
        listing = listing_of(live, path, restrictions)
        if listing != stored:
            wrong.setdefault(listing, []).append(pk)
    return wrong


def _rows(queryset):
    return queryset.values_list("pk", "live", "path", "listed_for")


def listing_mismatches() -> list[int]:
    """Ids of the listed pages whose `listed_for` is not what the truth says (none, unless a
    row was written behind the signals' back: a raw UPDATE, a partial restore)."""
    restrictions = _restrictions()
    return sorted(
        pk
        for model in listed_models()
        for pks in _wrong_rows(_rows(model.objects.all()), restrictions).values()
        for pk in pks
    )


def _rewrite(model, rows, restrictions) -> int:
    changed = 0
    for listing, pks in _wrong_rows(_rows(rows), restrictions).items():
        changed += model.objects.filter(pk__in=pks).update(listed_for=listing)
    return changed


def refresh_listing(*, under_path: str | None = None, page_ids=None) -> int:
    """Recompute `listed_for` of the listed pages below `under_path` (the page itself
    included), of `page_ids`, or of every listed page; returns how many rows changed."""
    restrictions = _restrictions()
    changed = 0
    for model in listed_models():
        rows = model.objects.all()
        if under_path is not None:
            rows = rows.filter(path__startswith=under_path)
        if page_ids is not None:
            rows = rows.filter(pk__in=page_ids)
        changed += _rewrite(model, rows, restrictions)
    return changed


def _before_page_save(sender, instance, **kwargs):
    if isinstance(instance, ListedPage) and instance.path:
        instance.listed_for = listing_of(instance.live, instance.path, _restrictions())


def _after_page_save(sender, instance, update_fields=None, **kwargs):
    if isinstance(instance, ListedPage):
        if update_fields is None or "listed_for" in update_fields:
            return  # written with the row (_before_page_save)
    elif type(instance) is not Page or not issubclass(instance.specific_class or Page, ListedPage):
        return  # not a listed page
    if update_fields is not None and not {"live", "path"} & set(update_fields):
        return
    # A listed page saved as a plain Wagtail page (its specific row untouched: Wagtail's
    # unpublishing of a subtree), or saved with only some fields.
    refresh_listing(page_ids=[instance.pk])


def _restriction_changed(sender, instance, **kwargs):
    # Read by id: when the restricted page is being deleted, the restriction goes with it
    # (and so do the pages it covered).
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path is not None:
        refresh_listing(under_path=path)


def _page_moved(sender, instance, **kwargs):
    refresh_listing(under_path=instance.path)


def connect_listing_signals() -> None:
    """Called from CoreConfig.ready(): Django sends a save signal with the saved class as its
    sender, so each page class is connected (and the plain Page)."""
    for model in [Page, *[m for m in apps.get_models() if issubclass(m, Page)]]:
        uid = f"labo.core.listing:{model._meta.label}"
        pre_save.connect(_before_page_save, sender=model, dispatch_uid=f"{uid}:pre")
        post_save.connect(_after_page_save, sender=model, dispatch_uid=f"{uid}:post")
    for signal in (post_save, post_delete):
        signal.connect(
            _restriction_changed,
            sender=PageViewRestriction,
            dispatch_uid=f"labo.core.listing:restriction:{signal}",
        )
    post_page_move.connect(_page_moved, dispatch_uid="labo.core.listing:move")


def fill_listing(apps_registry, label: str) -> None:
    """For the migration that adds `listed_for` to a model (historical models)."""
    model = apps_registry.get_model(label)
    restrictions = list(
        apps_registry.get_model("wagtailcore", "PageViewRestriction").objects.values_list(
            "page__path", "restriction_type"
        )
    )
    _rewrite(model, model.objects.all(), restrictions)
