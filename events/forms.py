from django import forms
from django.contrib.auth import get_user_model
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from events.choices import QuestionKind

ANSWER_MAX_LENGTH = 1000


class RegistrationForm(forms.Form):
    """The event's own questions, one field each (`question_<id>`)."""

    def __init__(self, *args, event, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(event.questions.all())
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


class StaffAddRegistrantForm(forms.Form):
    email = forms.EmailField(
        label=_("Adresse e-mail du compte"),
        help_text=_("La personne doit avoir un compte sur le Labo."),
    )

    def clean_email(self):
        email = self.cleaned_data["email"]
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(
                _("Aucun compte actif n'utilise cette adresse : invitez la personne à s'inscrire.")
            )
        self.user = user
        return email


class RegistrantsMessageForm(forms.Form):
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = forms.CharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6})
    )
    include_waitlist = forms.BooleanField(
        label=_("L'envoyer aussi aux personnes en liste d'attente"), required=False
    )
