"""Application tracking (VIURE call for projects, regional loan guarantee): programmes and their
stages are data staff edit; an application moves between stages only through
projects.applications.services, which records every step in an append-only timeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import StreamField
from wagtail.models import Orderable

from labo.caching.versions import APPLICATIONS, CONTENT
from labo.core.choice_labels import ChoiceLabels
from labo.core.storage import private_storage
from projects.applications.form_blocks import FormFieldsBlock, ReviewQuestionsBlock


class ProgrammeKind(models.TextChoices):
    CALL = "appel", _("Appel à projets")
    REFERRAL = "orientation", _("Mise en relation avec un dispositif")


class Programme(ClusterableModel):
    cache_moves = (CONTENT,)

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(unique=True, max_length=80)
    kind = models.CharField(_("type"), max_length=12, choices=ProgrammeKind.choices)
    funder = models.CharField(_("financeur"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page de présentation"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uses_viure_assessment = models.BooleanField(
        _("évaluation VIURE"),
        default=False,
        help_text=_(
            "Les candidatures sont évaluées sur les critères Vivant, Inclusif, Utopique, "
            "Résilient, Esthétique."
        ),
    )

    review_questions = StreamField(
        ReviewQuestionsBlock(),
        blank=True,
        verbose_name=_("grille d'évaluation : questions aux évaluateurs"),
        help_text=_(
            "Posées à chaque évaluateur, après les cinq critères VIURE si le programme les "
            "utilise, avant sa recommandation."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("kind"),
        FieldPanel("funder"),
        FieldPanel("description"),
        FieldPanel("page"),
        FieldPanel("uses_viure_assessment"),
        FieldPanel("review_questions"),
        InlinePanel("stages", heading=_("Étapes (dans l'ordre)"), label=_("étape")),
        InlinePanel("required_documents", heading=_("Pièces demandées"), label=_("pièce")),
        InlinePanel("forms", heading=_("Formulaires de candidature"), label=_("formulaire")),
        InlinePanel(
            "decision_templates",
            heading=_("Modèles de messages de décision"),
            label=_("modèle"),
        ),
    ]

    class Meta:
        verbose_name = _("programme")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def has_reviews(self) -> bool:
        """Reviewers score the VIURE criteria, answer the programme's questions, or both."""
        return self.uses_viure_assessment or bool(self.review_questions)


