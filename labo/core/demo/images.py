"""Demo pictures drawn with Pillow: nothing is downloaded."""

import random
from io import BytesIO

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont
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


SCENES = ("village", "collective", "garden", "workshop", "meeting", "documents")

_SKIES = [(246, 241, 232), (226, 238, 247), (250, 232, 214), (232, 242, 229), (238, 232, 246)]
_WALLS = [(138, 44, 13), (214, 160, 76), (196, 112, 70), (228, 200, 150), (170, 82, 50)]
_ROOFS = [(107, 33, 9), (72, 60, 58), (150, 60, 30), (90, 40, 20)]
_LEAVES = [(62, 130, 84), (30, 92, 58), (96, 150, 80), (120, 160, 90)]
_CLOTHES = [(29, 79, 145), (138, 44, 13), (30, 92, 58), (214, 160, 76), (107, 63, 160)]


def illustration(title: str, *, scene: str, seed: int) -> "get_image_model()":
    """A picture of its own for each project, event or resource of the demo: a scene (houses
    in a village, a collective building, a shared garden, a workshop, a meeting, documents)
    drawn from a seed, so that no two are alike and the same seed draws the same picture."""
    rng = random.Random(seed)  # noqa: S311 -- a drawing, not a secret
    width, height = 1280, 800
    picture = PILImage.new("RGB", (width, height), rng.choice(_SKIES))
    draw = ImageDraw.Draw(picture)
    _sky(draw, rng, width)
    ground = rng.randint(560, 640)
    draw.rectangle((0, ground, width, height), fill=rng.choice(_LEAVES))
    _DRAW[scene](draw, rng, width, ground)
    return _save(title, picture)


def _sky(draw, rng, width) -> None:
    x = rng.randint(80, width - 240)
    draw.ellipse((x, 60, x + 140, 200), fill=PALETTE["ochre"])
    for _cloud in range(rng.randint(1, 3)):
        cx, cy = rng.randint(0, width - 200), rng.randint(40, 240)
        for dx, r in ((0, 40), (45, 55), (100, 40)):
            draw.ellipse((cx + dx - r, cy - r, cx + dx + r, cy + r), fill=(255, 255, 255))


def _tree(draw, rng, x, ground) -> None:
    size = rng.randint(50, 90)
    draw.rectangle((x - 8, ground - size - 40, x + 8, ground), fill=(92, 60, 40))
    draw.ellipse(
        (x - size, ground - 2 * size - 60, x + size, ground - 40), fill=rng.choice(_LEAVES)
    )


