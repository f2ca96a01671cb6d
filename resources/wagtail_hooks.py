from django.template.response import TemplateResponse
from wagtail import hooks

from resources.models import ResourcePage
from resources.permissions import is_members_only


@hooks.register("before_serve_page", order=-1)
def members_only_teaser(page, request, serve_args, serve_kwargs):
    """A members-only resource shows visitors its teaser (title, summary, an invitation to sign
    in) instead of Wagtail's bare redirect to the login page. Runs before Wagtail's own view
    restriction check, which still guards every other restricted page."""
    if (
        isinstance(page.specific, ResourcePage)
        and not request.user.is_authenticated
        and is_members_only(page)
    ):
        return TemplateResponse(
            request,
            "resources/resource_teaser.html",
            {"page": page.specific, "self": page.specific},
        )
    return None
