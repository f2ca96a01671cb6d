from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from forum.models import Category


class CategoryViewSet(SnippetViewSet):
    """Forum › Catégories: staff add, order and describe the categories."""

    model = Category
    icon = "group"
    menu_label = _("Forum")
    menu_order = 170
    add_to_admin_menu = True
    list_display = ["name", "sort_order", "members_only", "premoderated"]
    ordering = ["sort_order", "name"]


register_snippet(CategoryViewSet)
