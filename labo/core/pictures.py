"""Pictures on cards and pages: a cover image with its alternative text, shown as a responsive
`<img>` (`srcset`, fixed width and height so nothing jumps, lazy below the fold).

A list reads the pictures of everything it shows in one query, whatever kinds of things it
holds (the home page's projects, events and resources together): each thing only needs a
`cover_image_id` and a `cover_alt`, as a column (`CoverImageMixin`) or an annotation (a
project's first gallery picture). The renditions are read as plain values and matched to their
image's focal point as Wagtail matches them; an image missing one (just uploaded, or its focal
point moved) is read apart and Wagtail makes its renditions, once.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.functional import SimpleLazyObject
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.images.models import Filter

from labo.prepared import PreparedQuery


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


class _FocalPoint(NamedTuple):
    """What a fill rendition depends on besides its spec (Wagtail's `vary_fields`)."""

    focal_point_x: int | None
    focal_point_y: int | None
    focal_point_width: int | None
    focal_point_height: int | None


# A rendition's file and size with its image's focal point, as plain values: rendition and
# image objects (some thirty columns) cost more to build than the query itself on a list.
_RENDITION_COLUMNS = (
    "image_id",
    "filter_spec",
    "focal_point_key",
    "file",
    "width",
    "height",
    "image__focal_point_x",
    "image__focal_point_y",
    "image__focal_point_width",
    "image__focal_point_height",
)


def _renditions(specs: tuple[str, ...], **images):
    Rendition = get_image_model().get_rendition_model()
    return Rendition.objects.filter(filter_spec__in=specs, **images).values_list(
        *_RENDITION_COLUMNS
    )


def _renditions_of_one_image(image_id: int, specs: tuple[str, ...]):
    return _renditions(specs, image_id=image_id)


RENDITIONS_OF_ONE_IMAGE = PreparedQuery(_renditions_of_one_image, parameters=("image_id",))


def _ready_pictures(wanted: set[int], picture_format: PictureFormat) -> dict[int, tuple]:
    """Image id → (src, srcset, width, height), for each image whose renditions in
    `picture_format` all exist for its current focal point (as Wagtail matches them)."""
    url = get_image_model().get_rendition_model()._meta.get_field("file").storage.url
    filters = dict(zip(picture_format.specs, picture_format.filters, strict=True))
    found = defaultdict(dict)
    if len(wanted) == 1:  # a page's own cover: the same query on every page of its kind
        (image_id,) = wanted
        rows = RENDITIONS_OF_ONE_IMAGE.rows(image_id=image_id, specs=picture_format.specs)
    else:
        rows = _renditions(picture_format.specs, image_id__in=wanted)
    for image_id, spec, key, name, width, height, *focal_point in rows:
        if key == filters[spec].get_cache_key(_FocalPoint(*focal_point)):
            found[image_id][spec] = (url(name), width, height)
    ready = {}
    for image_id, renditions in found.items():
        if len(renditions) == len(picture_format.specs):
            ordered = [renditions[spec] for spec in picture_format.specs]
            src, width, height = ordered[0]
            srcset = ", ".join(f"{address} {size}w" for address, size, _height in ordered)
            ready[image_id] = (src, srcset, width, height)
    return ready


def attach_pictures(items: Iterable, picture_format: PictureFormat = CARD) -> list:
    """Give each item with a cover image its `picture` (None for the others), in one query
    for the whole list. Returns the items as a list. An image missing a rendition (just
    uploaded, or its focal point moved) is read apart and its renditions made, once."""
    items = list(items)
    wanted = {getattr(item, "cover_image_id", None) for item in items} - {None}
    ready = _ready_pictures(wanted, picture_format) if wanted else {}
    missing = wanted - ready.keys()
    unready = get_image_model().objects.in_bulk(missing) if missing else {}
    for item in items:
        image_id = getattr(item, "cover_image_id", None)
        if image_id in ready:
            src, srcset, width, height = ready[image_id]
            item.picture = Picture(src, srcset, width, height, item.cover_alt, picture_format.sizes)
        elif image_id in unready:
            item.picture = picture_of(unready[image_id], item.cover_alt, picture_format)
        else:
            item.picture = None
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
