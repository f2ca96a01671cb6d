from wagtail.users.views.users import UserViewSet

from labo.accounts.forms import StaffUserCreationForm, StaffUserEditForm


class LaboUserViewSet(UserViewSet):
    # Wagtail's own templates, plus the display name in their extra_fields block.
    create_template_name = "accounts/admin/users/create.html"
    edit_template_name = "accounts/admin/users/edit.html"

    def get_form_class(self, for_update=False):
        return StaffUserEditForm if for_update else StaffUserCreationForm
