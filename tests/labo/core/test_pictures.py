"""Pictures on cards and pages (labo.core.pictures): every demo project, event and resource has
its own, each list reads all of its pictures in one query, the `<img>` is responsive and says
what it shows, and a cover without its alternative text is refused."""

import re

import pytest
from django.core.cache import caches
from django.core.exceptions import ValidationError
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from events.models import EventPage
from labo.core.pictures import CARD, attach_pictures, picture_of
from projects.models import ProjectPage
from projects.selectors import public_projects, with_card_data
from resources.models import ResourcePage

pytestmark = pytest.mark.django_db

IMG = re.compile(r"<img [^>]*>")


def _empty_caches():
    for alias in ("default", "versioned", "pages"):
        caches[alias].clear()


def _card_images(html: str) -> list[str]:
    return [tag for tag in IMG.findall(html) if "card__image" in tag]


def test_every_demo_project_event_and_resource_has_a_picture_of_its_own(demo):
    projects = list(with_card_data(public_projects()))
    events = list(EventPage.objects.live())
    resources = list(ResourcePage.objects.live())
    assert len(projects) == 30 and events and resources
    covers = [project.cover_image_id for project in projects]
    covers += [event.cover_image_id for event in events]
    covers += [resource.cover_image_id for resource in resources]
    assert None not in covers
    assert len(set(covers)) == len(covers), "each has a picture of its own"
    assert all(event.cover_alt for event in events)


def test_a_list_reads_the_pictures_of_all_its_kinds_in_one_query(demo):
    items = list(with_card_data(public_projects())[:3])
    items += list(EventPage.objects.live()[:3]) + list(ResourcePage.objects.live()[:3])
    attach_pictures(items)  # the first time makes the renditions
    for item in items:
        del item.picture
    with CaptureQueriesContext(connection) as captured:
        attach_pictures(items)
    assert len(captured) == 1
    for item in items:
        picture = item.picture
        assert picture.alt == item.cover_alt and picture.alt
        assert (picture.width, picture.height) == (400, 250)
        widths = [part.rsplit(" ", 1)[1] for part in picture.srcset.split(", ")]
        assert widths == ["400w", "800w"]
        assert picture.src.endswith(".webp") and picture.sizes == CARD.sizes


def test_things_without_a_picture_get_none_and_cost_no_query(demo):
    event = EventPage.objects.live().first()
    event.cover_image = None
    with CaptureQueriesContext(connection) as captured:
        attach_pictures([event])
    assert event.picture is None and len(captured) == 0


@pytest.mark.parametrize(
    ("address", "count"), [("/", 9), ("/projets/", 12), ("/agenda/", 1), ("/ressources/", 12)]
)
def test_cards_show_a_responsive_lazy_picture_with_its_alternative_text(demo, address, count):
    html = Client().get(address).content.decode()
    images = _card_images(html)
    assert len(images) >= count
    for tag in images:
        assert 'loading="lazy"' in tag and "srcset=" in tag and 'sizes="' in tag
        assert re.search(r'width="\d+" height="\d+"', tag)
        assert re.search(r'alt="[^"]+"', tag), tag


def test_a_list_of_pictures_costs_the_same_queries_as_a_list_of_one(demo):
    """The project list's queries do not grow with the pictures it shows."""
    Client().get("/projets/?page=2")  # renditions made once
    _empty_caches()
    with CaptureQueriesContext(connection) as all_pictures:
        Client().get("/projets/?page=2")
    for project in ProjectPage.objects.filter(title__in=["Terres de Lodève", "Vivre au Piton"]):
        project.gallery_images.all().delete()
    _empty_caches()
    with CaptureQueriesContext(connection) as one_fewer:
        Client().get("/projets/?page=2")
    assert len(all_pictures) == len(one_fewer)
    queries = [query["sql"] for query in all_pictures.captured_queries]
    assert sum("wagtailimages_rendition" in sql for sql in queries) == 1
    assert not any("projects_projectgalleryimage" in sql and "FROM" in sql[:40] for sql in queries)


def test_an_event_and_a_resource_show_their_cover_at_the_top_without_lazy_loading(demo):
    for page in (EventPage.objects.live().first(), ResourcePage.objects.live().first()):
        html = Client().get(page.url).content.decode()
        cover = re.search(r'<figure class="cover"><img [^>]*>', html)
        assert cover, page.url
        assert "loading=" not in cover.group(0)
        assert f'alt="{page.cover_alt}"' in cover.group(0).replace("&#x27;", "'")


def test_a_cover_without_its_alternative_text_is_refused(demo):
    event = EventPage.objects.live().first()
    event.cover_alt = "  "
    with pytest.raises(ValidationError) as refused:
        event.clean()
    assert "cover_alt" in refused.value.message_dict
    event.cover_image = None
    event.clean()


def test_an_avatar_is_the_same_colour_wherever_a_member_appears(demo):
    template = Template("{% load labo_tags %}{% avatar person %}|{% avatar person 'small' %}")
    porteur = demo["porteur.a@labo.test"]
    first, small = template.render(Context({"person": porteur})).split("|")
    colour = re.search(r"avatar--(\d)", first).group(1)
    assert f"avatar--{colour}" in small and "avatar--small" in small
    assert 'aria-hidden="true"' in first
    initials = "".join(word[0] for word in porteur.display_name.split()[:2]).upper()
    assert f">{initials}<" in first
    colours = {
        re.search(r"avatar--(\d)", template.render(Context({"person": user}))).group(1)
        for user in demo.values()
    }
    assert len(colours) > 1, "members do not all share one colour"


def test_a_resources_files_are_download_buttons_with_format_and_size(demo):
    buttons = []
    for resource in ResourcePage.objects.live().order_by("pk")[:6]:
        html = Client().get(resource.url).content.decode()
        buttons += re.findall(r'<a class="button download" href="[^"]+">(.*?)</a>', html, re.S)
    assert buttons
    for button in buttons:
        size = r'class="download__format">(PDF|DOCX), [\d,\xa0]+\s?(octets|Kio|Mio)'
        assert re.search(size, button)


def test_a_list_gives_the_same_pictures_as_wagtails_own_renditions(demo):
    items = list(with_card_data(public_projects())[:4]) + list(EventPage.objects.live()[:4])
    attach_pictures(items)
    for item in items:
        image = get_image_model().objects.get(pk=item.cover_image_id)
        assert item.picture == picture_of(image, item.cover_alt, CARD)


def test_a_moved_focal_point_gives_new_renditions_then_one_query_again(demo):
    event = EventPage.objects.live().exclude(cover_image=None).first()
    before = attach_pictures([event])[0].picture
    image = event.cover_image
    image.focal_point_x, image.focal_point_y = image.width // 4, image.height // 4
    image.focal_point_width = image.focal_point_height = 10
    image.save()

    moved = attach_pictures([event])[0].picture
    assert moved.src != before.src and moved.srcset != before.srcset
    assert moved == picture_of(get_image_model().objects.get(pk=image.pk), event.cover_alt, CARD)
    with CaptureQueriesContext(connection) as captured:
        again = attach_pictures([event])[0].picture
    assert again == moved and len(captured) == 1
