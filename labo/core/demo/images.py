"""Demo pictures drawn with Pillow: nothing is downloaded."""

from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.images import get_image_model
from wagtail.models import Collection

PALETTE = {
    "sky": (246, 241, 232),
    "terracotta": (138, 44, 13),
    "ochre": (214, 160, 76),
    "green": (30, 92, 58),
    "ink": (29, 36, 48),
    "roof": (107, 33, 9),
}


def demo_collection() -> Collection:
    root = Collection.get_first_root_node()
    existing = root.get_children().filter(name="Démo").first()
    return existing or root.add_child(name="Démo")


def _save(title: str, picture: PILImage.Image) -> "get_image_model()":
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing:
        return existing
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=82)
    slug = title.lower().replace(" ", "-").replace("'", "")[:40]
    image = Image(title=title, collection=demo_collection())
    image.file = ImageFile(BytesIO(buffer.getvalue()), name=f"{slug}.jpg")
    image.save()
    return image


def village_illustration(
    title: str = "Un habitat partagé au village", variant: int = 0
) -> "get_image_model()":
    """A row of houses around a shared garden; `variant` changes sky, number and colours."""
    width, height = 1280, 840
    skies = [PALETTE["sky"], (226, 238, 247), (250, 232, 214), (232, 242, 229)]
    picture = PILImage.new("RGB", (width, height), skies[variant % len(skies)])
    draw = ImageDraw.Draw(picture)
    draw.ellipse((980, 80, 1140, 240), fill=PALETTE["ochre"])
    draw.rectangle((0, 610, width, height), fill=PALETTE["green"])
    spacing = 280 - (variant % 3) * 40
    for index, x in enumerate(range(80, 1200 - 200, spacing)):
        body_height = 220 + ((index + variant) % 3) * 40
        top = 610 - body_height
        colour = PALETTE["terracotta"] if (index + variant) % 2 else PALETTE["ochre"]
        draw.rectangle((x, top, x + 220, 610), fill=colour)
        draw.polygon([(x - 20, top), (x + 110, top - 110), (x + 240, top)], fill=PALETTE["roof"])
        draw.rectangle((x + 85, 610 - 110, x + 135, 610), fill=PALETTE["ink"])
        draw.rectangle((x + 30, top + 40, x + 80, top + 90), fill=PALETTE["sky"])
        draw.rectangle((x + 140, top + 40, x + 190, top + 90), fill=PALETTE["sky"])
    for x in range(60, width, 140):
        draw.ellipse((x, 650, x + 70, 720), fill=(62, 130, 84))
    return _save(title, picture)


def logo(title: str, initials: str, colour: tuple[int, int, int]) -> "get_image_model()":
    picture = PILImage.new("RGB", (320, 120), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((4, 4, 316, 116), radius=18, fill=colour)
    draw.text((24, 40), initials, fill=(255, 255, 255), font_size=40)
    return _save(title, picture)
