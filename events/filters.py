"""The agenda's filters, read from GET parameters: the same object filters the list, the month
view and the iCalendar feeds, so a filtered list can be subscribed to as is."""

from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from events.choices import EventFormat, EventScope
from labo.geography import Departement

MAX_QUERY_LENGTH = 200


class Period:
    UPCOMING = "a-venir"
    PAST = "passes"


class View:
    LIST = "liste"
    MONTH = "mois"


class EventFilterForm(forms.Form):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=MAX_QUERY_LENGTH)
    format = forms.ChoiceField(
        label=_("Format"), required=False, choices=[("", _("Tous"))] + EventFormat.choices
    )
    portee = forms.ChoiceField(
        label=_("Portée"), required=False, choices=[("", _("Toutes"))] + EventScope.choices
    )
    departement = forms.ChoiceField(
        label=_("Département"), required=False, choices=[("", _("Tous"))] + Departement.choices
    )
    theme = forms.SlugField(label=_("Thème"), required=False, max_length=50)
    periode = forms.ChoiceField(
        required=False,
        choices=[(Period.UPCOMING, _("À venir")), (Period.PAST, _("Passés"))],
    )
    vue = forms.ChoiceField(
        required=False, choices=[(View.LIST, _("Liste")), (View.MONTH, _("Mois"))]
    )
    mois = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False, max_length=7)

    def clean_mois(self):
        value = self.cleaned_data.get("mois")
        if value and not 1900 <= int(value[:4]) <= 2200:
            raise forms.ValidationError(_("Mois hors limites."))
        return value


@dataclass(frozen=True)
class EventFilters:
    q: str = ""
    format: str = ""
    portee: str = ""
    departement: str = ""
    theme: str = ""
    periode: str = Period.UPCOMING
    vue: str = View.LIST
    mois: str = ""
    errors: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_querydict(cls, data) -> "EventFilters":
        """Unknown or malformed values are dropped (and reported), never a server error."""
        form = EventFilterForm(data)
        form.is_valid()
        cleaned = {
            name: form.cleaned_data.get(name) for name in form.fields if name not in form.errors
        }
        return cls(
            q=(cleaned.get("q") or "").strip(),
            format=cleaned.get("format") or "",
            portee=cleaned.get("portee") or "",
            departement=cleaned.get("departement") or "",
            theme=cleaned.get("theme") or "",
            periode=cleaned.get("periode") or Period.UPCOMING,
            vue=cleaned.get("vue") or View.LIST,
            mois=cleaned.get("mois") or "",
            errors=dict(form.errors),
        )

    @property
    def month(self) -> date | None:
        if not self.mois:
            return None
        return date(int(self.mois[:4]), int(self.mois[5:]), 1)

    def as_params(self, **overrides) -> dict:
        values = {
            "q": self.q,
            "format": self.format,
            "portee": self.portee,
            "departement": self.departement,
            "theme": self.theme,
            "periode": "" if self.periode == Period.UPCOMING else self.periode,
            "vue": "" if self.vue == View.LIST else self.vue,
            "mois": self.mois,
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value}

    def querystring(self, **overrides) -> str:
        return urlencode(self.as_params(**overrides))

    def feed_querystring(self) -> str:
        """The filters that make sense for a calendar subscription (always upcoming)."""
        return self.querystring(periode="", vue="", mois="")

    @property
    def is_filtered(self) -> bool:
        return bool(self.as_params(periode="", vue="", mois=""))
