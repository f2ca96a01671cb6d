"""The base's own report section: the members and the partner organisations."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.accounts.models import MemberProfile, PartnerMembership
from labo.reports.counting import by_departement, by_month, compared
from labo.reports.period import Period
from labo.reports.sections import ReportSection, SectionContent


def _members():
    return get_user_model().objects.filter(is_active=True)


def new_members(period: Period) -> int:
    return _members().filter(**period.moments("date_joined")).count()


def all_members(period: Period) -> int:
    return _members().filter(date_joined__lt=period.until).count()


def new_members_per_departement(period: Period) -> dict[str, int]:
    return dict(
        MemberProfile.objects.filter(user__is_active=True, **period.moments("user__date_joined"))
        .values_list("departement")
        .annotate(count=Count("pk"))
        .order_by()
    )


def partner_organisations(period: Period) -> int:
    """Organisations with at least one person on the platform by the end of the period."""
    return (
        PartnerMembership.objects.filter(created_at__lt=period.until, user__is_active=True)
        .values("organisation")
        .distinct()
        .count()
    )


def partner_people(period: Period) -> int:
    return PartnerMembership.objects.filter(
        created_at__lt=period.until, user__is_active=True
    ).count()


def build(period: Period) -> SectionContent:
    return SectionContent(
        figures=[
            compared(
                period,
                "nouveaux_membres",
                _("Nouveaux membres"),
                _("Comptes actifs créés pendant la période."),
                new_members,
            ),
            compared(
                period,
                "membres",
                _("Membres au total"),
                _("Comptes actifs créés avant la fin de la période."),
                all_members,
            ),
            compared(
                period,
                "organisations_partenaires",
                _("Organisations partenaires impliquées"),
                _(
                    "Organisations partenaires (services de la Région, financeurs…) dont au "
                    "moins une personne a un compte sur la plateforme à la fin de la période."
                ),
                partner_organisations,
            ),
            compared(
                period,
                "personnes_partenaires",
                _("Personnes des organisations partenaires"),
                _("Comptes rattachés à une organisation partenaire à la fin de la période."),
                partner_people,
            ),
        ],
        tables=[
            by_month(
                period,
                name="membres-mois",
                title=_("Nouveaux membres par mois"),
                definition=_(
                    "Comptes actifs créés chaque mois, à côté du même mois de la période "
                    "précédente."
                ),
                queryset=_members(),
                field="date_joined",
            ),
            by_departement(
                period,
                name="membres-departements",
                title=_("Nouveaux membres par département"),
                definition=_(
                    "Les comptes créés pendant la période, selon le département indiqué dans "
                    "le profil."
                ),
                counts=new_members_per_departement,
                label=_("Nouveaux membres"),
                unknown=True,
            ),
        ],
        narrative=_(
            "La communauté du Labo compte {membres} membres à la fin de la période "
            "({periode}), dont {nouveaux_membres} inscrits pendant la période. "
            "Organisations partenaires associées : {organisations_partenaires}."
        ),
    )


SECTION = ReportSection(
    name="membres", order=60, title=gettext_lazy("Membres et partenaires"), build=build
)
