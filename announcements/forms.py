from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from announcements.models import Segment
from events.models import EventPage
from forum.models import Category
from labo.core.forms import ModelChoiceField
from labo.geography import Departement
from projects.models import Programme
from projects.selectors import public_projects

# The field each segment needs, and what to say when it is missing.
_NEEDS = {
    Segment.DEPARTEMENTS: ("departements", _("Choisissez au moins un département.")),
    Segment.PROJECT_FOLLOWERS: ("project", _("Choisissez le projet.")),
    Segment.CATEGORY_FOLLOWERS: ("category", _("Choisissez la catégorie du forum.")),
    Segment.PROGRAMME_CARRIERS: ("programme", _("Choisissez le programme.")),
}


# The segment each narrowing field serves (static/js/announcements.js shows it alone).
_SEGMENT_OF_FIELD = {
    "departements": Segment.DEPARTEMENTS,
    "project": Segment.PROJECT_FOLLOWERS,
    "category": Segment.CATEGORY_FOLLOWERS,
    "event": Segment.PAST_REGISTRANTS,
    "programme": Segment.PROGRAMME_CARRIERS,
}


class AnnouncementForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150)
    body = forms.CharField(
        label=_("Texte"),
        max_length=20000,
        min_length=10,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_(
            "Mise en forme Markdown, comme au forum : **gras**, *italique*, [lien](https://…), "
            "listes. Les liens ne sont pas suivis : personne ne sait qui clique."
        ),
    )
    segment = forms.ChoiceField(
        label=_("Destinataires"), choices=Segment.choices, widget=forms.RadioSelect
    )
    departements = forms.MultipleChoiceField(
        label=_("Départements"),
        choices=Departement.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    project = ModelChoiceField(
        label=_("Projet suivi"), queryset=None, required=False, empty_label=_("— choisir —")
    )
    category = ModelChoiceField(
        label=_("Catégorie du forum suivie"),
        queryset=Category.objects.order_by("name"),
        required=False,
        empty_label=_("— choisir —"),
    )
    event = ModelChoiceField(
        label=_("Événement passé"),
        queryset=None,
        required=False,
        empty_label=_("Tous les événements passés"),
    )
    programme = ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("— choisir —"),
    )
    in_archive = forms.BooleanField(
        label=_("Publier dans les archives des annonces (lisibles par les membres)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["project"].queryset = public_projects().order_by("title")
        self.fields["event"].queryset = (
            EventPage.objects.live().filter(ends_at__lt=timezone.now()).order_by("-starts_at")
        )

    def rows(self) -> list[tuple]:
        """(field, the segment it serves or "") in order, for the template."""
        return [(field, _SEGMENT_OF_FIELD.get(field.name, "")) for field in self]

    def clean(self):
        cleaned = super().clean()
        needed = _NEEDS.get(cleaned.get("segment"))
        if needed and not cleaned.get(needed[0]):
            self.add_error(needed[0], needed[1])
        return cleaned
