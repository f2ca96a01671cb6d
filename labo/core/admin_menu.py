from wagtail.admin.menu import MenuItem

from labo.permissions import is_staff_member


class StaffMenuItem(MenuItem):
    """An admin menu entry (the reports) shown to the CRESS team only."""

    def is_shown(self, request):
        return is_staff_member(request.user)