class Stage(Orderable):
    cache_moves = (CONTENT,)

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="stages")
    staff_name = models.CharField(_("nom pour l'équipe"), max_length=100)
    carrier_name = models.CharField(_("nom pour les porteurs"), max_length=100)
    is_initial = models.BooleanField(_("étape de départ"), default=False)
    is_positive_outcome = models.BooleanField(_("issue favorable"), default=False)
    is_negative_outcome = models.BooleanField(_("issue défavorable"), default=False)
    is_withdrawn = models.BooleanField(_("abandon"), default=False)
    carrier_guidance = models.TextField(
        _("ce qui se passe à cette étape, pour les porteurs"),
        blank=True,
        max_length=2000,
        help_text=_(
            "Affiché aux porteurs tant que leur candidature est à cette étape : ce qui va se "
            "passer, ce qui est attendu d'eux."
        ),
    )

    panels = [
        FieldRowPanel([FieldPanel("staff_name"), FieldPanel("carrier_name")]),
        FieldPanel("carrier_guidance"),
        FieldRowPanel(
            [
                FieldPanel("is_initial"),
                FieldPanel("is_positive_outcome"),
                FieldPanel("is_negative_outcome"),
                FieldPanel("is_withdrawn"),
            ]
        ),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("étape")

    def __str__(self):
        return f"{self.programme} – {self.staff_name}"

    @property
    def is_outcome(self) -> bool:
        return self.is_positive_outcome or self.is_negative_outcome or self.is_withdrawn


class StageTransition(models.Model):
    """An allowed move. A programme without any listed transition follows the default rule:
    next stage, previous stage, or any outcome."""

    cache_moves = (CONTENT,)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="transitions")
    from_stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")
    to_stage = models.ForeignKey(Stage, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("transition autorisée")
        constraints = [
            models.UniqueConstraint(
                fields=["from_stage", "to_stage"], name="projects_transition_unique"
            )
        ]

    def __str__(self):
        return f"{self.from_stage.staff_name} → {self.to_stage.staff_name}"


class RequiredDocument(Orderable):
    cache_moves = (CONTENT,)

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="required_documents")
    stage = models.ForeignKey(
        Stage,
        verbose_name=_("à fournir à l'étape"),
        on_delete=models.CASCADE,
        related_name="required_documents",
    )
    name = models.CharField(_("nom"), max_length=150)
    help_text = models.CharField(_("aide"), max_length=300, blank=True)
    mandatory = models.BooleanField(_("obligatoire"), default=True)
    due_within_days = models.PositiveSmallIntegerField(
        _("à fournir sous (jours)"),
        null=True,
        blank=True,
        help_text=_(
            "Délai laissé aux porteurs à partir de l'arrivée à l'étape ; rappel 3 jours avant. "
            "Vide : avant la clôture de la session, s'il y en a une."
        ),
    )

    panels = [
        FieldPanel("stage"),
        FieldPanel("name"),
        FieldPanel("help_text"),
        FieldRowPanel([FieldPanel("mandatory"), FieldPanel("due_within_days")]),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("pièce demandée")

    def __str__(self):
        return self.name


class RoundStatus(models.TextChoices):
    UPCOMING = "a-venir", _("À venir")
    OPEN = "ouverte", _("Ouverte")
    CLOSED = "close", _("Close")


class Round(models.Model):
    cache_moves = (CONTENT,)

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="rounds")
    edition = models.CharField(_("édition"), max_length=50)
    opens_on = models.DateField(_("ouverture"), null=True, blank=True)
    closes_on = models.DateField(_("clôture"), null=True, blank=True)
    status = models.CharField(
        _("état"), max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN
    )

    class Meta:
        verbose_name = _("session")
        ordering = ["programme__name", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "edition"], name="projects_round_unique")
        ]

    def __str__(self):
        return f"{self.programme} {self.edition}"


class AppointmentKind(models.TextChoices):
    INTERVIEW = "entretien", _("Entretien préalable")
    PRE_AUDITION = "pre-audition", _("Pré-audition")
    AGORA = "agora", _("Agora avec les services de la Région")
    MEETING = "rendez-vous", _("Rendez-vous")


