"""Pictures on cards and pages: a cover image with its alternative text, shown as a responsive
`<img>` (`srcset`, fixed width and height so nothing jumps, lazy below the fold).

A list reads the pictures of everything it shows in one query, whatever kinds of things it
holds (the home page's projects, events and resources together): each thing only needs a
`cover_image_id` and a `cover_alt`, as a column (`CoverImageMixin`) or an annotation (a
project's first gallery picture). The renditions are read with their images; an image that has
none of them yet (just uploaded) is read apart and its renditions made once.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.images.models import Filter


@dataclass(frozen=True)
class PictureFormat:
    """The renditions of one place a picture is shown, smallest first, and the width it takes
    on the page (the `sizes` attribute), so the browser picks the right one."""

    specs: tuple[str, ...]
    sizes: str
    # Wagtail's filters of `specs`, parsed once per process: `get_renditions` would parse
    # each spec again for every picture of every card.
    filters: tuple[Filter, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "filters", tuple(Filter(spec=spec) for spec in self.specs))


# Cards are a third of the content's width at 1,366 px, the whole screen on a phone.
CARD = PictureFormat(
    ("fill-400x250|format-webp", "fill-800x500|format-webp"),
    "(max-width: 40rem) 100vw, 24rem",
)
# The picture at the top of an event's or a resource's page.
COVER = PictureFormat(
    ("fill-720x405|format-webp", "fill-1280x720|format-webp"),
    "(max-width: 48rem) 100vw, 46rem",
)


@dataclass(frozen=True)
class Picture:
    src: str
    srcset: str
    width: int
    height: int
    alt: str
    sizes: str

    def html(self, *, css_class: str = "", lazy: bool = True):
        return format_html(
            '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}"{}{} '
            'decoding="async">',
            self.src,
            self.srcset,
            self.sizes,
            self.width,
            self.height,
            self.alt,
            format_html(' class="{}"', css_class) if css_class else "",
            format_html(' loading="{}"', "lazy") if lazy else "",
        )

    def __html__(self):
        return self.html()


def picture_of(image, alt: str, picture_format: PictureFormat) -> Picture:
    """The picture of one image, its renditions read from what the image holds already
    (`prefetched_renditions`), made where missing."""
    renditions = image.get_renditions(*picture_format.filters)
    ordered = [renditions[spec] for spec in picture_format.specs]
    smallest = ordered[0]
    return Picture(
        src=smallest.url,
        srcset=", ".join(f"{rendition.url} {rendition.width}w" for rendition in ordered),
        width=smallest.width,
        height=smallest.height,
        alt=alt,
        sizes=picture_format.sizes,
    )


def attach_pictures(items: Iterable, picture_format: PictureFormat = CARD) -> list:
    """Give each item with a cover image its `picture` (None for the others), in one query
    for the whole list. Returns the items as a list."""
    items = list(items)
    wanted = {getattr(item, "cover_image_id", None) for item in items} - {None}
    images = {}
    renditions_of = defaultdict(list)
    if wanted:
        Rendition = get_image_model().get_rendition_model()
        for rendition in Rendition.objects.filter(
            image_id__in=wanted, filter_spec__in=picture_format.specs
        ).select_related("image"):
            images.setdefault(rendition.image_id, rendition.image)
            renditions_of[rendition.image_id].append(rendition)
        missing = wanted - images.keys()
        if missing:
            images.update(get_image_model().objects.in_bulk(missing))
    for image_id, image in images.items():
        image.prefetched_renditions = renditions_of[image_id]
    for item in items:
        image = images.get(getattr(item, "cover_image_id", None))
        item.picture = picture_of(image, item.cover_alt, picture_format) if image else None
    return items


def pictures_when_read(page_obj, picture_format: PictureFormat = CARD):
    """A paginated list whose items get their pictures when it is first read, not before: a
    list inside a kept fragment is not read at all while the fragment is kept."""
    items = page_obj.object_list
    page_obj.object_list = SimpleLazyObject(lambda: attach_pictures(items, picture_format))
    return page_obj


class CoverImageMixin(models.Model):
    """A cover picture for a page, with the text that says what it shows."""

    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image de couverture"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    cover_alt = models.CharField(
        _("texte alternatif de l'image"),
        max_length=250,
        blank=True,
        help_text=_("Ce que montre l'image, pour les personnes qui ne la voient pas."),
    )

    cover_panel = MultiFieldPanel(
        [FieldPanel("cover_image"), FieldPanel("cover_alt")], heading=_("Image de couverture")
    )

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        if self.cover_image_id and not self.cover_alt.strip():
            raise ValidationError(
                {"cover_alt": _("Dites en quelques mots ce que montre l'image de couverture.")}
            )

    @property
    def cover_picture(self) -> Picture | None:
        """The picture at the top of the page (two renditions, one query)."""
        if not self.cover_image_id:
            return None
        return attach_pictures([self], COVER)[0].picture
