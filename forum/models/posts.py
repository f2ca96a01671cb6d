from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_comments_xtd.models import XtdComment
from taggit.managers import TaggableManager
from taggit.models import TaggedItemBase

from forum.models.categories import Category
from labo.caching.versions import CONTENT
from labo.core.choice_labels import ChoiceLabels


class PostStatus(models.TextChoices):
    PUBLISHED = "publie", _("Publié")
    PENDING = "attente", _("En attente de modération")
    HIDDEN = "masque", _("Masqué par la modération")
    DELETED = "supprime", _("Supprimé")


class ThreadTag(TaggedItemBase):
    cache_moves = (CONTENT,)

    content_object = models.ForeignKey("forum.Thread", on_delete=models.CASCADE)


class Thread(ChoiceLabels, models.Model):
    """A discussion. Its replies are django-comments-xtd comments (forum.Reply) attached to
    it; the counters are kept with F() expressions by forum.services."""

    cache_moves = (CONTENT,)
    # A thread has nothing new for its reader unless a list marks it
    # (forum.selectors._mark_unread): the attributes a row reads always exist, and a template
    # never pays for a failed lookup (Django then lists every attribute of the instance).
    is_new = False
    is_unread = False

    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="threads")
    title = models.CharField(_("titre"), max_length=150)
    slug = models.SlugField(max_length=80, allow_unicode=False)
    # Markdown, rendered at display time by forum.markdown.render_markdown (never stored as
    # HTML: a stricter allow-list applies to old posts at once).
    body = models.TextField(_("message"), max_length=20000)
    # Kept when an account is deleted: the post shows "membre supprimé".
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
    )
    tags = TaggableManager(through=ThreadTag, blank=True, verbose_name=_("mots-clés"))
    related_project = models.ForeignKey(
        "projects.ProjectPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        verbose_name=_("projet lié"),
    )
    related_resource = models.ForeignKey(
        "resources.ResourcePage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        verbose_name=_("ressource liée"),
    )
    related_event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="forum_threads",
        verbose_name=_("événement lié"),
    )
    status = models.CharField(
        max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED, db_index=True
    )
    pinned = models.BooleanField(_("épinglé"), default=False)
    locked = models.BooleanField(_("verrouillé"), default=False)
    solution = models.ForeignKey(
        "forum.Reply",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("réponse retenue"),
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    last_reply_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    reply_count = models.PositiveIntegerField(default=0)
    view_count = models.PositiveIntegerField(default=0)
    flag_count = models.PositiveSmallIntegerField(default=0)
    # {kind: count} of the opening post's reactions (forum.reactions keeps it, in the same
    # transaction as the Reaction rows): read with the thread, no query of its own.
    reaction_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("sujet")
        verbose_name_plural = _("sujets")
        indexes = [
            models.Index(
                fields=["category", "status", "-pinned", "-last_activity_at"],
                name="forum_thread_list_idx",
            ),
            # A member's unread count (forum.selectors.unread_thread_count): the threads
            # active since they joined, read from the index alone.
            models.Index(
                fields=["status", "last_activity_at", "category", "id"],
                name="forum_thread_activity_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("forum:thread", args=[self.category.slug, self.pk, self.slug])

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    @property
    def is_solved(self) -> bool:
        return self.solution_id is not None


class Reply(XtdComment):
    """A reply: a django-comments-xtd comment on a Thread (threaded two levels deep), with the
    forum's own state. `comment` holds the Markdown."""

    cache_moves = (CONTENT,)

    status = models.CharField(
        max_length=10, choices=PostStatus.choices, default=PostStatus.PUBLISHED, db_index=True
    )
    edited_at = models.DateTimeField(null=True, blank=True)
    # Distinct members who flagged it (Flag rows are the record).
    flag_count = models.PositiveSmallIntegerField(default=0)
    # {kind: count}, as the thread's.
    reaction_counts = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    @property
    def is_published(self) -> bool:
        return self.status == PostStatus.PUBLISHED

    @property
    def is_deleted(self) -> bool:
        return self.status == PostStatus.DELETED
