import uuid

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from forum.links import THREAD_LINKS
from forum.models import FlagReason
from forum.sanctions import DURATIONS, SanctionKind
from labo.core.forms import HoneypotForm, ModelChoiceField
from labo.ids import LARGEST_ID

TITLE_MAX = 150
BODY_MAX = 20000
REPLY_MAX = 10000


class HoneypotMixin(HoneypotForm):
    # One token per form shown: sending it twice creates one post.
    token = forms.UUIDField(widget=forms.HiddenInput, initial=uuid.uuid4)


class ThreadForm(HoneypotMixin):
    title = forms.CharField(label=_("Titre"), max_length=TITLE_MAX, min_length=5)
    body = forms.CharField(
        label=_("Votre message"),
        max_length=BODY_MAX,
        min_length=10,
        help_text=_(
            "Mise en forme Markdown : **gras**, *italique*, listes, > citation. "
            "Mentionnez un membre avec @ suivi de son nom."
        ),
        widget=forms.Textarea(attrs={"rows": 10, "data-mentions": "true"}),
    )
    tags = forms.CharField(
        label=_("Mots-clés"),
        required=False,
        max_length=200,
        help_text=_("Séparés par des virgules, par exemple : SCIA, foncier"),
    )
    category = ModelChoiceField(
        label=_("Catégorie"), queryset=None, required=False, empty_label=None
    )
    # Set from ?projet=, ?ressource= or ?evenement=<slug> when the thread starts from those
    # pages.
    projet = forms.SlugField(required=False, widget=forms.HiddenInput)
    ressource = forms.SlugField(required=False, widget=forms.HiddenInput)
    evenement = forms.SlugField(required=False, widget=forms.HiddenInput)
    field_order = [
        "category",
        "title",
        "body",
        "tags",
        "projet",
        "ressource",
        "evenement",
        "website",
        "token",
    ]

    def __init__(self, *args, user=None, categories=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if categories is None:
            del self.fields["category"]
        else:
            self.fields["category"].queryset = categories
            self.fields["category"].required = True

    def clean(self):
        cleaned = super().clean()
        # ?projet=, ?ressource=, ?evenement=: a page of that kind this person may see.
        for link in THREAD_LINKS:
            slug = cleaned.get(link.param)
            if not slug:
                cleaned[link.param] = None
                continue
            page = link.pages(self.user).filter(slug=slug).first()
            if page is None:
                self.add_error(link.param, link.refusal)
            else:
                cleaned[link.param] = page
        return cleaned

    def clean_title(self):
        return " ".join(self.cleaned_data["title"].split())

    def clean_tags(self):
        tags = [t.strip()[:50] for t in self.cleaned_data["tags"].split(",") if t.strip()]
        if len(tags) > 5:
            raise ValidationError(_("Cinq mots-clés au plus."))
        return tags


class ReplyForm(HoneypotMixin):
    text = forms.CharField(
        label=_("Votre réponse"),
        max_length=REPLY_MAX,
        min_length=2,
        help_text=_("Markdown accepté. Mentionnez un membre avec @ suivi de son nom."),
        widget=forms.Textarea(attrs={"rows": 6, "data-mentions": "true"}),
    )
    parent = forms.IntegerField(
        required=False, widget=forms.HiddenInput, min_value=1, max_value=LARGEST_ID
    )
    field_order = ["text", "parent", "website", "token"]


class ReplyEditForm(forms.Form):
    text = forms.CharField(
        label=_("Votre réponse"),
        max_length=REPLY_MAX,
        min_length=2,
        widget=forms.Textarea(attrs={"rows": 6}),
    )


class FlagForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce message ?"),
        choices=FlagReason.choices,
        widget=forms.RadioSelect,
    )
    details = forms.CharField(label=_("Précisions (facultatif)"), required=False, max_length=500)


class ModerationForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif (consigné dans le journal)"), required=False, max_length=500
    )


def _duration_label(days: int) -> str:
    labels = {1: _("1 jour"), 3: _("3 jours"), 7: _("1 semaine"), 14: _("2 semaines"),
              30: _("1 mois"), 90: _("3 mois")}  # fmt: skip
    return labels[days]


class SanctionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Mesure"), choices=SanctionKind.choices, widget=forms.RadioSelect
    )
    days = forms.TypedChoiceField(
        label=_("Pendant"),
        coerce=int,
        choices=[(days, _duration_label(days)) for days in DURATIONS],
        initial=7,
        help_text=_("La mesure se lève d'elle-même à la fin de la période."),
    )
    reason = forms.CharField(
        label=_("Motif"),
        min_length=10,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Envoyé au membre par e-mail et gardé dans le journal de modération : "
            "factuel et respectueux."
        ),
    )
