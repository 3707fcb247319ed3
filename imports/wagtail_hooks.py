"""The "Import practices" admin page, in the main menu for editors."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from practices.permissions import is_editor

from . import views


@hooks.register("register_admin_urls")
def import_urls():
    return [
        path("practice-imports/", views.import_index, name="imports_index"),
        path("practice-imports/<int:run_id>/", views.import_run, name="imports_run"),
        path("practice-imports/<int:run_id>/confirm/", views.confirm_import,
             name="imports_confirm"),
    ]


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_admin_menu_item")
def import_menu_item():
    return EditorsMenuItem(_("Import practices"), reverse("imports_index"),
                           name="practice-imports", icon_name="upload", order=700)
