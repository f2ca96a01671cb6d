"""Atom feeds of the projects' journals: one per project, one for all public projects."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from projects.models import ProjectPage, ProjectUpdate
from projects.selectors import latest_public_updates, public_projects


class AllProjectUpdatesFeed(Feed):
    feed_type = Atom1Feed
    link = "/projets/"

    def title(self):
        return _("Les actualités des projets – Labo de l'habitat des communs")

    def items(self):
        return latest_public_updates(limit=50)

    def item_title(self, item: ProjectUpdate):
        return f"{item.project.title} : {item.title}"

    def item_description(self, item: ProjectUpdate):
        return item.text

    def item_link(self, item: ProjectUpdate):
        return f"{item.project.url}#actualite-{item.pk}"

    def item_pubdate(self, item: ProjectUpdate):
        return item.created_at

    def item_author_name(self, item: ProjectUpdate):
        return item.project.title


class ProjectUpdatesFeed(AllProjectUpdatesFeed):
    def get_object(self, request, slug):
        project = get_object_or_404(public_projects(), slug=slug)
        if not project.live:
            raise Http404
        return project

    def title(self, obj: ProjectPage):
        return _("Les actualités de « %(project)s »") % {"project": obj.title}

    def link(self, obj: ProjectPage):
        return obj.url

    def items(self, obj: ProjectPage):
        return ProjectUpdate.objects.filter(project=obj).select_related("project")[:50]

    def item_title(self, item: ProjectUpdate):
        return item.title
