"""The secretariat's reports in the admin's Reports menu, shown to editors only."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from practices.permissions import is_editor

from .views import (
    AlertsReportView,
    PracticeCountsReportView,
    SearchTermsReportView,
    TranslationStatesReportView,
)

REPORTS = [
    ("practices/", "reports_practice_counts", PracticeCountsReportView),
    ("translations/", "reports_translation_states", TranslationStatesReportView),
    ("search-terms/", "reports_search_terms", SearchTermsReportView),
    ("alerts/", "reports_alerts", AlertsReportView),
]


@hooks.register("register_admin_urls")
def report_urls():
    urls = []
    for route, name, view in REPORTS:
        urls.append(path(f"kb-reports/{route}", view.as_view(), name=name))
        urls.append(path(f"kb-reports/{route}results/", view.as_view(results_only=True),
                         name=f"{name}_results"))
    return urls


class EditorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_editor(request.user)


@hooks.register("register_reports_menu_item")
def practice_counts_menu_item():
    return EditorsMenuItem(_("Practices by country, theme…"), reverse("reports_practice_counts"),
                           name="practice-counts", icon_name="table", order=1200)


@hooks.register("register_reports_menu_item")
def translation_states_menu_item():
    return EditorsMenuItem(_("Translation states"), reverse("reports_translation_states"),
                           name="translation-states", icon_name="globe", order=1210)


@hooks.register("register_reports_menu_item")
def search_terms_menu_item():
    return EditorsMenuItem(_("Search terms"), reverse("reports_search_terms"),
                           name="search-terms", icon_name="search", order=1220)


@hooks.register("register_reports_menu_item")
def alerts_menu_item():
    return EditorsMenuItem(_("E-mail alerts"), reverse("reports_alerts"),
                           name="alerts", icon_name="mail", order=1230)
