from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailFrequency(models.TextChoices):
    IMMEDIATE = "immediate", _("Tout de suite, un e-mail par notification")
    DAILY = "daily", _("Un résumé par jour")
    WEEKLY = "weekly", _("Un résumé par semaine")
    OFF = "off", _("Jamais (je consulte mes notifications sur le site)")


class NotificationPreference(models.Model):
    # Writes move: one person's settings.
    cache_moves = ()

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email_frequency = models.CharField(
        _("fréquence des e-mails"),
        max_length=10,
        choices=EmailFrequency.choices,
        default=EmailFrequency.IMMEDIATE,
    )
    # {family: frequency} (labo.notifications.kinds): a family not listed follows the default.
    by_family = models.JSONField(_("fréquence par type"), default=dict, blank=True)
    # The team's announcements go only to members who asked for them (« Mon profil »), and
    # the link of each announcement's e-mail withdraws it.
    announcements_accepted = models.BooleanField(
        _("recevoir les annonces de l'équipe du Labo"), default=False
    )
    last_digest_sent_at = models.DateTimeField(null=True, blank=True)
    last_weekly_digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("préférence de notification")
        verbose_name_plural = _("préférences de notification")

    def __str__(self):
        return f"{self.user}: {self.get_email_frequency_display()}"


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("à envoyer")
    SENDING = "sending", _("en cours d'envoi")
    SENT = "sent", _("envoyé")
    SKIPPED = "skipped", _("pas d'e-mail")
    FAILED = "failed", _("abandonné après plusieurs échecs")


class OutboxRow(models.Model):
    """What labo.notifications.outbox needs of a row to send it once and retry it: its
    status, the attempts made, when it left. Subclasses add `created_at`."""

    email_status = models.CharField(
        max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True


class Notification(OutboxRow):
    """One thing a member should know about. It is listed on the site and, depending on the
    member's preference, e-mailed at once or in the daily digest; the row is the outbox."""

    # Writes move: one person's notifications.
    cache_moves = ()

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("type"), max_length=50)
    title = models.CharField(_("titre"), max_length=200)
    body = models.TextField(_("texte"), blank=True)
    url = models.CharField(_("lien"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # The rhythm chosen for this kind when it was sent: which e-mail takes it (at once, the
    # daily or the weekly digest). Empty on rows older than the choice per kind.
    email_frequency = models.CharField(max_length=10, choices=EmailFrequency.choices, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(
                fields=["recipient", "created_at"],
                name="notif_unread_idx",
                condition=models.Q(read_at__isnull=True),
            ),
            models.Index(
                fields=["email_status", "created_at"],
                name="notif_outbox_idx",
                condition=models.Q(email_status="pending"),
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_unread(self) -> bool:
        return self.read_at is None


class QueuedEmail(OutboxRow):
    """An account e-mail (address confirmation, password reset, security notice) waiting to
    leave: written before sending so that a mail server outage delays it instead of losing it.
    Its text is erased once sent, since it may hold a one-time link."""

    # Writes move: the e-mail outbox.
    cache_moves = ()

    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=300)
    from_email = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    html_body = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("e-mail de compte en attente")
        verbose_name_plural = _("e-mails de compte en attente")
        indexes = [
            models.Index(
                fields=["email_status", "created_at"],
                name="queued_email_outbox_idx",
                condition=models.Q(email_status="pending"),
            )
        ]

    def __str__(self):
        return self.subject
