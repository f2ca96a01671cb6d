"""The programmes' data in the Wagtail admin: programmes with their stages and required
documents, sessions, allowed transitions (registered from projects/wagtail_hooks.py, the
module Wagtail looks for)."""

from django.utils.translation import gettext_lazy as _
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from projects.applications.models import Programme, Round, StageTransition


class ProgrammeViewSet(SnippetViewSet):
    """Programmes, their stages and required documents: editable data, not code."""

    model = Programme
    icon = "list-ol"
    menu_label = _("Programmes")
    list_display = ["name", "kind", "funder"]


class RoundViewSet(SnippetViewSet):
    model = Round
    icon = "date"
    menu_label = _("Sessions")
    list_display = ["programme", "edition", "opens_on", "closes_on", "status"]
    list_filter = ["programme", "status"]


class StageTransitionViewSet(SnippetViewSet):
    model = StageTransition
    icon = "arrow-right"
    menu_label = _("Transitions autorisées")
    list_display = ["programme", "from_stage", "to_stage"]
    list_filter = ["programme"]


class ApplicationsAdminGroup(SnippetViewSetGroup):
    menu_label = _("Candidatures")
    menu_icon = "tasks"
    menu_order = 160
    items = (ProgrammeViewSet, RoundViewSet, StageTransitionViewSet)


register_snippet(ApplicationsAdminGroup)
