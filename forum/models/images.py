import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def post_image_path(instance, filename):
    # A name nobody can guess (/media/ serves files to whoever has their address), carrying
    # the picture's size, which the rendering of a post reads without a query
    # (forum.markdown).
    return f"forum/{secrets.token_urlsafe(16)}_{instance.width}x{instance.height}.webp"


class PostImage(models.Model):
    """A picture a member put in a thread or a reply: re-encoded at upload (forum.images),
    inserted in the post's Markdown as `![description](address)`."""

    # Seen only through the posts that show it, whose writes move the versions.
    cache_moves = ()

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    file = models.ImageField(upload_to=post_image_path)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    uploaded_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("image de message")
        verbose_name_plural = _("images de messages")

    def __str__(self):
        return self.file.name
