"""The event programme: the agenda page, events, registrations and what registrants are told.

Dates are stored in UTC and entered and shown in Europe/Paris (TIME_ZONE). Registrations are
only ever changed by events.services, which serialises them per event (see
`registration_create`), so that capacity can never be exceeded."""

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
)
from wagtail.api import APIField
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index

from events.blocks import ProgrammeBlock
from events.choices import (
    EmailStatus,
    EventEmailKind,
    EventFormat,
    EventScope,
    QuestionKind,
    RegistrationStatus,
)
from labo.caching.versions import CONTENT, CachedViewRestrictionsMixin
from labo.core.blocks import BodyBlock
from labo.core.listing import ListedPage
from labo.core.models import IntroMixin
from labo.core.page_context import ContextFromSelectors
from labo.core.pictures import CoverImageMixin
from labo.core.reserved_paths import fixed_first_segments
from labo.geography import Departement
from resources.choices import Audience


class EventIndexPage(ContextFromSelectors, CachedViewRestrictionsMixin, IntroMixin, Page):
    """/agenda/: the Labo's programme of regional and local events."""

    cache_moves = (CONTENT,)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]
    api_fields = [APIField("intro")]

    parent_page_types = ["core.HomePage"]
    subpage_types = ["events.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("agenda")


class EventPage(
    ContextFromSelectors, CachedViewRestrictionsMixin, ListedPage, CoverImageMixin, Page
):
    cache_moves = (CONTENT,)
    # The signed-in member's registration, set on the agenda's cards for members
    # (events.selectors): none unless set, so that a card never pays for a failed lookup.
    my_registration = None

    # labo.core.routing: loaded with the page
    route_select_related = ("commune", "related_programme")

    summary = models.CharField(_("résumé"), max_length=400)
    body = StreamField(BodyBlock(), verbose_name=_("présentation"), blank=True)
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"), db_index=True)
    event_format = models.CharField(
        _("format"), max_length=12, choices=EventFormat.choices, default=EventFormat.IN_PERSON
    )
    venue_name = models.CharField(_("lieu"), max_length=200, blank=True)
    venue_address = models.CharField(_("adresse"), max_length=300, blank=True)
    commune = models.ForeignKey(
        "projects.Commune",
        verbose_name=_("commune"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    access_information = models.TextField(
        _("accès et accessibilité"),
        blank=True,
        help_text=_(
            "Comment venir (transports, stationnement) et ce qui est prévu pour chacun : accès "
            "en fauteuil, boucle magnétique, interprétation, garde d'enfants…"
        ),
    )
    online_url = models.URLField(
        _("lien de connexion"),
        blank=True,
        help_text=_("Montré uniquement aux personnes dont l'inscription est confirmée."),
    )
    scope = models.CharField(
        _("portée"), max_length=10, choices=EventScope.choices, default=EventScope.REGIONAL
    )
    # Copied from the commune when there is one (clean()), so filters need no join.
    departement = models.CharField(
        _("département"), max_length=2, choices=Departement.choices, blank=True, db_index=True
    )
    themes = ParentalManyToManyField(
        "resources.ResourceTheme", verbose_name=_("thèmes"), blank=True, related_name="events"
    )
    audience = models.CharField(
        _("public"), max_length=20, choices=Audience.choices, default=Audience.CARRIERS
    )
    programme = StreamField(ProgrammeBlock(), verbose_name=_("programme"), blank=True)
    related_programme = models.ForeignKey(
        "projects.Programme",
        verbose_name=_("dispositif lié"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="events",
        help_text=_("Par exemple : une agora de l'appel à projets VIURE."),
    )

    registration_enabled = models.BooleanField(_("inscription sur le site"), default=True)
    capacity = models.PositiveIntegerField(
        _("nombre de places"), null=True, blank=True, help_text=_("Vide : sans limite.")
    )
    registration_opens_at = models.DateTimeField(
        _("ouverture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : dès la publication."),
    )
    registration_closes_at = models.DateTimeField(
        _("clôture des inscriptions"),
        null=True,
        blank=True,
        help_text=_("Vide : au début de l'événement."),
    )
    waitlist_enabled = models.BooleanField(_("liste d'attente quand c'est complet"), default=True)
    guests_allowed = models.BooleanField(
        _("inscription sans compte"),
        default=True,
        help_text=_("Un nom et une adresse e-mail suffisent, confirmée par un lien."),
    )
    companions_max = models.PositiveSmallIntegerField(
        _("accompagnant·es par inscription"),
        default=3,
        help_text=_("Chaque accompagnant·e compte pour une place. 0 : personne seule."),
    )

    cancelled = models.BooleanField(
        _("événement annulé"),
        default=False,
        help_text=_("Les inscrits sont prévenus par e-mail à la publication."),
    )
    cancellation_note = models.TextField(_("message d'annulation"), blank=True)

    report = StreamField(BodyBlock(), verbose_name=_("compte rendu"), blank=True)
    participants_count = models.PositiveIntegerField(
        _("nombre de participants"), null=True, blank=True
    )
    related_resources = ParentalManyToManyField(
        "resources.ResourcePage",
        verbose_name=_("ressources liées"),
        blank=True,
        related_name="events",
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldRowPanel([FieldPanel("starts_at"), FieldPanel("ends_at")], heading=_("Dates")),
        CoverImageMixin.cover_panel,
        MultiFieldPanel(
            [
                FieldPanel("event_format"),
                FieldRowPanel([FieldPanel("venue_name"), FieldPanel("commune")]),
                FieldPanel("venue_address"),
                FieldPanel("access_information"),
                FieldPanel("online_url"),
            ],
            heading=_("Lieu"),
        ),
        FieldRowPanel([FieldPanel("scope"), FieldPanel("departement"), FieldPanel("audience")]),
        FieldPanel("themes"),
        FieldPanel("body"),
        FieldPanel("programme"),
        InlinePanel("organisers", label=_("organisateur ou partenaire")),
        FieldPanel("related_programme"),
        MultiFieldPanel(
            [
                FieldPanel("registration_enabled"),
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("waitlist_enabled")]),
                FieldRowPanel([FieldPanel("guests_allowed"), FieldPanel("companions_max")]),
                FieldRowPanel(
                    [FieldPanel("registration_opens_at"), FieldPanel("registration_closes_at")]
                ),
                InlinePanel("questions", label=_("question d'inscription"), max_num=5),
            ],
            heading=_("Inscriptions"),
        ),
        MultiFieldPanel(
            [FieldPanel("cancelled"), FieldPanel("cancellation_note")],
            heading=_("Annulation"),
            classname="collapsed",
        ),
        MultiFieldPanel(
            [
                FieldPanel("participants_count"),
                FieldPanel("report"),
                InlinePanel("photos", label=_("photo")),
                FieldPanel("related_resources"),
            ],
            heading=_("Après l'événement"),
            classname="collapsed",
        ),
    ]
    # The online link is deliberately absent from the index and the API: it is for confirmed
    # registrants only.
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=3),
        index.SearchField("body", boost=2),
        index.SearchField("venue_name"),
        index.SearchField("programme"),
        index.SearchField("report"),
        index.RelatedFields("commune", [index.SearchField("name", boost=2)]),
        index.RelatedFields("themes", [index.SearchField("name")]),
        index.FilterField("listed_for"),
        index.FilterField("starts_at"),
        index.FilterField("ends_at"),
        index.FilterField("event_format"),
        index.FilterField("scope"),
        index.FilterField("departement"),
    ]
    api_fields = [
        APIField("summary"),
        APIField("starts_at"),
        APIField("ends_at"),
        APIField("event_format"),
        APIField("scope"),
        APIField("departement"),
        APIField("venue_name"),
        APIField("venue_address"),
        APIField("access_information"),
        APIField("capacity"),
        APIField("cancelled"),
    ]

    parent_page_types = ["events.EventIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        indexes = [
            # The agenda lists and counts what is to come (labo.core.listing).
            models.Index(fields=["listed_for", "starts_at"], name="events_listing_idx")
        ]

    @property
    def map_point(self) -> tuple[float, float, str] | None:
        """(latitude, longitude, precision) of the place: the centre of its commune, for an
        event held somewhere."""
        if self.event_format == EventFormat.ONLINE or self.commune is None:
            return None
        if self.commune.latitude is None or self.commune.longitude is None:
            return None
        return self.commune.latitude, self.commune.longitude, "commune"

    def clean(self):
        super().clean()
        errors = {}
        if self.slug in fixed_first_segments("events"):
            errors["slug"] = _("Cette adresse est réservée par l'agenda : choisissez-en une autre.")
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("La fin doit être après le début.")
        if self.event_format in (EventFormat.IN_PERSON, EventFormat.HYBRID):
            if not self.venue_name:
                errors["venue_name"] = _("Indiquez le lieu d'un événement sur place.")
            if not self.commune_id:
                errors["commune"] = _("Indiquez la commune d'un événement sur place.")
        if self.commune_id:
            self.departement = self.commune.departement
        if self.scope == EventScope.LOCAL and not self.departement:
            errors["departement"] = _("Une rencontre locale a lieu dans un département.")
        opens, closes = self.registration_opens_at, self.registration_closes_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("La clôture doit suivre l'ouverture.")
        if closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = _(
                "Les inscriptions ne peuvent pas fermer après la fin de l'événement."
            )
        if errors:
            raise ValidationError(errors)

    # Facts the templates, the calendars and the e-mails share --------------------------------

    @property
    def is_past(self) -> bool:
        return self.ends_at < timezone.now()

    @property
    def is_multi_day(self) -> bool:
        return timezone.localdate(self.starts_at) != timezone.localdate(self.ends_at)

    @property
    def is_online(self) -> bool:
        return self.event_format in (EventFormat.ONLINE, EventFormat.HYBRID)

    @property
    def place_label(self) -> str:
        """One line for the calendars and the e-mails."""
        if self.event_format == EventFormat.ONLINE:
            return str(_("En ligne"))
        parts = [self.venue_name, self.venue_address]
        if self.commune_id:
            parts.append(self.commune.name)
        label = ", ".join(part for part in parts if part)
        if self.event_format == EventFormat.HYBRID:
            label = f"{label} {_('(et en ligne)')}"
        return label

    @property
    def registration_closes(self):
        return self.registration_closes_at or self.starts_at

    @property
    def has_report(self) -> bool:
        return bool(self.report) or self.participants_count is not None


