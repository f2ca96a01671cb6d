from django import forms
from django.utils.translation import gettext_lazy as _

from projects.models import AppointmentKind, DocumentReview, Round, RoundStatus


class ApplicationCreateForm(forms.Form):
    round = forms.ModelChoiceField(
        label=_("Programme et session"),
        queryset=Round.objects.filter(status=RoundStatus.OPEN).select_related("programme"),
        empty_label=None,
    )


class MoveForm(forms.Form):
    stage = forms.ChoiceField(label=_("Nouvelle étape"))
    note = forms.CharField(
        label=_("Note pour la chronologie"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirm = forms.BooleanField(label=_("Je confirme ce changement d'étape"))

    def __init__(self, *args, stages=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.stages = {str(stage.pk): stage for stage in stages}
        self.fields["stage"].choices = [(pk, s.staff_name) for pk, s in self.stages.items()]

    def clean_stage(self):
        return self.stages[self.cleaned_data["stage"]]


class MessageForm(forms.Form):
    text = forms.CharField(
        label=_("Votre message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note interne"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    shared_with_partners = forms.BooleanField(
        label=_("Visible par les partenaires"), required=False
    )


class DocumentForm(forms.Form):
    requirement = forms.IntegerField(widget=forms.HiddenInput, required=False)
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, ODT, DOCX, XLSX, JPG ou PNG, 15 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class ReviewForm(forms.Form):
    review = forms.ChoiceField(label=_("Vérification"), choices=DocumentReview.choices)
    comment = forms.CharField(label=_("Commentaire"), required=False, max_length=1000)


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=AppointmentKind.choices)
    at = forms.DateTimeField(
        label=_("Date et heure"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    place = forms.CharField(label=_("Lieu ou lien"), max_length=300)
