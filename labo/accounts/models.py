import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel

from labo.caching.versions import ACCESS, CONTENT
from labo.geography import Departement


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra_fields):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email, password=None, **extra_fields):
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractUser):
    """A person with an account. The e-mail address is the login; the display name is what
    other members see (forum, teams), never the address."""

    cache_moves = (CONTENT,)

    username = None
    email = models.EmailField(_("adresse e-mail"), unique=True)
    display_name = models.CharField(
        _("nom affiché"),
        max_length=80,
        help_text=_("Le nom que les autres membres voient, par exemple « Camille D. »."),
    )
    # Set by a moderator (forum.moderation), with the reason in the moderation log; the
    # sanction ends at this moment whether or not the job that records its end has run.
    silenced_until = models.DateTimeField(_("réduit·e au silence jusqu'au"), null=True, blank=True)
    suspended_until = models.DateTimeField(_("suspendu·e jusqu'au"), null=True, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["display_name"]

    objects = UserManager()

    class Meta:
        verbose_name = _("utilisateur")
        verbose_name_plural = _("utilisateurs")
        ordering = ["display_name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]
        indexes = [
            # @mentions find members by their name whatever its case (forum.mentions).
            models.Index(Upper("display_name"), name="accounts_user_name_upper_idx"),
        ]

    def __str__(self):
        return self.display_name or self.email

    def get_full_name(self):
        full = super().get_full_name()
        return full or self.display_name

    def get_short_name(self):
        return self.display_name or self.first_name


class ProfileVisibility(models.TextChoices):
    MEMBERS = "members", _("Membres connectés uniquement")
    PUBLIC = "public", _("Tout le monde")


def avatar_upload_to(instance, filename):
    # A name nobody can guess: /media/ serves files to whoever has their address, and a
    # member whose profile is for members only must not have a photo anyone can enumerate.
    return f"avatars/{secrets.token_urlsafe(16)}.jpg"


class MemberProfile(models.Model):
    cache_moves = (CONTENT,)

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    avatar = models.ImageField(_("photo"), upload_to=avatar_upload_to, blank=True)
    bio = models.TextField(_("présentation"), max_length=600, blank=True)
    organisation = models.CharField(_("structure"), max_length=150, blank=True)
    departement = models.CharField(
        _("département"), max_length=2, choices=Departement.choices, blank=True
    )
    visibility = models.CharField(
        _("profil visible par"),
        max_length=10,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.MEMBERS,
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil de membre")
        verbose_name_plural = _("profils de membres")

    def __str__(self):
        return str(self.user)


class PartnerOrganisation(ClusterableModel):
    """A partner structure (e.g. the Région's housing department) whose staff may see the
    applications shared with it. Membership makes a person a partner."""

    # Writes move: who someone is, and what pages show of it.
    cache_moves = (CONTENT, ACCESS)

    name = models.CharField(_("nom"), max_length=200, unique=True)
    slug = models.SlugField(unique=True, max_length=100)
    website = models.URLField(_("site web"), blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("website"),
        FieldPanel("description"),
        InlinePanel("memberships", heading=_("Membres"), label=_("membre")),
    ]

    class Meta:
        verbose_name = _("organisation partenaire")
        verbose_name_plural = _("organisations partenaires")
        ordering = ["name"]

    def __str__(self):
        return self.name


class PartnerMembership(models.Model):
    # Writes move: who someone is, and what pages show of it.
    cache_moves = (CONTENT, ACCESS)

    organisation = ParentalKey(
        PartnerOrganisation, on_delete=models.CASCADE, related_name="memberships"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="partner_memberships",
        verbose_name=_("personne"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    panels = [FieldPanel("user")]

    class Meta:
        verbose_name = _("membre d'une organisation partenaire")
        verbose_name_plural = _("membres d'organisations partenaires")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"], name="accounts_partnermembership_unique"
            )
        ]

    def __str__(self):
        return f"{self.user} – {self.organisation}"
