from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from labo.core.forms import (
    DateTimeLocalInput,
    HoneypotForm,
    ModelMultipleChoiceField,
)
from labo.ids import LARGEST_ID
from labo.uploads import validate_image
from projects.choices import VIURE_CRITERIA, ProjectStage
from projects.models import HabitatKind, ProjectPage, ProjectRole
from projects.models.pages import milestones_in_order
from projects.selectors import resolve_commune  # noqa: F401 (the forms' helper, kept importable here)

IMAGE_MAX_BYTES = 8 * 1024 * 1024


def add_viure_fields(
    form, prefix: str, text_label, *, top: int = 5, required: bool = False, level_label=None
) -> None:
    """A level (0 to `top`) and a text per VIURE criterion, named `<prefix>_<criterion>_level`
    and `<prefix>_<criterion>_text`: the profile, the self- and the staff assessment (0–5),
    the reviewers' scores (0–4, required)."""
    for code, label in VIURE_CRITERIA:
        form.fields[f"{prefix}_{code}_level"] = forms.TypedChoiceField(
            label=(level_label or _("%(criterion)s : niveau")) % {"criterion": label},
            required=required,
            choices=[("", "—")] + [(str(n), str(n)) for n in range(top + 1)],
            coerce=int,
            empty_value=None,
        )
        form.fields[f"{prefix}_{code}_text"] = forms.CharField(
            label=text_label % {"criterion": label},
            required=False,
            max_length=1500,
            widget=forms.Textarea(attrs={"rows": 2}),
        )