class Application(ChoiceLabels, models.Model):
    # Writes move: applications are never public: their lists and pages.
    cache_moves = (APPLICATIONS,)

    project = models.ForeignKey(
        "projects.ProjectPage",
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("projet"),
    )
    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="applications", verbose_name=_("session")
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, related_name="applications", verbose_name=_("étape")
    )
    cress_referent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="referred_applications",
        verbose_name=_("référent·e CRESS"),
    )
    shared_with = models.ManyToManyField(
        "accounts.PartnerOrganisation",
        blank=True,
        related_name="shared_applications",
        verbose_name=_("partagée avec"),
    )
    amount_requested = models.DecimalField(
        _("montant demandé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    amount_granted = models.DecimalField(
        _("montant accordé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    next_appointment_at = models.DateTimeField(_("prochain rendez-vous"), null=True, blank=True)
    next_appointment_kind = models.CharField(
        _("type de rendez-vous"), max_length=20, choices=AppointmentKind.choices, blank=True
    )
    next_appointment_place = models.CharField(_("lieu ou lien"), max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    last_activity_at = models.DateTimeField(auto_now_add=True, db_index=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("candidature")
        ordering = ["-last_activity_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "round"],
                condition=Q(closed_at__isnull=True),
                name="projects_one_open_application_per_round",
                violation_error_message=_(
                    "Ce projet a déjà une candidature en cours pour cette session."
                ),
            )
        ]

    def __str__(self):
        return f"{self.project.title} – {self.round}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class EventKind(models.TextChoices):
    CREATED = "creation", _("Candidature déposée")
    STAGE = "etape", _("Changement d'étape")
    APPOINTMENT = "rendez-vous", _("Rendez-vous")
    DOCUMENT = "document", _("Document")
    MESSAGE = "message", _("Message")
    SHARED = "partage", _("Partage")
    UNSHARED = "fin-partage", _("Fin de partage")
    NOTE = "note", _("Note interne")
    FORM = "formulaire", _("Formulaire")
    REVIEW = "evaluation", _("Évaluation")
    OPINION = "avis", _("Avis de partenaire")


class ApplicationEvent(models.Model):
    """The timeline: written once by the services, never changed."""

    # Writes move: applications are never public: their lists and pages.
    cache_moves = (APPLICATIONS,)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=20, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    from_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_stage = models.ForeignKey(
        Stage, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField(blank=True)
    # For an appointment: which kind (the dashboard counts the interviews, pre-auditions and
    # agoras of a session from them).
    appointment_kind = models.CharField(max_length=20, choices=AppointmentKind.choices, blank=True)
    # Staff-only events (internal notes, sharing) are never listed to carriers.
    visible_to_carriers = models.BooleanField(default=True)
    visible_to_partners = models.BooleanField(default=True)

    class Meta:
        verbose_name = _("événement de candidature")
        verbose_name_plural = _("événements de candidature")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.application}"


class DocumentReview(models.TextChoices):
    PENDING = "a-verifier", _("À vérifier")
    ACCEPTED = "accepte", _("Accepté")
    REDO = "a-refaire", _("À refaire")


class ApplicationDocument(models.Model):
    # Writes move: applications are never public: their lists and pages.
    cache_moves = (APPLICATIONS,)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    required_document = models.ForeignKey(
        RequiredDocument, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("intitulé"), max_length=200)
    file = models.FileField(storage=private_storage, upload_to="candidatures/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    version = models.PositiveSmallIntegerField(default=1)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    review = models.CharField(
        max_length=12, choices=DocumentReview.choices, default=DocumentReview.PENDING
    )
    review_comment = models.TextField(blank=True)

    class Meta:
        verbose_name = _("document de candidature")
        ordering = ["required_document_id", "-version"]

    def __str__(self):
        return f"{self.title} (v{self.version})"


class ApplicationMessage(models.Model):
    # Writes move: applications are never public: their lists and pages.
    cache_moves = (APPLICATIONS,)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ApplicationNote(models.Model):
    """Internal note of the staff; shared with the application's partners when marked so,
    never shown to carriers."""

    # Writes move: applications are never public: their lists and pages.
    cache_moves = (APPLICATIONS,)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = models.TextField(_("note"), max_length=5000)
    shared_with_partners = models.BooleanField(_("visible par les partenaires"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class ApplicationReadMark(models.Model):
    """Up to when a person has read an application's conversation (unread markers)."""

    # Writes move: applications are never public: their lists and pages.
    cache_moves = (APPLICATIONS,)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["application", "user"], name="projects_readmark_unique")
        ]


class ViureScore(models.Model):
    """One VIURE criterion for one application: the team's self-assessment (prefilled from the
    project profile) beside the staff assessment, 0 to 5 with a comment."""

    # Writes move: assessments are seen on the application's page, keyed by its activity.
    cache_moves = ()

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="viure_scores"
    )
    criterion = models.CharField(max_length=12)
    self_level = models.PositiveSmallIntegerField(null=True, blank=True)
    self_text = models.TextField(blank=True, max_length=1500)
    staff_level = models.PositiveSmallIntegerField(null=True, blank=True)
    staff_comment = models.TextField(blank=True, max_length=1500)

    class Meta:
        verbose_name = _("critère VIURE")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "criterion"], name="projects_viure_score_unique"
            ),
            models.CheckConstraint(
                condition=Q(self_level__lte=5) & Q(staff_level__lte=5),
                name="projects_viure_score_0_5",
            ),
        ]

    def __str__(self):
        return f"{self.application} – {self.criterion}"


class AssessmentFeedback(models.Model):
    """What the staff choose to tell the team about their assessment."""

    # Writes move: assessments are seen on the application's page, keyed by its activity.
    cache_moves = ()

    application = models.OneToOneField(
        Application, on_delete=models.CASCADE, related_name="feedback"
    )
    text = models.TextField(_("retour aux porteurs"), blank=True, max_length=5000)
    shared_with_team = models.BooleanField(_("visible par l'équipe du projet"), default=False)
    updated_at = models.DateTimeField(auto_now=True)


