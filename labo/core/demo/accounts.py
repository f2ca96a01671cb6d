import zlib
from datetime import datetime
from functools import cache
from io import BytesIO
from zoneinfo import ZoneInfo

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group

from labo.accounts.models import MemberProfile, PartnerOrganisation, ProfileVisibility, User
from labo.accounts.services import avatar_normalise, partner_membership_add
from labo.core.demo.images import portrait
from labo.roles import MODERATOR_GROUP, STAFF_GROUP

PARTNER_ORGANISATIONS = [
    {
        "slug": "region-occitanie-habitat",
        "name": "Région Occitanie – Direction de l'habitat",
        "website": "https://www.laregion.fr",
        "description": "Les services régionaux qui instruisent l'appel à projets VIURE et les "
        "garanties d'emprunt accordées aux opérations d'habitat des communs.",
    },
    {
        "slug": "france-active-airdie-occitanie",
        "name": "France Active Airdie-Occitanie",
        "website": "https://www.franceactive-airdie-occitanie.org",
        "description": "Financeur solidaire qui accompagne le plan de financement des projets.",
    },
]

# (e-mail, display name, organisation, département, role)
DEMO_ACCOUNTS = [
    ("admin@labo.test", "Administration du Labo", "CRESS Occitanie", "31", "admin"),
    ("equipe@labo.test", "Inès Garcia (équipe CRESS)", "CRESS Occitanie", "31", "staff"),
    ("porteur.a@labo.test", "Camille Roux", "Les Toits Partagés du Lauragais", "31", "member"),
    ("porteur.b@labo.test", "Mathieu Fabre", "Habitat groupé du Grand Pic", "34", "member"),
    (
        "partenaire@labo.test",
        "Sophie Marty (Région Occitanie)",
        "Région Occitanie",
        "31",
        "partner",
    ),
    ("moderation@labo.test", "Yanis Bouzid (modération)", "CRESS Occitanie", "34", "moderator"),
    ("membre@labo.test", "Léa Dupuy", "", "81", "member"),
    # An outside member of the VIURE jury: sees only the applications assigned to them.
    ("jury@labo.test", "Hélène Vidal (jury VIURE)", "Architecte, jury VIURE", "11", "member"),
]


DEMO_JOINED = datetime(2025, 9, 16, 9, 30, tzinfo=ZoneInfo("Europe/Paris"))


@cache
def demo_password_hash() -> str:
    """One hash for every demo account: hashing is slow on purpose, and the password is public
    anyway (refused wherever demo logins are disabled)."""
    return make_password(settings.DEMO_PASSWORD)


def demo_user(*, email: str, display_name: str, **extra) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        # Demo members joined at the Labo's launch: not "new accounts" for the forum limits.
        extra.setdefault("date_joined", DEMO_JOINED)
        user = User.objects.create(
            email=email, display_name=display_name, password=demo_password_hash(), **extra
        )
    EmailAddress.objects.get_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def partner_organisations() -> dict[str, PartnerOrganisation]:
    organisations = {}
    for spec in PARTNER_ORGANISATIONS:
        organisation, _ = PartnerOrganisation.objects.get_or_create(
            slug=spec["slug"],
            defaults={k: v for k, v in spec.items() if k != "slug"},
        )
        organisations[spec["slug"]] = organisation
    return organisations


# Members who uploaded a photo, and who may see their profile (so their photo): a visitor
# sees Inès's on the forum, Camille's and Léa's initials only.
DEMO_PHOTOS = {
    "equipe@labo.test": ProfileVisibility.PUBLIC,
    "porteur.a@labo.test": ProfileVisibility.MEMBERS,
    "membre@labo.test": ProfileVisibility.MEMBERS,
}


def _give_photo(profile: MemberProfile, *, visibility: str) -> None:
    photo = avatar_normalise(BytesIO(portrait(zlib.crc32(profile.user.email.encode()))))
    profile.avatar.save("avatar.jpg", photo, save=False)
    profile.visibility = visibility
    profile.save()


def demo_accounts(organisations: dict[str, PartnerOrganisation]) -> dict[str, User]:
    staff_group = Group.objects.get(name=STAFF_GROUP)
    moderator_group = Group.objects.get(name=MODERATOR_GROUP)
    users = {}
    for email, display_name, organisation, departement, role in DEMO_ACCOUNTS:
        user = demo_user(
            email=email,
            display_name=display_name,
            is_superuser=role == "admin",
            is_staff=role == "admin",
        )
        profile, created = MemberProfile.objects.get_or_create(
            user=user,
            defaults={"organisation": organisation, "departement": departement},
        )
        if created and email in DEMO_PHOTOS:
            _give_photo(profile, visibility=DEMO_PHOTOS[email])
        if role == "staff":
            user.groups.add(staff_group)
        if role == "moderator":
            user.groups.add(moderator_group)
        if role == "partner":
            membership = partner_membership_add(
                organisation=organisations["region-occitanie-habitat"], user=user
            )
            # With the platform since its launch, as the members (the report counts it so).
            type(membership).objects.filter(pk=membership.pk, created_at__gt=DEMO_JOINED).update(
                created_at=DEMO_JOINED
            )
        users[email] = user
    return users
