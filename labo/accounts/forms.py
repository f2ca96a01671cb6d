from allauth.account.forms import AddEmailForm
from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.users.forms import UserCreationForm, UserEditForm

from labo.accounts.models import MemberProfile, User
from labo.notifications.kinds import FAMILIES
from labo.notifications.models import EmailFrequency
from labo.uploads import validate_image

AVATAR_MAX_BYTES = 2 * 1024 * 1024


class ChangeEmailWithPasswordForm(AddEmailForm):
    """Changing the login address asks for the current password: a session left open on a
    shared computer must not be enough to take over the account."""

    password = forms.CharField(
        label=_("Mot de passe actuel"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        strip=False,
    )

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce mot de passe n'est pas le bon."), code="invalid")
        return password


def family_field(family: str) -> str:
    return f"frequence_{family}"


class ProfileForm(forms.ModelForm):
    display_name = forms.CharField(label=_("Nom affiché"), max_length=80)
    email_frequency = forms.ChoiceField(
        label=_("Recevoir les notifications par e-mail"),
        help_text=_("Par défaut ; vous pouvez choisir autrement pour chaque type ci-dessous."),
        choices=EmailFrequency.choices,
        widget=forms.RadioSelect,
    )
    announcements_accepted = forms.BooleanField(
        label=_("Recevoir les annonces de l'équipe du Labo"),
        help_text=_(
            "Rencontres, appels à projets, nouveautés : quelques messages par an, choisis selon "
            "votre département ou ce que vous suivez. Chaque annonce contient un lien pour "
            "arrêter."
        ),
        required=False,
    )

    class Meta:
        model = MemberProfile
        fields = ["organisation", "departement", "bio", "avatar", "visibility"]
        # The photo is checked by labo.uploads.validate_image (formats, bytes, pixels), with
        # the same messages as every other image upload.
        field_classes = {"avatar": forms.FileField}
        widgets = {
            "visibility": forms.RadioSelect,
            "avatar": forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
        }

    field_order = [
        "display_name",
        "organisation",
        "departement",
        "bio",
        "avatar",
        "visibility",
        "announcements_accepted",
        "email_frequency",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One rhythm per family of notifications (labo.notifications.kinds), empty = default.
        for family, label in FAMILIES.items():
            self.fields[family_field(family)] = forms.ChoiceField(
                label=label,
                choices=[("", _("Comme par défaut"))] + list(EmailFrequency.choices),
                required=False,
            )

    def by_family(self) -> dict[str, str]:
        return {family: self.cleaned_data.get(family_field(family)) or "" for family in FAMILIES}

    def clean_display_name(self):
        name = self.cleaned_data["display_name"].strip()
        if not name:
            raise forms.ValidationError(_("Indiquez un nom affiché."), code="required")
        return name

    def clean_avatar(self):
        avatar = self.cleaned_data.get("avatar")
        if avatar and hasattr(avatar, "content_type"):  # a new upload, not the stored photo
            validate_image(avatar, max_bytes=AVATAR_MAX_BYTES)
        return avatar


class _StaffUserFormMixin(forms.Form):
    display_name = forms.CharField(label=_("Nom affiché"), max_length=80)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Members sign up with a display name only; first and last names stay optional.
        self.fields["first_name"].required = False
        self.fields["last_name"].required = False
        if self.instance and self.instance.pk:
            self.fields["display_name"].initial = self.instance.display_name

    def save(self, commit=True):
        user = super().save(commit=False)
        user.display_name = self.cleaned_data["display_name"]
        if commit:
            user.save()
            self.save_m2m()
        return user


class StaffUserCreationForm(_StaffUserFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):
        model = User
        fields = UserCreationForm.Meta.fields | {"display_name"}


class StaffUserEditForm(_StaffUserFormMixin, UserEditForm):
    class Meta(UserEditForm.Meta):
        model = User
        fields = UserEditForm.Meta.fields | {"display_name"}


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Votre mot de passe, pour confirmer"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que la suppression est définitive."), required=True
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Ce n'est pas votre mot de passe."))
        return password
