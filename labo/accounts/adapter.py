from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from labo.accounts import throttling
from labo.notifications.services import email_queue
from labo.permissions import is_suspended


class LaboAccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Trop de tentatives de connexion ont échoué. Patientez quelques minutes, ou "
            "réinitialisez votre mot de passe si vous l'avez oublié."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """Account e-mails go through the outbox: a mail server outage delays a confirmation
        or reset link instead of losing it (or failing the page that asked for it)."""
        request = allauth_context.request
        message = self.render_mail(
            template_prefix,
            email,
            {"request": request, "email": email, "current_site": get_current_site(request),
             **context},
        )  # fmt: skip
        email_queue(message)

    def _login_client(self, request, credentials):
        login = credentials.get("email") or credentials.get("username") or ""
        return throttling.login_client(request, login=login, ip=self.get_client_ip(request))

    def pre_authenticate(self, request, **credentials):
        if throttling.login_is_blocked(self._login_client(request, credentials)):
            raise ValidationError(
                self.error_messages["too_many_login_attempts"], code="too_many_login_attempts"
            )

    def authenticate(self, request, **credentials):
        user = super().authenticate(request, **credentials)
        client = self._login_client(request, credentials)
        if user is None:
            throttling.login_failure_record(client)
        else:
            throttling.login_success_record(client)
            # Remember this browser for this account: see throttling's module docstring.
            request._labo_trusted_device_for = client.login
        return user

    def pre_login(self, request, user, **kwargs):
        """A suspended member gives the right password and is told until when, instead of
        being let in (their sessions already end: labo.accounts.backends)."""
        if is_suspended(user):
            clear_login(request)
            return render(
                request,
                "account/suspended.html",
                {"suspended_until": user.suspended_until},
                status=403,
            )
        return super().pre_login(request, user, **kwargs)

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        login = getattr(request, "_labo_trusted_device_for", None)
        if login and response is not None:
            response.set_cookie(
                throttling.DEVICE_COOKIE_NAME,
                throttling.device_cookie_value(login),
                max_age=settings.LOGIN_THROTTLE["DEVICE_COOKIE_AGE"],
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def save_user(self, request, user, form, commit=True):
        user = super().save_user(request, user, form, commit=False)
        user.display_name = form.cleaned_data.get("display_name") or user.email.split("@")[0]
        if commit:
            user.save()
        return user
