from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from projects import permissions


@login_required
def application_list(request):
    if not permissions.can_list_applications(request.user):
        raise PermissionDenied
    response = render(request, "projects/application_list.html", {"applications": []})
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def application_dashboard(request):
    if not permissions.can_view_application_dashboard(request.user):
        raise PermissionDenied
    response = render(request, "projects/application_dashboard.html", {})
    response["Cache-Control"] = "private, no-store"
    return response
