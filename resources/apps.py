from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


def _document_saved(sender, instance, **kwargs):
    # Uploaded or replaced in the admin: hand over to the background extraction and preview.
    from resources.services import document_preview_schedule, document_text_schedule

    document_text_schedule(document_id=instance.pk)
    document_preview_schedule(document_id=instance.pk)


def _preview_deleted(sender, instance, **kwargs):
    # The picture is a file of the private storage: it goes with its row (a deleted document).
    if instance.image:
        instance.image.delete(save=False)


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Ressources")

    def ready(self):
        from wagtail.documents import get_document_model

        post_save.connect(
            _document_saved, sender=get_document_model(), dispatch_uid="resources.document_saved"
        )

        from labo.core.moderation import register_moderation_notifier
        from resources.models import DocumentPreview, ResourcePage

        post_delete.connect(
            _preview_deleted, sender=DocumentPreview, dispatch_uid="resources.preview_deleted"
        )
        from resources.services import resource_reviewed

        register_moderation_notifier(ResourcePage, resource_reviewed)

        from resources import contributions

        contributions.register()
