from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from labo.caching.versions import CONTENT, CachedViewRestrictionsMixin
from labo.core.blocks import BodyBlock
from labo.core.listing import ListedPage
from labo.core.models import IntroMixin, VocabularyTerm
from labo.core.page_context import ContextFromSelectors
from labo.core.pictures import CoverImageMixin
from labo.core.storage import private_storage
from projects.choices import ProjectStage
from resources.choices import Audience, ResourceType, TextStatus


class ResourceIndexPage(ContextFromSelectors, CachedViewRestrictionsMixin, IntroMixin, Page):
    """/ressources/: the shared library of guides, models and studies."""

    cache_moves = (CONTENT,)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["resources.ResourcePage"]
    max_count = 1

    class Meta:
        verbose_name = _("centre de ressources")


@register_snippet
class ResourceTheme(VocabularyTerm):
    """A theme of the library (montage juridique, financement…): staff extend the list."""

    cache_moves = (CONTENT,)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("thème de ressource")
        verbose_name_plural = _("thèmes de ressources")


class ResourcePageTag(TaggedItemBase):
    cache_moves = (CONTENT,)

    content_object = ParentalKey(
        "resources.ResourcePage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ResourcePage(
    ContextFromSelectors, CachedViewRestrictionsMixin, ListedPage, CoverImageMixin, Page
):
    cache_moves = (CONTENT,)

    summary = models.CharField(_("résumé"), max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("contenu"), blank=True)
    resource_type = models.CharField(_("type"), max_length=20, choices=ResourceType.choices)
    themes = ParentalManyToManyField(ResourceTheme, verbose_name=_("thèmes"), blank=True)
    audience = models.CharField(
        _("public"), max_length=20, choices=Audience.choices, default=Audience.CARRIERS
    )
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    source_organisation = models.CharField(_("source"), max_length=200, blank=True)
    licence = models.CharField(_("licence"), max_length=100, blank=True)
    external_url = models.URLField(_("lien externe"), blank=True)
    video_url = models.URLField(_("vidéo (lien de la plateforme)"), blank=True)
    related_projects = ParentalManyToManyField(
        "projects.ProjectPage", blank=True, verbose_name=_("projets liés"), related_name="resources"
    )
    tags = ClusterTaggableManager(through=ResourcePageTag, blank=True, verbose_name=_("mots-clés"))
    # Kept with F() by the download view; shown to staff.
    download_count = models.PositiveIntegerField(default=0, editable=False)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("resource_type"), FieldPanel("audience"), FieldPanel("year")]),
        CoverImageMixin.cover_panel,
        FieldPanel("themes"),
        InlinePanel("stages", label=_("étape concernée")),
        InlinePanel("documents", label=_("document joint")),
        MultiFieldPanel([FieldPanel("external_url"), FieldPanel("video_url")], heading=_("Liens")),
        FieldPanel("body"),
        FieldRowPanel([FieldPanel("source_organisation"), FieldPanel("licence")]),
        FieldPanel("related_projects"),
        FieldPanel("tags"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=3),
        index.SearchField("body", boost=2),
        index.SearchField("source_organisation"),
        index.SearchField("attached_text"),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("listed_for"),
        index.FilterField("resource_type"),
        index.FilterField("audience"),
        index.FilterField("year"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("resource_type"),
        APIField("year"),
        APIField("source_organisation"),
        APIField("external_url"),
    ]

    parent_page_types = ["resources.ResourceIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("ressource")
        indexes = [
            # The library's filter counts read this index alone (labo.core.listing).
            models.Index(
                fields=["listed_for", "resource_type", "audience", "year", "page_ptr"],
                name="resources_listing_idx",
            )
        ]

    @property
    def attached_text(self) -> str:
        """The extracted text of the attached files, indexed with the resource so that a word
        found only inside a PDF finds it."""
        texts = DocumentText.objects.filter(
            document__in=self.documents.values("document"), status=TextStatus.OK
        ).values_list("text", flat=True)
        return "\n".join(texts)


class ResourceStage(Orderable):
    cache_moves = (CONTENT,)

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="stages")
    stage = models.CharField(_("étape"), max_length=20, choices=ProjectStage.choices)

    panels = [FieldPanel("stage")]


class ResourceDocument(Orderable):
    cache_moves = (CONTENT,)

    page = ParentalKey(ResourcePage, on_delete=models.CASCADE, related_name="documents")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("document"),
    )
    download_count = models.PositiveIntegerField(default=0, editable=False)

    panels = [FieldPanel("document")]


class DocumentPreview(models.Model):
    """The first page of a PDF document as a picture (resources.previews), made in the
    background. Kept outside the public media: served by the download's permission check."""

    cache_moves = (CONTENT,)

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="preview"
    )
    status = models.CharField(max_length=12, choices=TextStatus.choices, default=TextStatus.PENDING)
    image = models.FileField(storage=private_storage, upload_to="document-previews/", blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    reason = models.CharField(max_length=200, blank=True)
    made_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("aperçu de document")

    def __str__(self):
        return f"{self.document} ({self.get_status_display()})"

    @property
    def shown(self) -> bool:
        return self.status == TextStatus.OK and bool(self.image)


class DocumentText(models.Model):
    """Text extracted from a document in the background (PDF, DOCX, ODT, TXT)."""

    cache_moves = (CONTENT,)

    document = models.OneToOneField(
        "wagtaildocs.Document", on_delete=models.CASCADE, related_name="extracted_text"
    )
    status = models.CharField(max_length=12, choices=TextStatus.choices, default=TextStatus.PENDING)
    text = models.TextField(blank=True)
    reason = models.CharField(max_length=200, blank=True)
    extracted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("texte extrait")

    def __str__(self):
        return f"{self.document} ({self.get_status_display()})"


class ResourceDownloadDay(models.Model):
    """How many times a resource's files were downloaded on one day: what the activity report
    counts for a period. A number per day, nobody's download."""

    # Download counts show to staff only, never cached.
    cache_moves = ()

    resource = models.ForeignKey(ResourcePage, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("téléchargements du jour")
        verbose_name_plural = _("téléchargements par jour")
        constraints = [
            models.UniqueConstraint(fields=["resource", "day"], name="resources_one_count_a_day")
        ]
        indexes = [models.Index(fields=["day", "resource"])]

    def __str__(self):
        return f"{self.resource_id} {self.day}: {self.count}"
