"""The admin's home page by role: partners see their organisation's practices and an "Add a
practice" button, and their explorer opens at their organisation; site-wide figures (page
counts of the whole tree, translation jobs) are for editors and administrators only."""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.sidebar import PageExplorerMenuItem

from practices.permissions import is_editor, partner_organisations

from . import views
from .partner_practices import organisation_practices
from .writing import organisation_in_writing_locale, writing_language


@hooks.register("register_admin_urls")
def dashboard_admin_urls():
    return [path("dashboard/add-practice/", views.add_practice, name="dashboard_add_practice")]


class PartnerPracticesPanel(Component):
    """One organisation's practices, on its partners' dashboard."""

    name = "partner_practices"
    order = 10

    def __init__(self, request, organisation):
        self.request = request
        self.organisation = organisation

    def render_html(self, parent_context=None):
        return render_to_string(
            "dashboard/partner_practices_panel.html",
            {
                "organisation": self.organisation,
                "practices": organisation_practices(self.organisation),
                "explorer_page": organisation_in_writing_locale(self.request, self.organisation),
                "languages": settings.LANGUAGES,
                "writing_language": writing_language(self.request),
                "add_url": reverse("dashboard_add_practice"),
            },
            request=self.request,
        )


@hooks.register("construct_homepage_panels")
def add_partner_practices_panels(request, panels):
    for organisation in partner_organisations(request.user):
        panels.append(PartnerPracticesPanel(request, organisation))


# Late, so that Wagtail's own summary items (the page count of the whole tree) are there.
@hooks.register("construct_homepage_summary_items", order=1000)
def site_summary_for_editors_only(request, summary_items):
    if not is_editor(request.user):
        summary_items.clear()


class OrganisationExplorerMenuItem(MenuItem):
    """The "Pages" menu item, opening at the partner's organisation rather than the root."""

    def __init__(self, original, start_page):
        super().__init__(
            original.label,
            reverse("wagtailadmin_explore", args=[start_page.pk]),
            name=original.name,
            icon_name=original.icon_name,
            order=original.order,
        )
        self.start_page = start_page

    def render_component(self, request):
        return PageExplorerMenuItem(
            self.name, self.label, self.url, self.start_page.pk, icon_name=self.icon_name
        )


@hooks.register("construct_main_menu")
def explorer_at_the_organisation(request, menu_items):
    if is_editor(request.user):
        return
    organisation = partner_organisations(request.user).first()
    if organisation is None:
        return
    start_page = organisation_in_writing_locale(request, organisation)
    menu_items[:] = [
        OrganisationExplorerMenuItem(item, start_page) if item.name == "explorer" else item
        for item in menu_items
    ]
