"""The report's charts as PNG pictures for the PDF, DOCX and ODT files, drawn with Pillow from
the same geometry the page draws in SVG (labo.reports.charts), with the vendored DejaVu font:
nothing on the host is needed."""

import io
import re
from functools import cache
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from labo.reports.sections import BARS, COLUMNS, FUNNEL, MAP

FONTS = Path(__file__).resolve().parent.parent / "fonts"
SCALE = 3  # pixels per SVG unit: sharp when printed at the page's width
INK, INK_SOFT, PAPER = "#1d2430", "#4a5363", "#ffffff"
SERIES = ["#8a2c0d", "#1d4f91", "#1e5c3a"]
SHADES = ["#eceae6", "#f3c9b3", "#e39a77", "#c2643b", "#8a2c0d"]
OUTLINE = "#ffffff"


@cache
def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONTS / name), size * SCALE)


def _canvas(width: float, height: float) -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (round(width * SCALE), round(height * SCALE)), PAPER)
    return image, ImageDraw.Draw(image)


def _png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def _text(draw, x, y, text, *, size=11, fill=INK, anchor="ls") -> None:
    draw.text((x * SCALE, y * SCALE), str(text), font=font(size), fill=fill, anchor=anchor)


def _legend(draw, chart: dict) -> None:
    """The series' colours under the chart (the page shows them in its figcaption)."""
    x = 0
    for index, series in enumerate(chart["legend"]):
        colour = SERIES[index % len(SERIES)]
        top = chart["height"] + 6
        draw.rectangle([x * SCALE, top * SCALE, (x + 11) * SCALE, (top + 11) * SCALE], fill=colour)
        _text(draw, x + 16, top + 10, series, size=11)
        x += 16 + 7 * len(str(series)) + 18


def bars_picture(chart: dict) -> bytes:
    legend = 24 if chart["legend"] else 0
    image, draw = _canvas(chart["width"], chart["height"] + legend)
    _legend(draw, chart)
    for label in chart["labels"]:
        _text(draw, label.x, label.y, label.text, size=12)
    for bar in chart["bars"]:
        if bar.width:
            draw.rectangle(
                [
                    bar.x * SCALE,
                    bar.y * SCALE,
                    (bar.x + bar.width) * SCALE,
                    (bar.y + bar.height) * SCALE,
                ],
                fill=SERIES[bar.series % len(SERIES)],
            )
        _text(draw, bar.value_x, bar.text_y, bar.value, fill=INK_SOFT)
    return _png(image)


def columns_picture(chart: dict) -> bytes:
    legend = 24 if chart["legend"] else 0
    image, draw = _canvas(chart["width"], chart["height"] + legend)
    _legend(draw, chart)
    baseline = chart["baseline"] * SCALE
    draw.line([0, baseline, chart["width"] * SCALE, baseline], fill=INK_SOFT, width=SCALE)
    for bar in chart["bars"]:
        if bar["height"]:
            draw.rectangle(
                [
                    bar["x"] * SCALE,
                    bar["y"] * SCALE,
                    (bar["x"] + bar["width"]) * SCALE,
                    baseline,
                ],  # fmt: skip
                fill=SERIES[bar["series"] % len(SERIES)],
            )
        if bar["labelled"]:
            _text(draw, bar["text_x"], bar["text_y"], bar["value"], fill=INK_SOFT, anchor="ms")
    for label in chart["labels"]:
        _text(draw, label["x"], label["y"], label["text"], size=12, anchor="ms")
    return _png(image)


def funnel_picture(chart: dict) -> bytes:
    image, draw = _canvas(chart["width"], chart["height"])
    left = chart["label_width"]
    for bar in chart["bars"]:
        _text(draw, left - 8, bar["text_y"], bar["label"], size=12, anchor="rs")
        if bar["width"]:
            draw.rounded_rectangle(
                [
                    left * SCALE,
                    bar["y"] * SCALE,
                    (left + bar["width"]) * SCALE,
                    (bar["y"] + chart["bar_height"]) * SCALE,
                ],  # fmt: skip
                radius=3 * SCALE,
                fill=SERIES[0],
            )
        _text(draw, bar["value_x"], bar["text_y"], bar["value"], size=12)
    return _png(image)


PATH_TOKENS = re.compile(r"[mMzZ]|-?\d*\.?\d+(?:e-?\d+)?")


def _polygons(path: str) -> list[list[tuple[float, float]]]:
    """The outlines' paths use relative moves and lines only (`m x,y dx,dy … z`)."""
    polygons, current = [], []
    x = y = 0.0
    start = (0.0, 0.0)
    tokens = PATH_TOKENS.findall(path.replace(",", " "))
    index, command, first = 0, "m", True
    while index < len(tokens):
        part = tokens[index]
        if part in "mMzZ":
            if part in "zZ":
                if current:
                    polygons.append(current)
                current, (x, y) = [], start
            else:
                command, first = part, True
            index += 1
            continue
        dx, dy = float(part), float(tokens[index + 1])
        index += 2
        if command == "M" and first:
            x, y = dx, dy
        else:
            x, y = x + dx, y + dy
        if first:
            if current:
                polygons.append(current)
            current, start, first = [], (x, y), False
        current.append((x, y))
    if current:
        polygons.append(current)
    return polygons


def map_picture(chart: dict) -> bytes:
    left, top, width, height = (float(value) for value in chart["view_box"].split())
    legend = 26
    image, draw = _canvas(width, height + legend)
    for departement in chart["departements"]:
        for polygon in _polygons(departement["path"]):
            draw.polygon(
                [((px - left) * SCALE, (py - top) * SCALE) for px, py in polygon],
                fill=SHADES[departement["shade"]],
                outline=OUTLINE,
                width=SCALE,
            )
    # The figures themselves are in the table beside the picture; the legend says the scale.
    x = 4
    for shade, text in ((0, "0"), (1, ""), (2, ""), (3, ""), (4, "max.")):
        draw.rectangle(
            [x * SCALE, (height + 8) * SCALE, (x + 14) * SCALE, (height + 20) * SCALE],
            fill=SHADES[shade],
        )
        x += 16
        if text:
            _text(draw, x + 2, height + 18, text, size=9, fill=INK_SOFT)
            x += 6 * len(text) + 8
    return _png(image)


def chart_picture(chart: dict) -> bytes:
    draw = {
        BARS: bars_picture,
        COLUMNS: columns_picture,
        FUNNEL: funnel_picture,
        MAP: map_picture,
    }[chart["kind"]]
    return draw(chart)
