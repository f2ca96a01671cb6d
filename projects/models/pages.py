import itertools

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from labo.caching.versions import CONTENT, CachedViewRestrictionsMixin
from labo.core.listing import ListedPage
from labo.core.models import IntroMixin, VocabularyTerm
from labo.core.page_context import ContextFromSelectors
from labo.geography import Departement
from projects.choices import (
    VIURE_CRITERIA,
    Construction,
    LegalForm,
    LocationPrecision,
    ProjectStage,
    Setting,
    Tenure,
)


class ProjectIndexPage(ContextFromSelectors, CachedViewRestrictionsMixin, IntroMixin, Page):
    """/projets/: the directory of habitat des communs projects, with its filters and map."""

    cache_moves = (CONTENT,)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["projects.ProjectPage"]
    max_count = 1

    class Meta:
        verbose_name = _("annuaire des projets")


@register_snippet
class HabitatKind(VocabularyTerm):
    """A kind of habitat (participatif, partagé, inclusif…): a vocabulary staff can extend."""

    cache_moves = (CONTENT,)

    class Meta(VocabularyTerm.Meta):
        verbose_name = _("type d'habitat")
        verbose_name_plural = _("types d'habitat")


class ProjectPageTag(TaggedItemBase):
    cache_moves = (CONTENT,)

    content_object = ParentalKey(
        "projects.ProjectPage", related_name="tagged_items", on_delete=models.CASCADE
    )


