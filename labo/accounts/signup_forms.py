"""Kept apart from forms.py: allauth imports this class while building its own forms, so it
must not import allauth's forms itself."""

from django import forms
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _


def _charter_help_text():
    return format_html(
        '<a href="/charte/" target="_blank" rel="noopener">{}</a>',
        _("Lire la charte (nouvel onglet)"),
    )


class SignupExtraFieldsForm(forms.Form):
    """Fields added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=80,
        help_text=_("Le nom que les autres membres verront, par exemple « Camille D. »."),
    )
    accept_charter = forms.BooleanField(
        label=_("J'ai lu la charte du Labo et je m'engage à la respecter."),
        help_text=lazy(_charter_help_text, str)(),
        required=True,
    )

    field_order = ["display_name", "email", "password1", "password2", "accept_charter"]

    def signup(self, request, user):
        # display_name is set by the adapter's save_user; nothing else to store.
        return user
