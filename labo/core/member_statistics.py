"""The members' figures for the statistics page (labo.core.statistics): new members per month
with the running total, members per département."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from labo.accounts.models import MemberProfile
from labo.core.statistics import Statistic, Table, last_months, month_label, per_month
from labo.geography import Departement


def members_per_month() -> Table:
    months = last_months()
    members = get_user_model().objects.filter(is_active=True)
    new = per_month(members, "date_joined", months)
    total = members.filter(date_joined__date__lt=months[0]).count()
    rows = []
    for month, count in zip(months, new, strict=True):
        total += count
        rows.append([month_label(month), count, total])
    return Table(columns=[_("Mois"), _("Nouveaux membres"), _("Membres au total")], rows=rows)


def members_per_departement() -> Table:
    counts = dict(
        MemberProfile.objects.filter(user__is_active=True)
        .values_list("departement")
        .annotate(count=Count("pk"))
        .order_by()
    )
    rows = [[label, counts.get(code, 0)] for code, label in Departement.choices]
    rows.append([_("Non renseigné"), counts.get("", 0)])
    return Table(columns=[_("Département"), _("Membres")], rows=rows)


STATISTICS = [
    Statistic(
        "membres",
        10,
        gettext_lazy("Membres inscrits"),
        gettext_lazy(
            "Comptes actifs créés chaque mois des douze derniers, et le total à la fin de "
            "chaque mois."
        ),
        members_per_month,
        charted=1,  # the running total stays in the table: on its scale, the new are flat
    ),
    Statistic(
        "membres-departements",
        20,
        gettext_lazy("Membres par département"),
        gettext_lazy("Le département indiqué par chaque membre dans son profil."),
        members_per_departement,
    ),
]
