from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from labo.reports.models import ExportFormat
from labo.reports.period import FIRST_YEAR, LONGEST_DAYS, Period


class PeriodForm(forms.Form):
    """Any span of days, from the report's page (« du … au … »)."""

    du = forms.DateField(label=_("Du"), widget=forms.DateInput(attrs={"type": "date"}))
    au = forms.DateField(label=_("Au"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("du"), data.get("au")
        if start and end:
            if end < start:
                raise forms.ValidationError(_("La fin de la période vient avant son début."))
            if (end - start).days + 1 > LONGEST_DAYS:
                raise forms.ValidationError(_("Choisissez une période de trois ans au plus."))
            if start < date(FIRST_YEAR - 1, 1, 1):
                raise forms.ValidationError(
                    _("La plateforme n'a pas de données avant %(year)d.") % {"year": FIRST_YEAR}
                )
        return data

    @property
    def period(self) -> Period:
        return Period(self.cleaned_data["du"], self.cleaned_data["au"])


class NarrativeForm(forms.Form):
    texte = forms.CharField(
        label=_("Texte de la section"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Quelques phrases ; elles ouvrent la section dans les exports."),
    )


class TemplateForm(forms.Form):
    modele = forms.CharField(
        label=_("Modèle de proposition"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Les noms entre accolades, comme {periode}, sont remplacés par les chiffres de la "
            "période. Laissez vide pour revenir au modèle d'origine."
        ),
    )


class ExportForm(forms.Form):
    format = forms.ChoiceField(choices=ExportFormat.choices)
