"""The directory's filters, read from GET parameters (shareable URLs). The same object filters
the list, the map, the counts and the open-data exports."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from labo.geography import Departement
from projects.choices import LegalForm, ProjectStage

SORTS = {"recent": "-last_published_at", "nom": "title"}
MAX_QUERY_LENGTH = 200


class ProjectFilterForm(forms.Form):
    q = forms.CharField(label=_("Mots-clés"), required=False, max_length=MAX_QUERY_LENGTH)
    departement = forms.ChoiceField(
        label=_("Département"), required=False, choices=[("", _("Tous"))] + Departement.choices
    )
    etape = forms.ChoiceField(
        label=_("Étape"), required=False, choices=[("", _("Toutes"))] + ProjectStage.choices
    )
    forme = forms.ChoiceField(
        label=_("Forme juridique"), required=False, choices=[("", _("Toutes"))] + LegalForm.choices
    )
    type = forms.SlugField(label=_("Type d'habitat"), required=False, max_length=50)
    recherche_foyers = forms.BooleanField(label=_("Cherche des foyers"), required=False)
    tri = forms.ChoiceField(
        label=_("Trier par"),
        required=False,
        choices=[("recent", _("Mise à jour récente")), ("nom", _("Nom"))],
    )


@dataclass(frozen=True)
class ProjectFilters:
    q: str = ""
    departement: str = ""
    etape: str = ""
    forme: str = ""
    type: str = ""
    recherche_foyers: bool = False
    tri: str = "recent"
    errors: dict = field(default_factory=dict, compare=False)

    @classmethod
    def from_querydict(cls, data) -> "ProjectFilters":
        """Unknown or malformed values are dropped (and reported), never a server error."""
        form = ProjectFilterForm(data)
        form.is_valid()
        cleaned = {
            name: form.cleaned_data.get(name) for name in form.fields if name not in form.errors
        }
        return cls(
            q=(cleaned.get("q") or "").strip(),
            departement=cleaned.get("departement") or "",
            etape=cleaned.get("etape") or "",
            forme=cleaned.get("forme") or "",
            type=cleaned.get("type") or "",
            recherche_foyers=bool(cleaned.get("recherche_foyers")),
            tri=cleaned.get("tri") or "recent",
            errors=dict(form.errors),
        )

    def as_params(self, **overrides) -> dict:
        values = {
            "q": self.q,
            "departement": self.departement,
            "etape": self.etape,
            "forme": self.forme,
            "type": self.type,
            "recherche_foyers": "1" if self.recherche_foyers else "",
            "tri": "" if self.tri == "recent" else self.tri,
        }
        values.update(overrides)
        return {key: value for key, value in values.items() if value}

    def querystring(self, **overrides) -> str:
        return urlencode(self.as_params(**overrides))

    @property
    def is_filtered(self) -> bool:
        return bool(self.as_params(tri=""))
