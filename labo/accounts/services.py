from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from labo.accounts.models import MemberProfile, PartnerMembership, PartnerOrganisation, User
from labo.notifications.services import announcements_consent_set, notification_preference_set
from labo.uploads import reencoded

AVATAR_SIZE = 256


def member_profile_get(*, user: User) -> MemberProfile:
    profile, _created = MemberProfile.objects.get_or_create(user=user)
    return profile


def avatar_normalise(uploaded) -> ContentFile:
    """Re-encode an uploaded photo as a small square JPEG (labo.uploads.reencoded: upright,
    without metadata)."""
    try:
        with Image.open(uploaded) as image:
            image.verify()
            if image.width * image.height > settings.WAGTAILIMAGES_MAX_IMAGE_PIXELS:
                raise ValidationError(_("Cette image est trop grande."), code="too_big")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError) as exc:
        raise ValidationError(
            _("Ce fichier n'est pas une image lisible (JPEG, PNG ou WebP)."), code="invalid"
        ) from exc
    uploaded.seek(0)

    def square(image):
        image = image.convert("RGB")
        side = min(image.size)
        left, top = (image.width - side) // 2, (image.height - side) // 2
        image = image.crop((left, top, left + side, top + side))
        return image.resize((AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)

    data, _width, _height = reencoded(uploaded, draw=square, image_format="JPEG", quality=85)
    return ContentFile(data, name="avatar.jpg")


@transaction.atomic
def member_profile_update(
    *,
    user: User,
    display_name: str,
    organisation: str = "",
    departement: str = "",
    bio: str = "",
    visibility: str,
    email_frequency: str,
    email_frequency_by_family: dict[str, str] | None = None,
    announcements_accepted: bool | None = None,
    avatar=None,
    remove_avatar: bool = False,
) -> MemberProfile:
    user.display_name = display_name
    user.save(update_fields=["display_name"])
    profile = member_profile_get(user=user)
    profile.organisation = organisation
    profile.departement = departement
    profile.bio = bio
    profile.visibility = visibility
    if remove_avatar and profile.avatar:
        profile.avatar.delete(save=False)
        profile.avatar = ""
    if avatar is not None:
        normalised = avatar_normalise(avatar)
        if profile.avatar:
            profile.avatar.delete(save=False)
        profile.avatar.save("avatar.jpg", normalised, save=False)
    profile.full_clean()
    profile.save()
    notification_preference_set(
        user=user, email_frequency=email_frequency, by_family=email_frequency_by_family
    )
    if announcements_accepted is not None:
        announcements_consent_set(user=user, accepted=announcements_accepted)
    return profile


def partner_membership_add(*, organisation: PartnerOrganisation, user: User) -> PartnerMembership:
    membership, _created = PartnerMembership.objects.get_or_create(
        organisation=organisation, user=user
    )
    return membership


# Accounts whose address was never confirmed are deleted after this.
UNVERIFIED_ACCOUNTS_KEPT = timedelta(days=30)


def unverified_accounts_purge(*, now: datetime | None = None) -> int:
    """Delete the accounts made on the sign-up form whose address was never confirmed within
    UNVERIFIED_ACCOUNTS_KEPT: they never signed in (the address must be confirmed first) and
    hold nothing but that address. Accounts made by the team (no allauth address row), staff
    and superusers are never touched. Returns the number deleted."""
    now = now or timezone.now()
    addresses = EmailAddress.objects.filter(user=OuterRef("pk"))
    stale = User.objects.filter(
        Exists(addresses),
        ~Exists(addresses.filter(verified=True)),
        last_login__isnull=True,
        is_staff=False,
        is_superuser=False,
        date_joined__lt=now - UNVERIFIED_ACCOUNTS_KEPT,
    )
    deleted = 0
    for user in stale:
        user.delete()
        deleted += 1
    return deleted