class ViureSelfAssessment(models.Model):
    """The project's own reading of the VIURE criteria (Vivant, Inclusif, Utopique,
    Résilient, Esthétique): a level from 0 to 5 and a few words for each."""

    viure_vivant_level = models.PositiveSmallIntegerField(
        _("Vivant : niveau (0 à 5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    viure_vivant_text = models.TextField(_("Vivant : en quoi ?"), blank=True, max_length=1500)
    viure_inclusif_level = models.PositiveSmallIntegerField(
        _("Inclusif : niveau (0 à 5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    viure_inclusif_text = models.TextField(_("Inclusif : en quoi ?"), blank=True, max_length=1500)
    viure_utopique_level = models.PositiveSmallIntegerField(
        _("Utopique : niveau (0 à 5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    viure_utopique_text = models.TextField(_("Utopique : en quoi ?"), blank=True, max_length=1500)
    viure_resilient_level = models.PositiveSmallIntegerField(
        _("Résilient : niveau (0 à 5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    viure_resilient_text = models.TextField(_("Résilient : en quoi ?"), blank=True, max_length=1500)
    viure_esthetique_level = models.PositiveSmallIntegerField(
        _("Esthétique : niveau (0 à 5)"), null=True, blank=True, validators=[MaxValueValidator(5)]
    )
    viure_esthetique_text = models.TextField(
        _("Esthétique : en quoi ?"), blank=True, max_length=1500
    )

    panels = [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel(f"viure_{code}_level"), FieldPanel(f"viure_{code}_text")])
                for code, _label in VIURE_CRITERIA
            ],
            heading=_("Auto-évaluation VIURE"),
        )
    ]

    class Meta:
        abstract = True

    @property
    def viure_assessment(self) -> list[dict]:
        return [
            {
                "code": code,
                "label": label,
                "level": getattr(self, f"viure_{code}_level"),
                "text": getattr(self, f"viure_{code}_text"),
            }
            for code, label in VIURE_CRITERIA
        ]


class PartnerLinkBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("nom"), max_length=150)
    url = blocks.URLBlock(label=_("site"), required=False)


class ProjectPage(
    ContextFromSelectors, CachedViewRestrictionsMixin, ListedPage, ViureSelfAssessment, Page
):
    cache_moves = (CONTENT,)

    route_select_related = ("commune",)  # labo.core.routing: loaded with the page

    summary = models.CharField(
        _("en une phrase"),
        max_length=300,
        help_text=_("Ce qui rend le projet unique, en 300 caractères au plus."),
    )
    description = RichTextField(
        _("présentation"), features=["bold", "italic", "link", "ol", "ul", "h3"], blank=True
    )
    commune = models.ForeignKey(
        "projects.Commune", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="+"
    )
    # Copied from the commune (clean()): the directory filters and exports on it without a join.
    departement = models.CharField(
        _("département"), max_length=2, choices=Departement.choices, editable=False, db_index=True
    )
    location_precision = models.CharField(
        _("précision de la localisation"),
        max_length=10,
        choices=LocationPrecision.choices,
        default=LocationPrecision.COMMUNE,
    )
    latitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(42), MaxValueValidator(45.5)],
    )
    longitude = models.DecimalField(
        max_digits=8,
        decimal_places=5,
        null=True,
        blank=True,
        validators=[MinValueValidator(-0.5), MaxValueValidator(5)],
    )
    habitat_kinds = ParentalManyToManyField(
        "projects.HabitatKind", verbose_name=_("types d'habitat"), blank=True
    )
    construction = models.CharField(
        _("construction"), max_length=12, choices=Construction.choices, blank=True
    )
    setting = models.CharField(_("cadre"), max_length=12, choices=Setting.choices, blank=True)
    stage = models.CharField(
        _("étape"), max_length=20, choices=ProjectStage.choices, default=ProjectStage.GROUP_FORMING
    )
    households_now = models.PositiveSmallIntegerField(_("foyers aujourd'hui"), default=0)
    households_target = models.PositiveSmallIntegerField(_("foyers visés"), null=True, blank=True)
    dwellings = models.PositiveSmallIntegerField(_("logements"), null=True, blank=True)
    legal_form = models.CharField(
        _("forme juridique"), max_length=30, choices=LegalForm.choices, default=LegalForm.OTHER
    )
    tenure = models.CharField(
        _("statut d'occupation"), max_length=12, choices=Tenure.choices, blank=True
    )
    shared_spaces = models.TextField(
        _("espaces partagés"),
        blank=True,
        max_length=1000,
        help_text=_("Salle commune, buanderie, jardin, chambre d'amis, atelier…"),
    )
    seeking_households = models.BooleanField(_("cherche des foyers"), default=False)
    households_profile_sought = models.TextField(
        _("profil des foyers recherchés"), blank=True, max_length=1500
    )
    next_info_meeting = models.DateTimeField(
        _("prochaine réunion d'information"), null=True, blank=True
    )
    next_info_meeting_place = models.CharField(
        _("lieu ou lien de la réunion"), max_length=200, blank=True
    )
    partners = StreamField(
        [("partner", PartnerLinkBlock())], verbose_name=_("partenaires"), blank=True
    )
    website = models.URLField(_("site web"), blank=True)
    last_confirmed_at = models.DateField(
        _("informations confirmées le"),
        null=True,
        blank=True,
        help_text=_("L'équipe confirme que la fiche est à jour."),
    )
    tags = ClusterTaggableManager(through=ProjectPageTag, blank=True, verbose_name=_("mots-clés"))

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("description"),
        MultiFieldPanel(
            [
                FieldPanel("commune"),
                FieldPanel("location_precision"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Localisation"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("habitat_kinds"),
                FieldRowPanel([FieldPanel("construction"), FieldPanel("setting")]),
                FieldRowPanel([FieldPanel("legal_form"), FieldPanel("tenure")]),
                FieldRowPanel(
                    [
                        FieldPanel("households_now"),
                        FieldPanel("households_target"),
                        FieldPanel("dwellings"),
                    ]
                ),
                FieldPanel("shared_spaces"),
            ],
            heading=_("Le projet"),
        ),
        MultiFieldPanel(
            [FieldPanel("stage"), InlinePanel("milestones", label=_("jalon"))],
            heading=_("Avancement"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("seeking_households"),
                FieldPanel("households_profile_sought"),
                FieldRowPanel(
                    [FieldPanel("next_info_meeting"), FieldPanel("next_info_meeting_place")]
                ),
            ],
            heading=_("Recherche de foyers"),
        ),
        *ViureSelfAssessment.panels,
        InlinePanel("gallery_images", label=_("image")),
        FieldPanel("partners"),
        FieldPanel("website"),
        FieldPanel("tags"),
        FieldPanel("last_confirmed_at"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=3),
        index.SearchField("description", boost=2),
        index.SearchField("shared_spaces"),
        index.SearchField("households_profile_sought"),
        index.RelatedFields("commune", [index.SearchField("name", boost=2)]),
        index.RelatedFields("tags", [index.SearchField("name", boost=2)]),
        index.FilterField("listed_for"),
        index.FilterField("departement"),
        index.FilterField("stage"),
        index.FilterField("legal_form"),
        index.FilterField("seeking_households"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("description"),
        APIField("departement"),
        APIField("stage"),
        APIField("legal_form"),
        APIField("seeking_households"),
        APIField("households_now"),
        APIField("households_target"),
        APIField("website"),
    ]

    # What the team edits on the site (the rest — partners, tags, gallery — has its own form
    # parts or is edited by staff in the admin).
    TEAM_EDITABLE_FIELDS = (
        "title",
        "summary",
        "commune",
        "location_precision",
        "latitude",
        "longitude",
        "construction",
        "setting",
        "stage",
        "households_now",
        "households_target",
        "dwellings",
        "legal_form",
        "tenure",
        "shared_spaces",
        "seeking_households",
        "households_profile_sought",
        "next_info_meeting",
        "next_info_meeting_place",
        "website",
        "last_confirmed_at",
        "viure_vivant_level",
        "viure_vivant_text",
        "viure_inclusif_level",
        "viure_inclusif_text",
        "viure_utopique_level",
        "viure_utopique_text",
        "viure_resilient_level",
        "viure_resilient_text",
        "viure_esthetique_level",
        "viure_esthetique_text",
    )

    parent_page_types = ["projects.ProjectIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("projet")
        verbose_name_plural = _("projets")
        indexes = [
            # The directory's filter counts read this index alone (labo.core.listing).
            models.Index(
                fields=[
                    "listed_for",
                    "departement",
                    "stage",
                    "legal_form",
                    "seeking_households",
                    "page_ptr",
                ],
                name="projects_listing_idx",
            )
        ]

    def clean(self):
        super().clean()
        if self.commune_id:
            self.departement = self.commune.departement
        if self.location_precision == LocationPrecision.PRECISE and (
            self.latitude is None or self.longitude is None
        ):
            raise ValidationError(
                {
                    "latitude": _(
                        "Indiquez la latitude et la longitude, ou choisissez « Commune seulement »."
                    )
                }
            )
        if self.households_target is not None and self.households_target < self.households_now:
            raise ValidationError(
                {
                    "households_target": _(
                        "Le nombre de foyers visés ne peut pas être inférieur "
                        "au nombre de foyers actuels."
                    )
                }
            )

    @property
    def stage_rank(self) -> int:
        return ProjectStage.rank(self.stage)

    @property
    def map_point(self) -> tuple[float, float, str] | None:
        """(latitude, longitude, precision) shown publicly: the precise point only when the
        team chose to publish it, otherwise the commune's centre when known."""
        if self.location_precision == LocationPrecision.PRECISE and self.latitude is not None:
            return float(self.latitude), float(self.longitude), LocationPrecision.PRECISE
        if self.commune.has_centre:
            return self.commune.latitude, self.commune.longitude, LocationPrecision.COMMUNE
        return None


class ProjectMilestone(Orderable):
    """A stage the project reached, and when."""

    cache_moves = (CONTENT,)

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="milestones")
    stage = models.CharField(_("étape"), max_length=20, choices=ProjectStage.choices)
    date = models.DateField(_("date"))

    panels = [FieldRowPanel([FieldPanel("stage"), FieldPanel("date")])]

    class Meta(Orderable.Meta):
        verbose_name = _("jalon")


class ProjectGalleryImage(Orderable):
    cache_moves = (CONTENT,)

    page = ParentalKey(ProjectPage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    alt_text = models.CharField(
        _("texte alternatif"),
        max_length=250,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )
    caption = models.CharField(_("légende"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]

    class Meta(Orderable.Meta):
        verbose_name = _("image de la galerie")


def milestones_in_order(milestones) -> list[str]:
    """Errors for milestone dates that go backwards when read in the order of the stages."""
    errors = []
    dated = sorted(
        ((ProjectStage.rank(m["stage"]), m["date"], m["stage"]) for m in milestones),
        key=lambda item: item[0],
    )
    for (_rank_a, date_a, stage_a), (_rank_b, date_b, stage_b) in itertools.pairwise(dated):
        if date_b < date_a:
            errors.append(
                _("« %(later)s » ne peut pas être daté avant « %(earlier)s ».")
                % {"later": ProjectStage(stage_b).label, "earlier": ProjectStage(stage_a).label}
            )
    return errors
