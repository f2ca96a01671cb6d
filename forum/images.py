"""Pictures in forum posts: checked, re-encoded and kept small at upload, so that what a
member's camera wrote into the file (place, device, date) never reaches the readers."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from forum.models import PostImage
from labo.uploads import reencoded, validate_image

MAX_UPLOAD_BYTES = 8 * 1024 * 1024
# Wide enough for a post at twice its width on a sharp screen.
MAX_SIDE = 1600
# A member's pictures a day: enough for a report of a visit, not for a flood.
DAILY_LIMIT = 30


def uploads_left_today(user) -> int:
    since = timezone.now() - timedelta(days=1)
    return DAILY_LIMIT - PostImage.objects.filter(uploaded_by=user, uploaded_at__gte=since).count()


def post_image_upload(*, user, uploaded) -> PostImage:
    """Store a picture for a post: JPEG, PNG or WebP within the limits, turned upright, at most
    1,600 px a side, saved as WebP without its metadata. Raises ValidationError (translated)."""
    if uploads_left_today(user) <= 0:
        raise ValidationError(
            _("Vous avez ajouté %(count)d images en 24 heures : réessayez demain.")
            % {"count": DAILY_LIMIT},
            code="limit",
        )
    validate_image(uploaded, max_bytes=MAX_UPLOAD_BYTES)

    def fitted(picture):
        picture = picture.convert("RGBA" if "A" in picture.getbands() else "RGB")
        picture.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        return picture

    data, width, height = reencoded(uploaded, draw=fitted, image_format="WEBP", quality=82)
    image = PostImage(uploaded_by=user, width=width, height=height)
    image.file.save("image.webp", ContentFile(data), save=False)
    image.save()
    return image
