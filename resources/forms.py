from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.documents.forms import BaseDocumentForm

from labo.core.forms import ModelMultipleChoiceField
from labo.uploads import OFFICE_AND_IMAGES, validate_upload
from resources.choices import ResourceType
from resources.models import ResourceTheme

# What a library document may be (WAGTAILDOCS_EXTENSIONS says the same by extension).
LIBRARY_TYPES = {
    ext: OFFICE_AND_IMAGES[ext]
    for ext in settings.WAGTAILDOCS_EXTENSIONS
    if ext in OFFICE_AND_IMAGES
}


class SafeDocumentForm(BaseDocumentForm):
    """Documents uploaded in the admin are checked from their content too: a renamed
    executable or an HTML page called ".pdf" is refused."""

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded and hasattr(uploaded, "content_type"):  # a new upload, not the stored file
            validate_upload(
                uploaded, allowed=LIBRARY_TYPES, max_bytes=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
            )
        return uploaded


class ResourceProposalForm(forms.Form):
    title = forms.CharField(label=_("Titre"), max_length=255)
    summary = forms.CharField(
        label=_("En quelques mots"), max_length=400, widget=forms.Textarea(attrs={"rows": 3})
    )
    resource_type = forms.ChoiceField(label=_("Type"), choices=ResourceType.choices)
    themes = ModelMultipleChoiceField(
        label=_("Thèmes"),
        required=False,
        queryset=ResourceTheme.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    file = forms.FileField(
        label=_("Fichier"),
        required=False,
        help_text=_("PDF, DOCX, ODT, XLSX, ODS, PPTX, ODP, TXT ou CSV, 20 Mo au plus."),
    )
    external_url = forms.URLField(
        label=_("Ou lien vers la ressource"), required=False, assume_scheme="https"
    )

    def clean_file(self):
        uploaded = self.cleaned_data.get("file")
        if uploaded:
            validate_upload(
                uploaded, allowed=LIBRARY_TYPES, max_bytes=settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
            )
        return uploaded

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("file") and not cleaned.get("external_url") and not self.errors:
            raise forms.ValidationError(_("Joignez un fichier ou indiquez un lien."), code="empty")
        return cleaned
