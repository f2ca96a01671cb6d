"""Checking uploaded files from their content, not their name: one rule for every form that
accepts files (application documents, resource proposals, documents in the admin, project
images, profile photos)."""

from io import BytesIO

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

OFFICE_AND_IMAGES = {
    "pdf": "application/pdf",
    "odt": "application/vnd.oasis.opendocument.text",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "odp": "application/vnd.oasis.opendocument.presentation",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
    "txt": "text/plain",
    "csv": "text/csv",
}
TEXT_TYPES = {"text/plain", "text/csv"}


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A multi-byte character cut at the end of the sample is fine.
        if error.start < len(head) - 4:
            return False
    lowered = head.lstrip().lower()
    # Markup would be rendered by a browser: never accept it as text.
    return not lowered.startswith((b"<!doctype", b"<html", b"<svg", b"<?xml", b"<script"))


def validate_upload(uploaded, *, allowed: dict[str, str], max_bytes: int) -> str:
    """Return the content type when the file is what its extension says and small enough;
    raise a clear, translated ValidationError otherwise."""
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Ce fichier dépasse %(max)d Mo : réduisez-le ou découpez-le.")
            % {"max": max(1, max_bytes // (1024 * 1024))},
            code="too_big",
        )
    extension = uploaded.name.rsplit(".", 1)[-1].lower() if "." in uploaded.name else ""
    expected = allowed.get(extension)
    head = uploaded.read(8192)
    uploaded.seek(0)
    if expected in TEXT_TYPES:
        matches = _looks_like_text(head)
    else:
        guessed = filetype.guess(head)
        matches = expected is not None and guessed is not None and guessed.mime == expected
    if not matches:
        formats = ", ".join(sorted({ext.upper() for ext in allowed if ext != "jpeg"}))
        raise ValidationError(
            _(
                "Formats acceptés : %(formats)s — et le contenu du fichier doit correspondre à "
                "son extension."
            )
            % {"formats": formats},
            code="type",
        )
    return expected


# Raster formats only: an SVG is a document that can carry scripts, never an image here.
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP"}


def _too_many_pixels(pixels: int | None = None) -> ValidationError:
    limit = settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS // 1_000_000
    return ValidationError(
        _(
            "Cette image est trop grande en dimensions (%(limit)d millions de pixels au plus) : "
            "réduisez-la avant de l'envoyer."
        )
        % {"limit": limit},
        code="too_many_pixels",
    )


def validate_image(uploaded, *, max_bytes: int) -> str:
    """Return the format of a JPEG, PNG or WebP image that is small enough in bytes and in
    pixels (read from its header, before anything is decoded: a decompression bomb never
    reaches memory); raise a clear, translated ValidationError otherwise."""
    if uploaded.size > max_bytes:
        raise ValidationError(
            _("Cette image dépasse %(max)d Mo : choisissez une image plus légère.")
            % {"max": max(1, max_bytes // (1024 * 1024))},
            code="too_big",
        )
    try:
        with Image.open(uploaded) as image:
            if image.width * image.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise _too_many_pixels()
            image.verify()
            image_format = image.format
    except Image.DecompressionBombError as error:
        raise _too_many_pixels() from error
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP)."), code="invalid"
        ) from error
    finally:
        uploaded.seek(0)
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(_("Formats acceptés : JPEG, PNG ou WebP."), code="format")
    return image_format


def reencoded(uploaded, *, draw, image_format: str, quality: int) -> tuple[bytes, int, int]:
    """The picture `draw` makes of an uploaded image (turned upright first), saved afresh in
    `image_format`: pixels only, so nothing the camera wrote (place, device, date) nor what a
    crafted file carried besides pixels goes further. Returns the bytes, width and height;
    a translated ValidationError for a file that is not a readable image."""
    try:
        with Image.open(uploaded) as source:
            picture = draw(ImageOps.exif_transpose(source))
            buffer = BytesIO()
            picture.save(buffer, format=image_format, quality=quality)
    except (UnidentifiedImageError, OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP)."), code="invalid"
        ) from error
    return buffer.getvalue(), picture.width, picture.height
