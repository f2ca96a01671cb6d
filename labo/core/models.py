from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.images.blocks import ImageChooserBlock
from wagtail.models import Page
from wagtail.search import index

from labo.caching.versions import CONTENT, CachedViewRestrictionsMixin
from labo.core.blocks import BodyBlock, FigureBlock
from labo.core.page_context import ContextFromSelectors


class VocabularyTerm(models.Model):
    """A term of a small vocabulary staff extend in the admin (habitat kinds, resource
    themes): its slug is the value of the filters in shared URLs."""

    slug = models.SlugField(unique=True, max_length=50)
    name = models.CharField(_("nom"), max_length=80)
    sort_order = models.PositiveSmallIntegerField(default=0)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("sort_order")]

    class Meta:
        abstract = True
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


class IntroMixin(models.Model):
    """A short lead shown under the title, in listings and as the search summary."""

    intro = models.TextField(_("chapô"), blank=True, max_length=500)

    panels = [FieldPanel("intro")]

    class Meta:
        abstract = True


class HomePage(ContextFromSelectors, CachedViewRestrictionsMixin, IntroMixin, Page):
    cache_moves = (CONTENT,)
    route_select_related = ("hero_image",)  # labo.core.routing: loaded with the page

    hero_title = models.CharField(_("titre d'accroche"), max_length=160)
    hero_text = RichTextField(
        _("texte d'accroche"), blank=True, features=["bold", "italic", "link"]
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image d'accroche"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_figures = StreamField(
        [("figure", FigureBlock())], verbose_name=_("chiffres clés"), blank=True
    )
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [FieldPanel("hero_title"), FieldPanel("hero_text"), FieldPanel("hero_image")],
            heading=_("Accroche"),
        ),
        *IntroMixin.panels,
        FieldPanel("key_figures"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("hero_title"),
        index.SearchField("intro"),
    ]
    api_fields = [APIField("hero_title"), APIField("intro"), APIField("key_figures")]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "core.StandardPage",
        "projects.ProjectIndexPage",
        "resources.ResourceIndexPage",
        "events.EventIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("page d'accueil")


class StandardPage(CachedViewRestrictionsMixin, IntroMixin, Page):
    cache_moves = (CONTENT,)

    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)

    content_panels = Page.content_panels + [*IntroMixin.panels, FieldPanel("body")]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=2),
        index.SearchField("body"),
    ]
    api_fields = [APIField("intro"), APIField("body")]

    parent_page_types = ["core.HomePage", "core.StandardPage"]
    subpage_types = ["core.StandardPage"]

    class Meta:
        verbose_name = _("page standard")
        verbose_name_plural = _("pages standard")


class LinkBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("intitulé"), max_length=60)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.CharBlock(
        label=_("ou adresse"),
        required=False,
        help_text=_("Une adresse du site (« /forum/ ») ou externe."),
    )

    class Meta:
        icon = "link"


class PartnerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("nom"), max_length=120)
    url = blocks.URLBlock(label=_("site"), required=False)
    logo = ImageChooserBlock(label=_("logo"), required=False)

    class Meta:
        icon = "group"


class AddressBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("nom du site"), max_length=80)
    address = blocks.TextBlock(label=_("adresse postale"))

    class Meta:
        icon = "site"


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    cache_moves = (CONTENT,)

    contact_email = models.EmailField(_("e-mail de contact"), blank=True)
    addresses = StreamField(
        [("address", AddressBlock())], verbose_name=_("adresses de la CRESS"), blank=True
    )
    cress_website = models.URLField(_("site de la CRESS Occitanie"), blank=True)
    labo_website = models.URLField(_("page du Labo sur le site de la CRESS"), blank=True)
    social_links = StreamField(
        [("link", LinkBlock())], verbose_name=_("réseaux sociaux"), blank=True
    )
    footer_partners = StreamField(
        [("partner", PartnerBlock())], verbose_name=_("partenaires en pied de page"), blank=True
    )
    footer_links = StreamField(
        [("link", LinkBlock())], verbose_name=_("liens de pied de page"), blank=True
    )

    panels = [
        FieldPanel("contact_email"),
        FieldPanel("addresses"),
        FieldPanel("cress_website"),
        FieldPanel("labo_website"),
        FieldPanel("social_links"),
        FieldPanel("footer_partners"),
        FieldPanel("footer_links"),
    ]

    class Meta:
        verbose_name = _("réglages du site")


@register_setting(icon="list-ul")
class NavigationSettings(BaseSiteSetting):
    cache_moves = (CONTENT,)

    main_menu = StreamField([("link", LinkBlock())], verbose_name=_("menu principal"), blank=True)

    panels = [FieldPanel("main_menu")]

    class Meta:
        verbose_name = _("navigation")


class SiteLayout(models.Model):
    """The frame of a site's pages — main menu, footer — ready to show: labels and addresses
    of the pages it links to, the partners' logos as renditions. Built again by every write
    that moves the layout (labo.core.layout), so that a page reads it in one query instead of
    resolving the settings' page links and images on each request."""

    # Written only by labo.core.layout, after writes that moved the layout themselves.
    cache_moves = ()

    # The site's id, without a foreign key: the frame is rebuilt by signals sent in the middle
    # of cascades (a home page deleted with its site) and must never stand in their way; the
    # rows of sites that are gone are dropped by the next rebuild.
    site_id = models.PositiveIntegerField(primary_key=True)
    menu = models.JSONField(default=list)
    footer = models.JSONField(default=dict)
    # The home page and the sections under it, by tree path (breadcrumbs).
    sections = models.JSONField(default=dict)
    # Tree paths under a view restriction (labo.caching.versions.private_paths).
    private_paths = models.JSONField(default=list)
    built_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("cadre du site")
