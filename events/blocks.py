"""The programme of an event: timed sessions, in order (template in components/blocks/)."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class ProgrammeSessionBlock(blocks.StructBlock):
    day = blocks.DateBlock(
        label=_("jour"),
        required=False,
        help_text=_("Pour un événement sur plusieurs jours ; sinon, laisser vide."),
    )
    starts_at = blocks.TimeBlock(label=_("début"))
    ends_at = blocks.TimeBlock(label=_("fin"), required=False)
    title = blocks.CharBlock(label=_("intitulé"), max_length=200)
    speakers = blocks.CharBlock(label=_("intervenants"), required=False, max_length=300)
    description = blocks.TextBlock(label=_("description"), required=False)

    class Meta:
        icon = "time"
        label = _("Séquence")
        template = "components/blocks/programme_session_block.html"


class ProgrammeBlock(blocks.StreamBlock):
    session = ProgrammeSessionBlock()
