from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.models import Page
from wagtail.search import index

from labo.core.models import IntroMixin


class ProjectIndexPage(IntroMixin, Page):
    """/projets/: the directory of habitat des communs projects (profiles land with their
    own issue; until then the page presents the directory to come)."""

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types: list[str] = []
    max_count = 1

    class Meta:
        verbose_name = _("annuaire des projets")