def _house(draw, rng, x, ground, w, h) -> None:
    top = ground - h
    draw.rectangle((x, top, x + w, ground), fill=rng.choice(_WALLS))
    draw.polygon(
        [(x - 20, top), (x + w // 2, top - rng.randint(70, 130)), (x + w + 20, top)],
        fill=rng.choice(_ROOFS),
    )
    door = x + rng.randint(20, max(21, w - 70))
    draw.rectangle((door, ground - 100, door + 46, ground), fill=PALETTE["ink"])
    for wx in range(x + 20, x + w - 50, 70):
        if not door - 50 < wx < door + 50:
            draw.rectangle((wx, top + 35, wx + 40, top + 80), fill=PALETTE["sky"])


def _village(draw, rng, width, ground) -> None:
    x = rng.randint(20, 120)
    while x < width - 160:
        w = rng.randint(150, 260)
        _house(draw, rng, x, ground, w, rng.randint(170, 300))
        x += w + rng.randint(40, 110)
        if rng.random() < 0.5 and x < width - 100:
            _tree(draw, rng, x - 20, ground)


def _collective(draw, rng, width, ground) -> None:
    x = rng.randint(140, 400)
    w, floors = rng.randint(480, 700), rng.randint(3, 5)
    top = ground - floors * 95 - 20
    draw.rectangle((x, top, x + w, ground), fill=rng.choice(_WALLS))
    draw.rectangle((x - 10, top - 24, x + w + 10, top), fill=rng.choice(_ROOFS))
    for floor in range(floors):
        y = top + 30 + floor * 95
        for wx in range(x + 30, x + w - 60, 90):
            draw.rectangle((wx, y, wx + 50, y + 55), fill=PALETTE["sky"])
            if floor and rng.random() < 0.4:
                draw.rectangle((wx - 8, y + 55, wx + 58, y + 62), fill=PALETTE["ink"])
                draw.ellipse((wx, y + 30, wx + 24, y + 56), fill=rng.choice(_LEAVES))
    for tx in (x - 90, x + w + 90):
        _tree(draw, rng, tx, ground)


def _garden(draw, rng, width, ground) -> None:
    _house(draw, rng, rng.randint(40, 200), ground - 40, 240, 200)
    for row in range(3):
        y = ground + 30 + row * 55
        x0 = rng.randint(380, 520)
        draw.rectangle((x0, y, x0 + 600, y + 34), fill=(120, 82, 50))
        for px in range(x0 + 20, x0 + 590, rng.randint(40, 70)):
            colour = rng.choice([(200, 60, 50), (230, 180, 60), (96, 150, 80), (170, 100, 170)])
            draw.ellipse((px, y - 16, px + 30, y + 14), fill=colour)
    for tx in range(rng.randint(1100, 1180), width, 120):
        _tree(draw, rng, tx, ground)
    _people(draw, rng, rng.randint(3, 5), 420, width - 160, ground + 10)


def _people(draw, rng, count, left, right, feet) -> None:
    for _person in range(count):
        x = rng.randint(left, right)
        body = rng.choice(_CLOTHES)
        draw.rounded_rectangle((x - 22, feet - 110, x + 22, feet - 20), radius=16, fill=body)
        draw.ellipse(
            (x - 18, feet - 150, x + 18, feet - 114),
            fill=rng.choice([(240, 200, 170), (190, 140, 100), (120, 80, 55), (225, 175, 140)]),
        )
        draw.rectangle((x - 16, feet - 22, x + 16, feet), fill=PALETTE["ink"])


def _workshop(draw, rng, width, ground) -> None:
    # A wall board with notes, a long table and people around it.
    draw.rectangle((0, 0, width, ground), fill=rng.choice([(244, 236, 222), (232, 226, 214)]))
    bx = rng.randint(120, 420)
    draw.rectangle((bx, 110, bx + 560, 420), fill=(255, 255, 255), outline=PALETTE["ink"], width=6)
    for _note in range(rng.randint(7, 14)):
        nx, ny = rng.randint(bx + 20, bx + 480), rng.randint(130, 350)
        draw.rectangle(
            (nx, ny, nx + 60, ny + 52),
            fill=rng.choice([(255, 226, 122), (250, 190, 160), (180, 220, 190), (190, 210, 240)]),
        )
    _people(draw, rng, rng.randint(4, 7), 120, width - 120, ground + 60)
    draw.rectangle((140, ground + 40, width - 140, ground + 70), fill=(120, 82, 50))


def _meeting(draw, rng, width, ground) -> None:
    # A circle of chairs under a tree or in a hall, people and speech bubbles.
    _tree(draw, rng, rng.randint(100, 260), ground)
    cx, cy = width // 2 + rng.randint(-120, 120), ground + 80
    count = rng.randint(6, 10)
    for index in range(count):
        x = cx + int(380 * (index / (count - 1) - 0.5) * 2)
        draw.rectangle((x - 24, cy - 10, x + 24, cy + 40), fill=(120, 82, 50))
    _people(draw, rng, count - 1, cx - 380, cx + 380, cy)
    for _bubble in range(rng.randint(2, 4)):
        bx, by = rng.randint(200, width - 300), rng.randint(240, 380)
        draw.rounded_rectangle((bx, by, bx + 150, by + 80), radius=24, fill=(255, 255, 255))
        draw.polygon(
            [(bx + 40, by + 78), (bx + 30, by + 110), (bx + 70, by + 78)], fill=(255, 255, 255)
        )


def _documents(draw, rng, width, ground) -> None:
    # A desk with a stack of papers, an open folder and a chart.
    draw.rectangle((0, 0, width, ground), fill=rng.choice([(238, 232, 246), (226, 238, 247)]))
    draw.rectangle((0, ground - 40, width, ground + 10), fill=(120, 82, 50))
    x = rng.randint(120, 300)
    for sheet in range(rng.randint(4, 8)):
        draw.rectangle(
            (
                x + sheet * 6,
                ground - 60 - sheet * 14,
                x + 300 + sheet * 6,
                ground - 46 - sheet * 14,
            ),
            fill=(255, 255, 255),
            outline=(180, 180, 180),
        )
    px = x + 420
    draw.rectangle(
        (px, 140, px + 340, ground - 60), fill=(255, 255, 255), outline=PALETTE["ink"], width=4
    )
    for line in range(rng.randint(5, 9)):
        draw.rectangle(
            (px + 30, 180 + line * 34, px + rng.randint(180, 310), 192 + line * 34),
            fill=(150, 150, 160),
        )
    cx = px + 440
    for bar in range(rng.randint(3, 6)):
        bar_height = rng.randint(60, 260)
        draw.rectangle(
            (cx + bar * 56, ground - 60 - bar_height, cx + bar * 56 + 40, ground - 60),
            fill=rng.choice(_WALLS + _LEAVES[:2]),
        )


_DRAW = {
    "village": _village,
    "collective": _collective,
    "garden": _garden,
    "workshop": _workshop,
    "meeting": _meeting,
    "documents": _documents,
}


def village_illustration(
    title: str = "Un habitat partagé au village", variant: int = 0
) -> "get_image_model()":
    """Houses around a shared garden: the site's own picture (home page, first setup)."""
    return illustration(title, scene="village", seed=variant)


def _font(size: int):
    """DejaVu Sans where the system has it (accents included), else Pillow's own font."""
    try:
        return ImageFont.truetype("DejaVuSans.ttf", size)
    except OSError:
        return ImageFont.load_default(size)


def logo(title: str, initials: str, colour: tuple[int, int, int]) -> "get_image_model()":
    """A partner's wordmark for the demo (their real logo cannot be downloaded here): an
    emblem in their colour with their initials, and their name beside it."""
    name = title.removeprefix("Logo ").strip()
    picture = PILImage.new("RGB", (480, 160), (255, 255, 255))
    draw = ImageDraw.Draw(picture)
    draw.rounded_rectangle((12, 20, 132, 140), radius=28, fill=colour)
    draw.text(
        (72, 80),
        initials,
        fill=(255, 255, 255),
        font=_font(30 if len(initials) > 3 else 40),
        anchor="mm",
    )
    words, lines = name.split(), [""]
    for word in words:
        if lines[-1] and len(lines[-1]) + len(word) > 14:
            lines.append(word)
        else:
            lines[-1] = f"{lines[-1]} {word}".strip()
    top = 80 - 22 * len(lines[:3])
    for index, line in enumerate(lines[:3]):
        draw.text((152, top + index * 44), line, fill=PALETTE["ink"], font=_font(32))
    return _save(title, picture)


_SKINS = [(240, 200, 170), (190, 140, 100), (120, 80, 55), (225, 175, 140)]
_HAIR = [(40, 30, 25), (110, 70, 40), (190, 150, 90), (150, 150, 150), (90, 40, 20)]


def portrait(seed: int) -> bytes:
    """A member's demo photo: a drawn head and shoulders on a plain colour (JPEG bytes, to be
    uploaded like a photo, through `labo.accounts.services.avatar_normalise`)."""
    rng = random.Random(seed)  # noqa: S311 -- a drawing, not a secret
    size = 512
    picture = PILImage.new("RGB", (size, size), rng.choice(_SKIES + [(229, 238, 249)]))
    draw = ImageDraw.Draw(picture)
    # Head and shoulders filling the frame: the avatar is shown a few pixels wide.
    draw.ellipse((50, 370, 462, 780), fill=rng.choice(_CLOTHES))  # shoulders
    draw.rectangle((216, 300, 296, 390), fill=(skin := rng.choice(_SKINS)))  # neck
    hair = rng.choice(_HAIR)
    if rng.random() < 0.5:  # long hair
        draw.rounded_rectangle((116, 80, 396, 430), radius=120, fill=hair)
    draw.ellipse((140, 64, 372, 336), fill=skin)  # face
    draw.chord((128, 40, 384, 250), start=180, end=360, fill=hair)  # hair on top
    for eye_x in (212, 300):
        draw.ellipse((eye_x - 11, 190, eye_x + 11, 212), fill=PALETTE["ink"])
    draw.arc((214, 222, 298, 290), start=20, end=160, fill=PALETTE["ink"], width=7)  # smile
    buffer = BytesIO()
    picture.save(buffer, format="JPEG", quality=88)
    return buffer.getvalue()
