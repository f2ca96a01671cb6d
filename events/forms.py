from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from events.choices import EventFormat, QuestionKind
from labo.core.forms import DateTimeLocalInput, HoneypotForm
from labo.geography import Departement
from projects.selectors import resolve_commune

ANSWER_MAX_LENGTH = 1000


def _companion_fields(form, event) -> None:
    """« + N »: how many come along (each takes a seat), and their names if they wish."""
    if not event.companions_max:
        return
    form.fields["companions"] = forms.TypedChoiceField(
        label=_("Vous venez accompagné·e ?"),
        choices=[(0, _("Non, seul·e"))]
        + [
            (n, _("Oui, avec %(count)d personne(s)") % {"count": n})
            for n in range(1, event.companions_max + 1)
        ],
        coerce=int,
        empty_value=0,
        required=False,
        initial=0,
        help_text=_("Chaque personne compte pour une place."),
    )
    form.fields["companion_names"] = forms.CharField(
        label=_("Leurs noms (facultatif)"),
        max_length=300,
        required=False,
        help_text=_("Pour les badges et la liste d'accueil."),
    )


class RegistrationForm(forms.Form):
    """The event's own questions, one field each (`question_<id>`), and the companions."""

    def __init__(self, *args, event, questions=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(event.questions.all()) if questions is None else questions
        for question in self.questions:
            name = f"question_{question.pk}"
            if question.kind == QuestionKind.CHECKBOX:
                field = forms.BooleanField(required=question.required)
            elif question.kind == QuestionKind.LONG_TEXT:
                field = forms.CharField(
                    required=question.required,
                    max_length=ANSWER_MAX_LENGTH,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            else:
                field = forms.CharField(required=question.required, max_length=200)
            field.label = question.label
            # The field template trusts help texts (they may hold links in the code's
            # forms); these are typed in the admin, so they are escaped here.
            field.help_text = escape(question.help_text)
            self.fields[name] = field
        _companion_fields(self, event)
        self.fields["name_shown"] = forms.BooleanField(
            label=_("Afficher mon nom dans « Qui vient ? »"),
            help_text=_("Visible des membres connectés. Sinon, vous êtes seulement compté·e."),
            required=False,
        )

    def answers(self) -> dict[int, object]:
        return {
            question.pk: self.cleaned_data.get(f"question_{question.pk}")
            for question in self.questions
        }

    def companions(self) -> dict:
        return {
            "companions": self.cleaned_data.get("companions") or 0,
            "companion_names": " ".join((self.cleaned_data.get("companion_names") or "").split()),
        }


class GuestRegistrationForm(HoneypotForm, RegistrationForm):
    """The same, for a visitor without an account: a name and an address to confirm."""

    honeypot_refusal = _("Votre inscription n'a pas pu être envoyée.")

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, event=event, **kwargs)
        del self.fields["name_shown"]
        identity = {
            "guest_name": forms.CharField(
                label=_("Votre nom"),
                max_length=100,
                widget=forms.TextInput(attrs={"autocomplete": "name"}),
            ),
            "guest_email": forms.EmailField(
                label=_("Votre adresse e-mail"),
                help_text=_(
                    "Nous y envoyons un lien pour confirmer, puis la confirmation et les "
                    "rappels. Rien d'autre."
                ),
                widget=forms.EmailInput(attrs={"autocomplete": "email"}),
            ),
        }
        fields = {**identity, **self.fields}
        fields["website"] = fields.pop("website")  # the robots' field, last
        self.fields = fields

    def clean_guest_name(self):
        name = " ".join(self.cleaned_data["guest_name"].split())
        if not name:
            raise forms.ValidationError(_("Indiquez votre nom."))
        return name


class StaffAddRegistrantForm(forms.Form):
    """The team registers someone: their account if the address has one, otherwise as a guest
    under the name given (someone met by phone, an elected official)."""

    email = forms.EmailField(label=_("Adresse e-mail"))
    name = forms.CharField(
        label=_("Nom (sans compte)"),
        max_length=100,
        required=False,
        help_text=_(
            "Seulement si la personne n'a pas de compte sur le Labo : elle est inscrite sans "
            "compte, et reçoit la confirmation avec un lien pour annuler."
        ),
    )
    companions = forms.IntegerField(
        label=_("Accompagnant·es"), min_value=0, max_value=20, initial=0, required=False
    )

    def clean(self):
        cleaned = super().clean()
        email = cleaned.get("email")
        if not email:
            return cleaned
        self.user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        name = " ".join((cleaned.get("name") or "").split())
        if self.user is None and not name:
            self.add_error(
                "name",
                _(
                    "Aucun compte actif n'utilise cette adresse : indiquez son nom pour "
                    "l'inscrire sans compte."
                ),
            )
        cleaned["name"] = name
        cleaned["companions"] = cleaned.get("companions") or 0
        return cleaned


class RegistrantsMessageForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    include_waitlist = forms.BooleanField(
        label=_("L'envoyer aussi aux personnes en liste d'attente"), required=False
    )


class EventProposalForm(forms.Form):
    """A carrier's local event, reviewed by the team before it is published."""

    title = forms.CharField(label=_("Titre de la rencontre"), max_length=120)
    summary = forms.CharField(
        label=_("En une ou deux phrases"),
        max_length=400,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Ce qui s'y passe et pour qui : c'est ce que montre l'agenda."),
    )
    description = forms.CharField(
        label=_("Présentation (facultatif)"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Le déroulé, qui anime, ce qu'il faut apporter. Séparez les paragraphes par une "
            "ligne vide."
        ),
    )
    starts_at = forms.DateTimeField(
        label=_("Début"),
        widget=DateTimeLocalInput(),
    )
    ends_at = forms.DateTimeField(
        label=_("Fin"),
        widget=DateTimeLocalInput(),
    )
    event_format = forms.ChoiceField(
        label=_("Format"), choices=EventFormat.choices, initial=EventFormat.IN_PERSON
    )
    venue_name = forms.CharField(
        label=_("Lieu"),
        max_length=200,
        required=False,
        help_text=_("Par exemple : « Salle des fêtes », « Tiers-lieu La Fabrique »."),
    )
    venue_address = forms.CharField(label=_("Adresse"), max_length=300, required=False)
    commune = forms.CharField(
        label=_("Commune"),
        max_length=120,
        required=False,
        help_text=_("Une commune d'Occitanie, par exemple « Foix (09) », ou son code INSEE."),
    )
    departement = forms.ChoiceField(
        label=_("Département (en ligne)"),
        choices=[("", "—")] + list(Departement.choices),
        required=False,
        help_text=_("Pour une rencontre en ligne : le département qu'elle concerne."),
    )
    online_url = forms.URLField(
        label=_("Lien de la visioconférence"),
        required=False,
        assume_scheme="https",
        help_text=_("Donné aux seules personnes inscrites."),
    )
    capacity = forms.IntegerField(
        label=_("Nombre de places"),
        min_value=1,
        max_value=5000,
        required=False,
        help_text=_("Vide : sans limite."),
    )

    def __init__(self, *args, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now

    def clean_commune(self):
        value = self.cleaned_data["commune"]
        return resolve_commune(value) if value.strip() else None

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and starts <= self.now:
            self.add_error("starts_at", _("La rencontre doit avoir lieu dans le futur."))
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("La fin doit être après le début."))
        event_format = cleaned.get("event_format")
        on_site = event_format in (EventFormat.IN_PERSON, EventFormat.HYBRID)
        if on_site and not cleaned.get("venue_name"):
            self.add_error("venue_name", _("Indiquez le lieu d'une rencontre sur place."))
        if on_site and not cleaned.get("commune") and "commune" not in self.errors:
            self.add_error("commune", _("Indiquez la commune d'une rencontre sur place."))
        if event_format == EventFormat.ONLINE and not cleaned.get("departement"):
            self.add_error("departement", _("Indiquez le département qu'elle concerne."))
        if event_format in (EventFormat.ONLINE, EventFormat.HYBRID) and not cleaned.get(
            "online_url"
        ):
            self.add_error("online_url", _("Indiquez le lien d'une rencontre en ligne."))
        return cleaned