class EventOrganiser(Orderable):
    cache_moves = (CONTENT,)

    class Role(models.TextChoices):
        ORGANISER = "organisateur", _("Organisateur")
        PARTNER = "partenaire", _("Partenaire")

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="organisers")
    name = models.CharField(_("nom"), max_length=200)
    role = models.CharField(_("rôle"), max_length=12, choices=Role.choices, default=Role.ORGANISER)
    website = models.URLField(_("site web"), blank=True)

    panels = [FieldRowPanel([FieldPanel("name"), FieldPanel("role")]), FieldPanel("website")]


class EventPhoto(Orderable):
    cache_moves = (CONTENT,)

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="photos")
    image = models.ForeignKey(
        "wagtailimages.Image", on_delete=models.CASCADE, related_name="+", verbose_name=_("image")
    )
    alt_text = models.CharField(_("texte alternatif"), max_length=250)
    caption = models.CharField(_("légende"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("alt_text"), FieldPanel("caption")]


class RegistrationQuestion(Orderable):
    """A question asked at registration (accessibility needs, the project one carries…)."""

    cache_moves = (CONTENT,)

    page = ParentalKey(EventPage, on_delete=models.CASCADE, related_name="questions")
    label = models.CharField(_("question"), max_length=200)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    kind = models.CharField(
        _("type de réponse"),
        max_length=12,
        choices=QuestionKind.choices,
        default=QuestionKind.SHORT_TEXT,
    )
    required = models.BooleanField(_("réponse obligatoire"), default=False)

    panels = [
        FieldRowPanel([FieldPanel("label"), FieldPanel("kind"), FieldPanel("required")]),
        FieldPanel("help_text"),
    ]

    def __str__(self):
        return self.label


def registration_token() -> str:
    """The secret of a registration's links in its e-mails (confirm, see, cancel)."""
    return secrets.token_urlsafe(32)


def still_held(now) -> models.Q:
    """A guest's request whose seats are still held while they confirm (`held_until`); `now`:
    a moment, or the database's `Now()`."""
    return models.Q(status=RegistrationStatus.PENDING, held_until__gt=now)


class RegistrationQuerySet(models.QuerySet):
    def taking_seats(self, now):
        """The registrations that take seats: confirmed ones, and guests' requests whose seats
        are still held while they confirm."""
        return self.filter(models.Q(status=RegistrationStatus.CONFIRMED) | still_held(now))

    def seats(self) -> int:
        """The seats these registrations take, each with its companions."""
        return self.aggregate(n=models.Sum(models.F("companions") + 1))["n"] or 0


class Registration(models.Model):
    """One person's place at an event, with the companions they bring: a member (`user`) or a
    guest without an account (`guest_name`, `guest_email`), who confirms by e-mail.
    Waitlisted registrations are served in `queued_at` order; registering again after a
    cancellation joins the end of the queue."""

    cache_moves = (CONTENT,)

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="event_registrations",
    )
    guest_name = models.CharField(_("nom (sans compte)"), max_length=100, blank=True)
    # Stored lower-cased: one registration per address and event.
    guest_email = models.EmailField(_("e-mail (sans compte)"), blank=True)
    status = models.CharField(_("statut"), max_length=12, choices=RegistrationStatus.choices)
    # People who come with the registrant, each taking a seat; their names are optional.
    companions = models.PositiveSmallIntegerField(_("accompagnant·es"), default=0)
    companion_names = models.CharField(_("noms des accompagnant·es"), max_length=300, blank=True)
    # [{"label": question, "value": answer}], in the order of the questions when answered.
    answers = models.JSONField(_("réponses"), default=list, blank=True)
    queued_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    # Until when a guest's seats are kept while they confirm (None: no seat kept).
    held_until = models.DateTimeField(null=True, blank=True)
    # The secret of the links in the registrant's e-mails.
    token = models.CharField(max_length=64, unique=True, default=registration_token)
    # A guest's name, address and answers erased a year after the event; what is left (status,
    # companions, attendance) still counts in the figures.
    anonymised_at = models.DateTimeField(null=True, blank=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("ajoutée par"),
    )
    attended = models.BooleanField(_("présence"), null=True, blank=True)
    # The person agreed to be named in « Qui vient ? » (members see the names).
    name_shown = models.BooleanField(_("nom affiché parmi les participants"), default=False)

    objects = RegistrationQuerySet.as_manager()

    class Meta:
        verbose_name = _("inscription")
        verbose_name_plural = _("inscriptions")
        constraints = [
            models.UniqueConstraint(fields=["event", "user"], name="events_one_registration"),
            models.UniqueConstraint(
                fields=["event", "guest_email"],
                condition=~models.Q(guest_email=""),
                name="events_one_guest_registration",
            ),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False)
                | ~models.Q(guest_email="")
                | models.Q(anonymised_at__isnull=False),
                name="events_registration_has_someone",
            ),
        ]
        indexes = [
            models.Index(fields=["event", "status", "queued_at"], name="events_queue_idx"),
            models.Index(
                fields=["held_until"],
                name="events_held_idx",
                condition=models.Q(status="a-confirmer"),
            ),
        ]

    def __str__(self):
        return f"{self.display_name} → {self.event} ({self.get_status_display()})"

    @property
    def is_guest(self) -> bool:
        return self.user_id is None

    @property
    def display_name(self) -> str:
        if self.user_id is not None:
            return self.user.display_name
        return self.guest_name or str(_("Personne anonymisée"))

    @property
    def email(self) -> str:
        return self.guest_email if self.user_id is None else self.user.email

    @property
    def seats(self) -> int:
        return 1 + self.companions

    @property
    def is_pending(self) -> bool:
        return self.status == RegistrationStatus.PENDING

    @property
    def is_confirmed(self) -> bool:
        return self.status == RegistrationStatus.CONFIRMED

    @property
    def is_waitlisted(self) -> bool:
        return self.status == RegistrationStatus.WAITLISTED

    @property
    def is_active(self) -> bool:
        return self.status != RegistrationStatus.CANCELLED


