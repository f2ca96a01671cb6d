from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from labo.core.forms import HoneypotForm
from labo.ids import LARGEST_ID

BODY_MAX = 10000


class MessageForm(HoneypotForm):
    body = forms.CharField(
        label=_("Votre message"),
        min_length=2,
        max_length=BODY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Mise en forme Markdown, comme au forum. Seuls les participants le lisent."),
    )


class StartForm(HoneypotForm):
    recipients = forms.CharField(
        label=_("À"),
        max_length=1000,
        help_text=_(
            "Le nom affiché de chaque personne, séparés par des virgules (par exemple "
            "« Camille Roux, Mathieu Fabre »)."
        ),
    )
    subject = forms.CharField(label=_("Objet"), max_length=150)
    body = MessageForm.base_fields["body"]
    # The member whose profile or post the « Message privé » link came from: their name, typed
    # as it shows, means them even if another member has the same name.
    pinned = forms.IntegerField(
        required=False, min_value=1, max_value=LARGEST_ID, widget=forms.HiddenInput
    )

    field_order = ["recipients", "subject", "body", "pinned", "website"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        names = [
            name.strip() for name in (cleaned.get("recipients") or "").split(",") if name.strip()
        ]
        if "recipients" in cleaned and not names:
            self.add_error("recipients", _("Écrivez le nom d'au moins une personne."))
        members, seen = [], set()
        pinned = cleaned.get("pinned")
        users = get_user_model().objects.filter(is_active=True).exclude(pk=self.user.pk)
        for name in names:
            candidates = list(users.filter(display_name__iexact=name)[:5])
            chosen = next((c for c in candidates if c.pk == pinned), None)
            if chosen is None and len(candidates) == 1:
                chosen = candidates[0]
            if chosen is None:
                self.add_error(
                    "recipients",
                    _("Aucun membre ne s'appelle « %(name)s ».") % {"name": name}
                    if not candidates
                    else _(
                        "Plusieurs membres s'appellent « %(name)s » : écrivez-lui depuis son "
                        "profil ou l'un de ses messages au forum."
                    )
                    % {"name": name},
                )
            elif chosen.pk not in seen:
                seen.add(chosen.pk)
                members.append(chosen)
        cleaned["members"] = members
        return cleaned


class ReportForm(forms.Form):
    details = forms.CharField(
        label=_("Ce qui pose problème"),
        min_length=10,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Seule l'équipe de modération le lit. Tant que votre signalement est ouvert, elle "
            "peut lire cette conversation, et aucune autre."
        ),
    )


class SettingsForm(forms.Form):
    accepts_messages = forms.BooleanField(
        label=_("Les autres membres peuvent m'écrire en privé"), required=False
    )
