from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from wagtail.users.apps import WagtailUsersAppConfig


class AccountsConfig(AppConfig):
    name = "labo.accounts"
    label = "accounts"
    verbose_name = _("Comptes et profils")
    default_auto_field = "django.db.models.BigAutoField"


class LaboUsersAppConfig(WagtailUsersAppConfig):
    """Wagtail's user admin, with forms that know our e-mail login and display name."""

    user_viewset = "labo.accounts.admin_views.LaboUserViewSet"
