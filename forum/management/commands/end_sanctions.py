from django.core.management.base import BaseCommand

from forum.sanctions import sanctions_lift_expired


class Command(BaseCommand):
    help = (
        "Record the end of the silences and suspensions whose time is up (they already stopped "
        "applying at that moment) in the moderation log, and tell each member by e-mail. Run it "
        "every few minutes."
    )

    def handle(self, *args, **options):
        ended = sanctions_lift_expired()
        self.stdout.write(f"{ended} mesure(s) de modération arrivée(s) à leur terme.")
