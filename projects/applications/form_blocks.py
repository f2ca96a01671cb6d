"""The blocks staff build an application form from, in the Wagtail admin (Programme › Formulaires).

Each block is one question; its StreamField id (a UUID that survives reordering and edits of
the label) is the key of the carriers' answers, so an answer stays attached to its question
when staff fix a typo. How a question becomes a form field, is checked and is shown:
projects.applications.questionnaire.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks


class QuestionBlock(blocks.StructBlock):
    label = blocks.CharBlock(label=_("Question"), max_length=300)
    help_text = blocks.CharBlock(label=_("Aide"), required=False, max_length=500)
    required = blocks.BooleanBlock(label=_("Réponse obligatoire"), required=False, default=True)


class ShortTextBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Longueur maximale (caractères)"), min_value=1, max_value=500, default=200
    )

    class Meta:
        icon = "pilcrow"
        label = _("Texte court")


class LongTextBlock(QuestionBlock):
    max_length = blocks.IntegerBlock(
        label=_("Longueur maximale (caractères)"), min_value=50, max_value=20000, default=3000
    )

    class Meta:
        icon = "doc-full"
        label = _("Texte long")


class NumberBlock(QuestionBlock):
    min_value = blocks.IntegerBlock(label=_("Minimum"), required=False)
    max_value = blocks.IntegerBlock(label=_("Maximum"), required=False)
    unit = blocks.CharBlock(label=_("Unité (ex. : logements)"), required=False, max_length=40)

    class Meta:
        icon = "order"
        label = _("Nombre")


class AmountBlock(QuestionBlock):
    class Meta:
        icon = "tag"
        label = _("Montant en euros")


class DateBlock(QuestionBlock):
    class Meta:
        icon = "date"
        label = _("Date")


class ChoiceBlock(QuestionBlock):
    choices = blocks.ListBlock(
        blocks.CharBlock(label=_("Réponse possible"), max_length=200),
        label=_("Réponses possibles"),
        min_num=2,
    )

    class Meta:
        icon = "radio-full"
        label = _("Choix unique")


class MultipleChoiceBlock(ChoiceBlock):
    class Meta:
        icon = "tick"
        label = _("Choix multiple")


class CommuneBlock(QuestionBlock):
    class Meta:
        icon = "site"
        label = _("Commune d'Occitanie")


class FileBlock(QuestionBlock):
    class Meta:
        icon = "doc-empty"
        label = _("Fichier")


class ViureSelfAssessmentBlock(QuestionBlock):
    """The five VIURE criteria, a level from 0 to 5 and a short text for each; on submission
    the levels become the application's self-assessment (ViureScore.self_level)."""

    class Meta:
        icon = "list-ul"
        label = _("Auto-évaluation VIURE")


class SectionBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("Titre de la section"), max_length=200)
    help_text = blocks.TextBlock(label=_("Texte d'introduction"), required=False)

    class Meta:
        icon = "title"
        label = _("Section")


class FormFieldsBlock(blocks.StreamBlock):
    section = SectionBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    number = NumberBlock()
    amount = AmountBlock()
    date = DateBlock()
    choice = ChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
    commune = CommuneBlock()
    file = FileBlock()
    viure = ViureSelfAssessmentBlock()


class ReviewQuestionsBlock(blocks.StreamBlock):
    """The programme's own questions to its reviewers, after the VIURE criteria when the
    programme uses them (Programme › Grille d'évaluation)."""

    section = SectionBlock()
    short_text = ShortTextBlock()
    long_text = LongTextBlock()
    number = NumberBlock()
    choice = ChoiceBlock()
    multiple_choice = MultipleChoiceBlock()
