"""Kept apart from forms.py: allauth imports this class while building its own forms, so it
must not import allauth's forms itself."""

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupExtraFieldsForm(forms.Form):
    """Fields added to allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS)."""

    display_name = forms.CharField(
        label=_("Nom affiché"),
        max_length=80,
        help_text=_("Le nom que les autres membres verront, par exemple « Camille D. »."),
    )
    accept_charter = forms.BooleanField(
        label=_("J'ai lu la charte du Labo et je m'engage à la respecter."),
        required=True,
    )

    field_order = ["display_name", "email", "password1", "password2", "accept_charter"]

    def signup(self, request, user):
        # display_name is set by the adapter's save_user; nothing else to store.
        return user
