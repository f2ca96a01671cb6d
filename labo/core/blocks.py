"""StreamField blocks shared by the editorial pages. Templates: templates/components/blocks/."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageBlock

from labo.core.statistics import figure_source_choices


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(label=_("titre"), max_length=120)
    level = blocks.ChoiceBlock(
        label=_("niveau"),
        choices=[("h2", _("Titre de section")), ("h3", _("Sous-titre"))],
        default="h2",
    )

    class Meta:
        icon = "title"
        label = _("Titre")
        template = "components/blocks/heading_block.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("citation"))
    attribution = blocks.CharBlock(label=_("auteur ou autrice"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Citation")
        template = "components/blocks/quote_block.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("titre"), max_length=120)
    text = blocks.TextBlock(label=_("texte"), required=False)
    page = blocks.PageChooserBlock(label=_("page"), required=False)
    url = blocks.URLBlock(label=_("ou adresse externe"), required=False)
    button_label = blocks.CharBlock(label=_("texte du bouton"), max_length=60)

    class Meta:
        icon = "pick"
        label = _("Appel à l'action")
        template = "components/blocks/call_to_action_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("intitulé du lien"), required=False)

    class Meta:
        icon = "doc-full"
        label = _("Lien vers un document")
        template = "components/blocks/document_link_block.html"


class FigureBlock(blocks.StructBlock):
    """A key figure of the home page: typed, or computed from the platform's data where it
    has them (labo.core.statistics.figure_sources: an event's participants, the applications
    that reached a stage); the typed value then shows only if the data no longer exists."""

    value = blocks.CharBlock(
        label=_("chiffre"),
        max_length=20,
        required=False,
        help_text=_("Laissez vide pour un chiffre calculé ; il sert alors de secours."),
    )
    label = blocks.CharBlock(label=_("légende"), max_length=120)
    source = blocks.ChoiceBlock(
        label=_("calculé à partir des données"),
        choices=figure_source_choices,
        required=False,
        help_text=_("Le chiffre suit alors les données du site (présences, candidatures)."),
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("value") and not value.get("source"):
            raise blocks.StructBlockValidationError(
                block_errors={
                    "value": ValidationError(
                        _("Tapez le chiffre, ou choisissez de quoi le calculer.")
                    )
                }
            )
        return value

    class Meta:
        icon = "order"
        label = _("Chiffre clé")


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraphe"),
        features=["bold", "italic", "link", "document-link", "ol", "ul", "h3"],
        template="components/blocks/paragraph_block.html",
    )
    image = ImageBlock(label=_("Image"), template="components/blocks/image_block.html")
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
    embed = EmbedBlock(
        label=_("Vidéo ou contenu intégré"), template="components/blocks/embed_block.html"
    )
    document_link = DocumentLinkBlock()