class EventMessage(models.Model):
    """A message the team sent to an event's registrants (kept for the record)."""

    # Writes move: a message to registrants, sent by e-mail.
    cache_moves = ()

    event = models.ForeignKey(EventPage, on_delete=models.CASCADE, related_name="messages")
    subject = models.CharField(_("objet"), max_length=200)
    body = models.TextField(_("message"))
    include_waitlist = models.BooleanField(
        _("aussi aux personnes en liste d'attente"), default=False
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    recipients_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("message aux inscrits")

    def __str__(self):
        return self.subject


class EventEmail(models.Model):
    """The outbox of e-mails to registrants: one row per person and e-mail, sent by a
    background task, retried by `send_event_reminders` after a failure. A reminder can exist
    only once per registration (database constraint), so it is never sent twice."""

    # Writes move: e-mails queued for registrants.
    cache_moves = ()

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="emails")
    kind = models.CharField(max_length=16, choices=EventEmailKind.choices)
    message = models.ForeignKey(EventMessage, null=True, blank=True, on_delete=models.CASCADE)
    # What changed, for a "changement" e-mail: {"before": {...}, "after": {...}}.
    details = models.JSONField(default=dict, blank=True)
    status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail aux inscrits")
        constraints = [
            models.UniqueConstraint(
                fields=["registration", "kind"],
                condition=models.Q(
                    kind__in=[EventEmailKind.REMINDER_DAY, EventEmailKind.REMINDER_HOUR]
                ),
                name="events_reminder_once",
            )
        ]
        indexes = [
            models.Index(
                fields=["status", "created_at"],
                name="events_outbox_idx",
                condition=models.Q(status="pending"),
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} → {self.registration.display_name}"


class AnnouncedSchedule(models.Model):
    """What registrants were last told about an event's date and place: publishing a version
    that differs tells them of the change (and bumps the iCalendar SEQUENCE)."""

    # Writes move: what registrants were last told.
    cache_moves = ()

    event = models.OneToOneField(
        EventPage, on_delete=models.CASCADE, primary_key=True, related_name="announced_schedule"
    )
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    place = models.CharField(max_length=600, blank=True)
    online_url = models.URLField(blank=True)
    cancelled = models.BooleanField(default=False)
    sequence = models.PositiveIntegerField(default=0)


class CalendarFeed(models.Model):
    """A member's private calendar address (/agenda/mon-agenda/<token>.ics): the events they
    registered for, online links included. Renewing the token revokes the old address."""

    # Writes move: a person's private feed address.
    cache_moves = ()

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("agenda personnel")