class ApplicationForm(Orderable):
    """The questions of a programme the carriers answer on the site, built by staff from blocks
    (projects.applications.form_blocks). A form may be asked from a later stage on (a fuller
    file after the pre-audition)."""

    cache_moves = (APPLICATIONS,)

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="forms")
    title = models.CharField(_("titre"), max_length=200)
    intro = models.TextField(_("introduction"), blank=True)
    from_stage = models.ForeignKey(
        Stage,
        verbose_name=_("à remplir à partir de l'étape"),
        help_text=_("Vide : dès le dépôt de la candidature."),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    fields = StreamField(FormFieldsBlock(), verbose_name=_("questions"), blank=True)

    panels = [
        FieldPanel("title"),
        FieldPanel("intro"),
        FieldPanel("from_stage"),
        FieldPanel("fields"),
    ]

    class Meta(Orderable.Meta):
        verbose_name = _("formulaire de candidature")

    def __str__(self):
        return self.title


class FormState(models.TextChoices):
    DRAFT = "brouillon", _("Brouillon")
    SUBMITTED = "envoye", _("Envoyé")
    REVISION = "a-reviser", _("À reviser")


class FormResponse(models.Model):
    """One application's answers to one form: the draft the carriers are writing (kept as typed,
    even where it would not pass the checks yet), and where it stands. What was sent is in
    FormSubmission, one row per version."""

    cache_moves = (APPLICATIONS,)

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="form_responses"
    )
    form = models.ForeignKey(ApplicationForm, on_delete=models.CASCADE, related_name="responses")
    state = models.CharField(max_length=10, choices=FormState.choices, default=FormState.DRAFT)
    draft = models.JSONField(default=dict, blank=True)
    draft_saved_at = models.DateTimeField(null=True, blank=True)
    draft_saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision_message = models.TextField(blank=True)

    class Meta:
        verbose_name = _("réponses à un formulaire")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "form"], name="projects_one_response_per_form"
            )
        ]

    def __str__(self):
        return f"{self.form} – {self.application}"


class FormSubmission(models.Model):
    """A version of the answers as sent: written once, never changed. The questions' labels are
    kept with it, so an old version reads as it was asked."""

    cache_moves = (APPLICATIONS,)

    response = models.ForeignKey(FormResponse, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveSmallIntegerField()
    answers = models.JSONField(default=dict)
    questions = models.JSONField(default=list)
    submitted_at = models.DateTimeField(auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("version envoyée")
        ordering = ["response_id", "version"]
        constraints = [
            models.UniqueConstraint(
                fields=["response", "version"], name="projects_one_submission_per_version"
            )
        ]

    def __str__(self):
        return f"{self.response} (v{self.version})"


class ConflictOfInterest(models.TextChoices):
    NONE = "aucun", _("Aucun conflit d'intérêts")
    DECLARED = "declare", _("Conflit d'intérêts déclaré")


class Recommendation(models.TextChoices):
    SELECT = "retenir", _("À retenir")
    CONDITIONS = "conditions", _("À retenir sous conditions")
    REJECT = "ne-pas-retenir", _("À ne pas retenir")


class Review(models.Model):
    """One reviewer's assessment of one application: CRESS staff, people of a partner
    organisation, or an outside jury member invited by e-mail, who then sees only the
    applications assigned to them. The reviewer declares any conflict of interest first; a
    declared conflict ends the review. Hidden from the other reviewers until their own is
    sent."""

    cache_moves = (APPLICATIONS,)

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="application_reviews"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)
    conflict = models.CharField(
        _("conflit d'intérêts"), max_length=10, choices=ConflictOfInterest.choices, blank=True
    )
    conflict_note = models.TextField(_("précision sur le conflit"), blank=True, max_length=1000)
    # {criterion: {"score": 0–4, "comment": "…"}} for the five VIURE criteria.
    scores = models.JSONField(default=dict, blank=True)
    # The answers to the programme's own questions (Programme.review_questions), by question id.
    answers = models.JSONField(default=dict, blank=True)
    recommendation = models.CharField(
        _("recommandation"), max_length=16, choices=Recommendation.choices, blank=True
    )
    comment_for_team = models.TextField(_("commentaire pour l'équipe du Labo"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        ordering = ["assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer"], name="projects_one_review_per_reviewer"
            )
        ]

    def __str__(self):
        return f"{self.application} – {self.reviewer}"

    @property
    def is_submitted(self) -> bool:
        return self.submitted_at is not None

    @property
    def has_conflict(self) -> bool:
        return self.conflict == ConflictOfInterest.DECLARED


class Opinion(models.TextChoices):
    FAVORABLE = "favorable", _("Favorable")
    RESERVED = "reserve", _("Réservé")
    UNFAVORABLE = "defavorable", _("Défavorable")


class PartnerOpinion(models.Model):
    """A partner organisation's opinion on an application shared with it: one per organisation,
    given (and revised) by any of its people; read by staff and that organisation, never by
    the carriers."""

    cache_moves = (APPLICATIONS,)

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="partner_opinions"
    )
    organisation = models.ForeignKey(
        "accounts.PartnerOrganisation", on_delete=models.CASCADE, related_name="+"
    )
    opinion = models.CharField(_("avis"), max_length=12, choices=Opinion.choices)
    comment = models.TextField(_("commentaire"), blank=True, max_length=3000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("avis de partenaire")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "organisation"], name="projects_one_opinion_per_partner"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.application}"


