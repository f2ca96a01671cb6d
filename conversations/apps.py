from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "conversations"
    verbose_name = _("Messages privés")

    def ready(self):
        # Models are ready only now (app loading).
        from conversations import contributions

        contributions.register()
