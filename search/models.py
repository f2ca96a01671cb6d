"""The unified search index of the database engine: one row per thing a person can find
(project, resource with its files' text, event, forum thread with its replies, page), written
by search/indexing.py when content is published, edited, unpublished or deleted.

Only what is live is indexed (never a draft or a pending revision); what needs a signed-in
person (members-only resources and forum categories) is flagged `members_only` and filtered
by search.selectors for visitors. Nothing about applications is ever indexed."""

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labo.caching.versions import CONTENT

# PostgreSQL's text search configuration created by migration 0001 (French stemming, accents
# ignored): the index's vectors and the database engine's queries must use the same one.
TEXT_SEARCH_CONFIG = "french_unaccent"


class DocumentKind(models.TextChoices):
    PROJECT = "projet", _("Projets")
    RESOURCE = "ressource", _("Ressources")
    EVENT = "evenement", _("Événements")
    FORUM = "forum", _("Forum")
    PAGE = "page", _("Pages")


class SearchDocument(models.Model):
    cache_moves = (CONTENT,)

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    kind = models.CharField(max_length=10, choices=DocumentKind.choices, db_index=True)
    title = models.CharField(max_length=255)
    summary = models.TextField(blank=True)
    body = models.TextField(blank=True)
    attachments = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    departement = models.CharField(max_length=2, blank=True, db_index=True)
    # Theme slugs, space separated and padded (" foncier financement "), so that one LIKE
    # filters on either database.
    themes = models.CharField(max_length=500, blank=True)
    # Events: their start; forum: last activity; others: last publication.
    date = models.DateTimeField(null=True, db_index=True)
    members_only = models.BooleanField(default=False)
    # Lower-case, accent-free title and text, for SQLite and for the suggestions.
    title_normalized = models.CharField(max_length=255, db_index=True)
    text_normalized = models.TextField(blank=True)
    # PostgreSQL only: weighted French vector (title A, summary B, body C, files D).
    vector = SearchVectorField(null=True)
    # When the row last changed: the version Elasticsearch keeps (external versioning), so an
    # older state sent late — by a rebuild, or a slow worker — never replaces a newer one.
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_one_doc")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} : {self.title}"


class UnansweredQuery(models.Model):
    """A search that found nothing (the frequent ones deserve a promoted result or content)."""

    # Writes move: the team's report of searches that found nothing.
    cache_moves = ()

    query_string = models.CharField(_("recherche"), max_length=255, unique=True)
    hits = models.PositiveIntegerField(_("nombre de fois"), default=0)
    last_seen_at = models.DateTimeField(_("dernière fois"), auto_now=True)

    class Meta:
        verbose_name = _("recherche sans résultat")
        verbose_name_plural = _("recherches sans résultat")

    def __str__(self):
        return self.query_string


class IndexWrite(models.Model):
    """The outbox of the Elasticsearch index: a document of search_searchdocument to write
    (or remove) there, queued in the transaction that changed the table and deleted only once
    Elasticsearch acknowledged it (search.outbox). One row per document: a newer change
    replaces an older one not yet sent."""

    # Writes move: the outbox to Elasticsearch (the search document's own write moves the content).
    cache_moves = ()

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.PositiveBigIntegerField()
    remove = models.BooleanField(default=False)
    queued_at = models.DateTimeField(db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    next_attempt_at = models.DateTimeField(db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["content_type", "object_id"], name="search_one_write")
        ]
        verbose_name = _("écriture d'index en attente")
        verbose_name_plural = _("écritures d'index en attente")

    def __str__(self):
        action = "remove" if self.remove else "put"
        return f"{action} {self.content_type_id}-{self.object_id} ({self.attempts} attempts)"
