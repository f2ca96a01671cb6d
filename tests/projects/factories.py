from django.utils.text import slugify

from projects.models import (
    Commune,
    HabitatKind,
    ProjectIndexPage,
    ProjectMembership,
    ProjectPage,
    ProjectRole,
)


def make_project(
    title: str,
    *,
    commune: str = "31555",
    stage: str = "groupe",
    legal_form: str = "cooperative-habitants",
    kinds: tuple[str, ...] = ("participatif",),
    seeking: bool = False,
    live: bool = True,
    referent=None,
    **fields,
) -> ProjectPage:
    """A project under the directory, published unless live=False."""
    index = ProjectIndexPage.objects.get()
    commune_obj = Commune.objects.get(insee_code=commune)
    page = ProjectPage(
        title=title,
        slug=slugify(title),
        summary=fields.pop("summary", f"Résumé de {title}"),
        commune=commune_obj,
        departement=commune_obj.departement,
        stage=stage,
        legal_form=legal_form,
        seeking_households=seeking,
        live=live,
        **fields,
    )
    index.add_child(instance=page)
    page.habitat_kinds.set(HabitatKind.objects.filter(slug__in=kinds))
    revision = page.save_revision()
    if live:
        revision.publish()
    if referent is not None:
        ProjectMembership.objects.create(project=page, user=referent, role=ProjectRole.REFERENT)
    return page
