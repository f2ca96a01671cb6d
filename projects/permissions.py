from labo.permissions import is_member, is_staff_member


def can_list_applications(user) -> bool:
    """Every member has a "my applications" page (empty unless they carry a project)."""
    return is_member(user)


def can_view_application_dashboard(user) -> bool:
    return is_staff_member(user)
