from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from labo.core.forms import ModelChoiceField
from labo.ids import LARGEST_ID
from projects.applications import questionnaire
from projects.applications.selectors import team_choices
from projects.choices import VIURE_CRITERIA
from projects.forms import add_viure_fields
from projects.models import (
    DocumentReview,
    Opinion,
    Recommendation,
    Round,
    RoundStatus,
)


class ApplicationCreateForm(forms.Form):
    round = ModelChoiceField(
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
    requirement = forms.IntegerField(
        widget=forms.HiddenInput, required=False, min_value=1, max_value=LARGEST_ID
    )
    title = forms.CharField(label=_("Intitulé"), max_length=200)
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_("PDF, ODT, DOCX, XLSX, JPG ou PNG, 15 Mo au plus."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.odt,.docx,.xlsx,.jpg,.jpeg,.png"}),
    )


class ReviewForm(forms.Form):
    review = forms.ChoiceField(label=_("Vérification"), choices=DocumentReview.choices)
    comment = forms.CharField(label=_("Commentaire"), required=False, max_length=1000)


def viure_values(cleaned: dict, prefix: str) -> dict:
    return {
        code: (cleaned.get(f"{prefix}_{code}_level"), cleaned.get(f"{prefix}_{code}_text", ""))
        for code, _label in VIURE_CRITERIA
    }


class SelfAssessmentForm(forms.Form):
    def __init__(self, *args, scores=(), **kwargs):
        super().__init__(*args, **kwargs)
        add_viure_fields(self, "self", _("%(criterion)s : en quoi ?"))
        for score in scores:
            self.fields[f"self_{score.criterion}_level"].initial = score.self_level
            self.fields[f"self_{score.criterion}_text"].initial = score.self_text


class StaffAssessmentForm(forms.Form):
    feedback = forms.CharField(
        label=_("Retour aux porteurs"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    share_feedback = forms.BooleanField(
        label=_("Rendre ce retour visible par l'équipe"), required=False
    )

    def __init__(self, *args, scores=(), feedback=None, **kwargs):
        super().__init__(*args, **kwargs)
        add_viure_fields(self, "staff", _("%(criterion)s : commentaire de l'équipe"))
        for score in scores:
            self.fields[f"staff_{score.criterion}_level"].initial = score.staff_level
            self.fields[f"staff_{score.criterion}_text"].initial = score.staff_comment
        if feedback is not None:
            self.fields["feedback"].initial = feedback.text
            self.fields["share_feedback"].initial = feedback.shared_with_team
        self.order_fields(
            [f for f in self.fields if f not in ("feedback", "share_feedback")]
            + ["feedback", "share_feedback"]
        )


class ApplicationDetailsForm(forms.Form):
    """What staff keep up to date on an application: its CRESS referent and the amounts."""

    # The team as plain choices (one small query, no server-side cursor); the person comes
    # back in clean().
    cress_referent = forms.TypedChoiceField(
        label=_("Référent·e CRESS"), required=False, coerce=int, empty_value=None
    )
    amount_requested = forms.DecimalField(
        label=_("Montant demandé (€)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    amount_granted = forms.DecimalField(
        label=_("Montant accordé (€)"), required=False, min_value=0, max_digits=12, decimal_places=2
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cress_referent"].choices = [("", "---------"), *team_choices()]

    def clean_cress_referent(self):
        pk = self.cleaned_data.get("cress_referent")
        return get_user_model().objects.get(pk=pk) if pk is not None else None


# Reviews -----------------------------------------------------------------------------------------


class ReviewerAssignForm(forms.Form):
    reviewer = forms.TypedChoiceField(label=_("Confier l'évaluation à"), coerce=int)

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].choices = [("", "—")] + list(choices)


class JuryInviteForm(forms.Form):
    name = forms.CharField(label=_("Nom et prénom"), max_length=150)
    email = forms.EmailField(label=_("Adresse e-mail"))


class ConflictForm(forms.Form):
    conflict = forms.ChoiceField(
        label=_("Avez-vous un lien avec ce projet ou ses porteurs ?"),
        choices=[
            ("aucun", _("Non, je n'ai aucun conflit d'intérêts")),
            ("declare", _("Oui : je déclare un conflit d'intérêts et je n'évalue pas")),
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Précision (facultative, lue par l'équipe de la CRESS)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


REVIEW_PREFIX = "note"


class ReviewScoreForm(forms.Form):
    """The five VIURE criteria scored 0 to 4 with a comment each, a recommendation and a comment
    for the CRESS team."""

    recommendation = forms.ChoiceField(
        label=_("Votre recommandation"),
        choices=Recommendation.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Commentaire pour l'équipe de la CRESS"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, criteria: bool = True, questions=(), **kwargs):
        super().__init__(*args, **kwargs)
        after = dict(self.fields)
        self.fields = {}
        self.criteria = criteria
        if criteria:
            add_viure_fields(
                self,
                REVIEW_PREFIX,
                _("%(criterion)s : commentaire"),
                top=4,
                required=True,
                level_label=_("%(criterion)s : note de 0 à 4"),
            )
        # The programme's own questions (Programme.review_questions), checked as submitted.
        self.questions = list(questions)
        for question in self.questions:
            self.fields.update(questionnaire.fields_for(question, final=True))
        # The criteria first, in their order, then the questions; the recommendation after.
        self.fields.update(after)

    def criterion_pairs(self) -> list[tuple]:
        if not self.criteria:
            return []
        return [
            (self[f"{REVIEW_PREFIX}_{code}_level"], self[f"{REVIEW_PREFIX}_{code}_text"])
            for code, _label in VIURE_CRITERIA
        ]

    def question_fields(self) -> list:
        return [self[name] for question in self.questions for name in question.field_names]

    def scores(self) -> dict:
        return viure_values(self.cleaned_data, REVIEW_PREFIX) if self.criteria else {}

    def answers(self) -> dict:
        return {
            question.id: questionnaire.json_value(self.cleaned_data.get(question.name))
            for question in self.questions
        }


class OpinionForm(forms.Form):
    opinion = forms.ChoiceField(
        label=_("L'avis de votre organisation"), choices=Opinion.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Commentaire (lu par l'équipe de la CRESS, jamais par les porteurs)"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class DecisionForm(forms.Form):
    outcome = forms.TypedChoiceField(label=_("Décision"), coerce=int, widget=forms.RadioSelect)
    message = forms.CharField(
        label=_("Message aux porteurs"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("Envoyé à l'équipe du projet et gardé dans les échanges de la candidature."),
    )
    amount_granted = forms.DecimalField(
        label=_("Montant accordé (€), si retenu"),
        required=False,
        min_value=0,
        max_digits=12,
        decimal_places=2,
        localize=True,
    )
    confirm = forms.BooleanField(label=_("Je confirme cette décision et l'envoi du message"))

    def __init__(self, *args, outcomes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.outcomes = {stage.pk: stage for stage in outcomes}
        self.fields["outcome"].choices = [(stage.pk, stage.staff_name) for stage in outcomes]

    def clean_outcome(self):
        return self.outcomes[self.cleaned_data["outcome"]]


class RevisionForm(forms.Form):
    message = forms.CharField(
        label=_("Ce qu'il faut revoir (envoyé aux porteurs)"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