class ApplicationAccess(models.Model):
    """Who outside the CRESS team and the project's team opened an application (partners, jury
    members), and when: shown to staff on the application's page."""

    # Writes move nothing: the log is read afresh on the staff's page.
    cache_moves = ()

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="accesses")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=30)
    accessed_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("consultation d'une candidature")
        ordering = ["-accessed_at", "-pk"]


class DecisionTemplate(Orderable):
    """A message staff start from when they record a decision (« détermination »): the text
    may name {projet}, {programme} and {session}, filled in, then edited before it is sent."""

    cache_moves = (CONTENT,)

    programme = ParentalKey(Programme, on_delete=models.CASCADE, related_name="decision_templates")
    name = models.CharField(_("nom du modèle"), max_length=120)
    outcome = models.ForeignKey(
        Stage,
        verbose_name=_("pour l'issue"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("L'étape de décision à laquelle ce message correspond."),
    )
    body = models.TextField(
        _("message aux porteurs"),
        max_length=5000,
        help_text=_("Peut contenir {projet}, {programme} et {session}, remplacés à l'envoi."),
    )

    panels = [FieldPanel("name"), FieldPanel("outcome"), FieldPanel("body")]

    class Meta(Orderable.Meta):
        verbose_name = _("modèle de message de décision")

    def __str__(self):
        return self.name

    def filled(self, application) -> str:
        values = {
            "projet": application.project.title,
            "programme": application.round.programme.name,
            "session": application.round.edition,
        }
        text = self.body
        for name, value in values.items():
            text = text.replace("{" + name + "}", value)
        return text


class Meeting(models.Model):
    """An appointment of the process: an entretien préalable or a pré-audition on one
    application, an agora with the Région's services on several applications of a session.
    Every participant is e-mailed an invitation (.ics) whose UID never changes and whose
    SEQUENCE grows with each change of time or place, and with its cancellation
    (projects.applications.meeting_services)."""

    # Writes move: meetings show on the applications' pages, lists and dashboard.
    cache_moves = (APPLICATIONS,)

    round = models.ForeignKey(
        Round, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("session")
    )
    kind = models.CharField(_("type"), max_length=20, choices=AppointmentKind.choices)
    applications = models.ManyToManyField(
        Application, related_name="meetings", verbose_name=_("candidatures")
    )
    starts_at = models.DateTimeField(_("début"), db_index=True)
    ends_at = models.DateTimeField(_("fin"))
    place = models.CharField(_("lieu"), max_length=300, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True, max_length=500)
    participants = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="application_meetings",
        verbose_name=_("participants"),
    )
    # An agora also announced in the public agenda.
    public_event = models.ForeignKey(
        "events.EventPage",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("événement de l'agenda"),
    )
    sequence = models.PositiveIntegerField(default=0)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancellation_note = models.CharField(max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    minutes = models.TextField(_("compte rendu"), blank=True, max_length=10000)
    minutes_shared_with_team = models.BooleanField(
        _("compte rendu visible par les porteurs"), default=False
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("rendez-vous")
        verbose_name_plural = _("rendez-vous")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["round", "kind"], name="projects_meeting_round_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="projects_meeting_ends_after"
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.starts_at:%d/%m/%Y}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None
