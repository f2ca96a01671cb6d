"""Atom feeds of the public categories (members-only ones have none: a feed has no login)."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from forum.markdown import render_markdown
from forum.models import Category, PostStatus, Thread


class CategoryFeed(Feed):
    feed_type = Atom1Feed

    def get_object(self, request, slug):
        category = get_object_or_404(Category, slug=slug)
        if category.members_only:
            raise Http404
        return category

    def title(self, obj: Category):
        return _("Forum du Labo – %(category)s") % {"category": obj.name}

    def link(self, obj: Category):
        return obj.get_absolute_url()

    def description(self, obj: Category):
        return obj.description

    def items(self, obj: Category):
        return (
            Thread.objects.filter(category=obj, status=PostStatus.PUBLISHED)
            .select_related("category", "author")
            .order_by("-created_at")[:30]
        )

    def item_title(self, item: Thread):
        return item.title

    def item_description(self, item: Thread):
        # The sanitised rendering (forum.markdown); the feed generator escapes it again.
        return render_markdown(item.body)

    def item_link(self, item: Thread):
        return item.get_absolute_url()

    def item_pubdate(self, item: Thread):
        return item.created_at

    def item_author_name(self, item: Thread):
        return item.author.display_name if item.author else _("membre supprimé")
