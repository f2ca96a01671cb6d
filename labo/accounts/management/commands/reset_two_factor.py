from allauth.mfa.models import Authenticator
from django.core.management.base import BaseCommand, CommandError

from labo.accounts.models import User


class Command(BaseCommand):
    help = (
        "Remove the two-factor devices and recovery codes of one account, for someone who lost "
        "both (check who they are first). They set a new device up at their next sign-in."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account uses {email}.")
        removed, _detail = Authenticator.objects.filter(user=user).delete()
        self.stdout.write(f"{removed} authenticator(s) removed for {user.email}")
