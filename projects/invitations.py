"""Signed invitation links: the token in the e-mail names the invitation, expires after
PROJECT_INVITATION_MAX_AGE and stops working once used or revoked."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _

from labo.addresses import absolute_url
from projects.models import ProjectInvitation

_INVITATION_SALT = "projects.invitation"


def invitation_token(invitation: ProjectInvitation) -> str:
    return signing.dumps({"invitation": invitation.pk}, salt=_INVITATION_SALT, compress=True)


def invitation_from_token(token: str) -> ProjectInvitation:
    try:
        payload = signing.loads(
            token, salt=_INVITATION_SALT, max_age=settings.PROJECT_INVITATION_MAX_AGE
        )
    except signing.SignatureExpired as error:
        raise ValidationError(
            _("Cette invitation a expiré : demandez-en une nouvelle."), code="expired"
        ) from error
    except signing.BadSignature as error:
        raise ValidationError(
            _("Ce lien d'invitation n'est pas valide."), code="invalid"
        ) from error
    invitation = ProjectInvitation.objects.filter(pk=payload.get("invitation")).first()
    if invitation is None or invitation.revoked_at:
        raise ValidationError(_("Cette invitation a été annulée."), code="revoked")
    if invitation.accepted_at:
        raise ValidationError(_("Cette invitation a déjà été utilisée."), code="used")
    return invitation


def invitation_url(invitation: ProjectInvitation) -> str:
    return absolute_url(
        reverse("projects:invitation", kwargs={"token": invitation_token(invitation)})
    )
