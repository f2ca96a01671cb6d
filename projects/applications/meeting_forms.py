"""Staff's forms for a meeting: its time in Europe/Paris (a day and two times, as people say
it), place or link, who is invited, for an agora the other applications it brings together, and
the minutes."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labo.core.forms import ModelChoiceField, ModelMultipleChoiceField
from projects.models import AppointmentKind, Meeting


class ParticipantsField(ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return f"{user} ({user.email})"


class ApplicationsField(ModelMultipleChoiceField):
    def label_from_instance(self, application):
        return f"{application.project.title} — {application.stage.staff_name}"


class MeetingForm(forms.ModelForm):
    day = forms.DateField(
        label=_("Jour"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    starts = forms.TimeField(
        label=_("Début"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    ends = forms.TimeField(
        label=_("Fin"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )

    class Meta:
        model = Meeting
        fields = ["kind", "place", "video_url", "participants", "public_event"]
        field_classes = {"participants": ParticipantsField, "public_event": ModelChoiceField}
        widgets = {"participants": forms.CheckboxSelectMultiple}
        labels = {"place": _("Lieu (adresse)")}
        help_texts = {
            "video_url": _("Pour un rendez-vous à distance ou hybride ; envoyé aux seuls invités."),
            "public_event": _("Pour une agora annoncée dans l'agenda public du Labo."),
        }

    field_order = ["kind", "day", "starts", "ends", "place", "video_url"]

    def __init__(self, *args, participant_choices, other_applications=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = AppointmentKind.choices  # no empty choice
        self.fields["participants"].queryset = participant_choices
        self.fields["participants"].label = _(
            "Invités (chacun reçoit l'invitation et ses mises à jour)"
        )
        events = self.fields["public_event"].queryset
        self.fields["public_event"].queryset = events.filter(live=True).order_by("-starts_at")
        self.fields["public_event"].label_from_instance = lambda event: (
            f"{event.title} ({timezone.localtime(event.starts_at):%d/%m/%Y})"
        )
        if other_applications is not None:
            self.fields["other_applications"] = ApplicationsField(
                label=_("Autres candidatures réunies (une agora) : leurs équipes sont invitées"),
                queryset=other_applications,
                required=False,
                widget=forms.CheckboxSelectMultiple,
            )
        if self.instance.pk:
            starts = timezone.localtime(self.instance.starts_at)
            ends = timezone.localtime(self.instance.ends_at)
            self.initial.update(day=starts.date(), starts=starts.time(), ends=ends.time())

    def clean(self):
        cleaned = super().clean()
        day, starts, ends = cleaned.get("day"), cleaned.get("starts"), cleaned.get("ends")
        if day and starts and ends:
            if ends <= starts:
                self.add_error("ends", _("La fin du rendez-vous doit suivre son début."))
            else:
                zone = timezone.get_current_timezone()
                cleaned["starts_at"] = datetime.combine(day, starts, tzinfo=zone)
                cleaned["ends_at"] = datetime.combine(day, ends, tzinfo=zone)
        if not cleaned.get("place") and not cleaned.get("video_url"):
            self.add_error("place", _("Indiquez un lieu ou un lien de visioconférence."))
        return cleaned

    def schedule(self) -> dict:
        return {
            name: self.cleaned_data[name]
            for name in ("kind", "starts_at", "ends_at", "place", "video_url", "public_event")
        }


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Compte rendu"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8})
    )
    shared_with_team = forms.BooleanField(
        label=_("Visible par l'équipe du projet"),
        required=False,
        help_text=_(
            "Les partenaires le lisent quand toutes les candidatures du rendez-vous sont "
            "partagées avec eux ; les porteurs seulement si vous cochez (le compte rendu d'une "
            "agora peut parler d'autres projets)."
        ),
    )


class CancelForm(forms.Form):
    note = forms.CharField(
        label=_("Message aux invités (facultatif)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