class ProjectProfileForm(forms.Form):
    title = forms.CharField(label=_("Nom du projet"), max_length=255)
    summary = forms.CharField(
        label=_("Le projet en une phrase"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("300 caractères au plus : ce qui le rend unique."),
    )
    description = forms.CharField(
        label=_("Présentation"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Séparez les paragraphes par une ligne vide."),
    )
    commune = forms.CharField(
        label=_("Commune"),
        max_length=120,
        help_text=_(
            "Nom de la commune d'Occitanie, par exemple « Saint-Affrique (12) », ou son code INSEE."
        ),
        widget=forms.TextInput(attrs={"list": "communes-suggestions", "autocomplete": "off"}),
    )
    location_precision = forms.ChoiceField(
        label=_("Sur la carte"),
        choices=ProjectPage._meta.get_field("location_precision").choices,
        widget=forms.RadioSelect,
    )
    latitude = forms.DecimalField(
        label=_("Latitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=42,
        max_value=45.5,
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        required=False,
        max_digits=8,
        decimal_places=5,
        min_value=-0.5,
        max_value=5,
    )
    habitat_kinds = ModelMultipleChoiceField(
        label=_("Type d'habitat"),
        queryset=HabitatKind.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    construction = forms.ChoiceField(
        label=_("Construction"),
        required=False,
        choices=[("", "—")] + ProjectPage._meta.get_field("construction").choices,
    )
    setting = forms.ChoiceField(
        label=_("Cadre"),
        required=False,
        choices=[("", "—")] + ProjectPage._meta.get_field("setting").choices,
    )
    stage = forms.ChoiceField(label=_("Étape actuelle"), choices=ProjectStage.choices)
    households_now = forms.IntegerField(label=_("Foyers aujourd'hui"), min_value=0, max_value=500)
    households_target = forms.IntegerField(
        label=_("Foyers visés"), min_value=0, max_value=500, required=False
    )
    dwellings = forms.IntegerField(label=_("Logements"), min_value=0, max_value=500, required=False)
    legal_form = forms.ChoiceField(
        label=_("Forme juridique"), choices=ProjectPage._meta.get_field("legal_form").choices
    )
    tenure = forms.ChoiceField(
        label=_("Statut d'occupation"),
        required=False,
        choices=[("", "—")] + ProjectPage._meta.get_field("tenure").choices,
    )
    shared_spaces = forms.CharField(
        label=_("Espaces partagés"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    seeking_households = forms.BooleanField(
        label=_("Nous cherchons de nouveaux foyers"), required=False
    )
    households_profile_sought = forms.CharField(
        label=_("Profil des foyers recherchés"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_info_meeting = forms.DateTimeField(
        label=_("Prochaine réunion d'information"),
        required=False,
        widget=DateTimeLocalInput(),
    )
    next_info_meeting_place = forms.CharField(
        label=_("Lieu ou lien de la réunion"), required=False, max_length=200
    )
    website = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    tags = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=300,
        help_text=_("Séparés par des virgules, par exemple : jardin partagé, mobilité douce."),
    )

    # The revision the person started from: saving over a newer one asks them to look first
    # (projects.services.ProfileEditConflict).
    base_revision = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        add_viure_fields(self, "viure", _("%(criterion)s : en quoi ?"))

    def rebase(self, revision_id: int) -> None:
        """After a conflict, a second submit knowingly replaces the other version."""
        self.data = self.data.copy()
        self.data["base_revision"] = str(revision_id)

    def clean_commune(self):
        return resolve_commune(self.cleaned_data["commune"])

    def clean_tags(self):
        raw = self.cleaned_data["tags"]
        return [t.strip()[:100] for t in raw.split(",") if t.strip()][:15]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("location_precision") == "precise" and (
            cleaned.get("latitude") is None or cleaned.get("longitude") is None
        ):
            self.add_error(
                "latitude",
                _("Indiquez la latitude et la longitude, ou choisissez « Commune seulement »."),
            )
        now, target = cleaned.get("households_now"), cleaned.get("households_target")
        if now is not None and target is not None and target < now:
            self.add_error(
                "households_target",
                _(
                    "Le nombre de foyers visés ne peut pas être "
                    "inférieur au nombre de foyers actuels."
                ),
            )
        return cleaned

    @classmethod
    def initial_from(cls, page: ProjectPage) -> dict:
        initial = {
            name: getattr(page, name)
            for name in ProjectPage.TEAM_EDITABLE_FIELDS
            if name != "commune"
        }
        initial["commune"] = str(page.commune) if page.commune_id else ""
        initial["description"] = "\n\n".join(
            strip_tags(p) for p in (page.description or "").split("</p>") if strip_tags(p).strip()
        )
        initial["habitat_kinds"] = list(page.habitat_kinds.all())
        initial["tags"] = ", ".join(tag.name for tag in page.tags.all())
        initial["base_revision"] = page.latest_revision_id
        return initial


class MilestoneForm(forms.Form):
    stage = forms.ChoiceField(
        label=_("Étape"), choices=[("", "—")] + ProjectStage.choices, required=False
    )
    date = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean(self):
        cleaned = super().clean()
        if bool(cleaned.get("stage")) != bool(cleaned.get("date")):
            raise ValidationError(_("Indiquez l'étape et sa date, ou laissez les deux vides."))
        return cleaned


class BaseMilestoneFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        milestones = self.milestones()
        stages = [m["stage"] for m in milestones]
        if len(stages) != len(set(stages)):
            raise ValidationError(_("Chaque étape ne peut être datée qu'une fois."))
        errors = milestones_in_order(milestones)
        if errors:
            raise ValidationError(errors)

    def milestones(self) -> list[dict]:
        return [
            {"stage": form.cleaned_data["stage"], "date": form.cleaned_data["date"]}
            for form in self.forms
            if form.cleaned_data.get("stage")
        ]


MilestoneFormSet = formset_factory(
    MilestoneForm,
    formset=BaseMilestoneFormSet,
    extra=2,
    max_num=len(ProjectStage.choices),
    validate_max=True,
)


class GalleryImageForm(forms.Form):
    """One picture of the gallery: already stored (image_id) or uploaded now."""

    image_id = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=LARGEST_ID
    )
    upload = forms.FileField(
        label=_("Image"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt_text = forms.CharField(
        label=_("Texte alternatif"),
        required=False,
        max_length=250,
        help_text=_("Décrivez l'image pour les personnes qui ne la voient pas."),
    )
    caption = forms.CharField(label=_("Légende"), required=False, max_length=250)
    remove = forms.BooleanField(label=_("Retirer cette image"), required=False)

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload:
            validate_image(upload, max_bytes=IMAGE_MAX_BYTES)
        return upload

    def clean(self):
        cleaned = super().clean()
        has_image = cleaned.get("image_id") or cleaned.get("upload")
        if has_image and not cleaned.get("remove") and not cleaned.get("alt_text"):
            self.add_error("alt_text", _("Le texte alternatif est obligatoire pour chaque image."))
        return cleaned


GalleryFormSet = formset_factory(GalleryImageForm, extra=1, max_num=12, validate_max=True)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail de la personne"))
    role = forms.ChoiceField(
        label=_("Rôle"),
        choices=ProjectRole.choices,
        initial=ProjectRole.MEMBER,
        widget=forms.RadioSelect,
    )


class ProjectUpdateForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=150)
    text = forms.CharField(
        label=_("Texte"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    image = forms.FileField(label=_("Image (facultative)"), required=False)
    image_alt = forms.CharField(
        label=_("Texte alternatif de l'image"), required=False, max_length=250
    )

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image:
            validate_image(image, max_bytes=IMAGE_MAX_BYTES)
        return image

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("image") and not cleaned.get("image_alt"):
            self.add_error("image_alt", _("Décrivez l'image en quelques mots."))
        return cleaned


class ContactForm(HoneypotForm):
    name = forms.CharField(label=_("Votre nom"), max_length=100)
    email = forms.EmailField(
        label=_("Votre adresse e-mail"), help_text=_("L'équipe vous répondra à cette adresse.")
    )
    message = forms.CharField(
        label=_("Votre message"), max_length=3000, widget=forms.Textarea(attrs={"rows": 6})
    )
    field_order = ["name", "email", "message"]

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
