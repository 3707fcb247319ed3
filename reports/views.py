"""The secretariat's reports, on Wagtail's ReportView: a table with CSV and XLSX export
(`?export=csv`, `?export=xlsx`) of exactly the rows the figures hold, for editors only."""

import django_filters
from django import forms
from django.conf import settings
from django.contrib.postgres.aggregates import StringAgg
from django.core.exceptions import PermissionDenied
from django.db.models import Count, DateField, Max, Sum
from django.db.models.functions import Trunc
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.reports import ReportView
from wagtail.models import Locale

from alerts.models import Alert
from practices.models import PracticePage
from practices.permissions import is_editor
from search.models import SearchTermCount
from translation.models import State

from .figures import DIMENSIONS, ORIGINAL, practice_counts, translation_rows

STATE_LABELS = {ORIGINAL: _("original"), **dict(State.choices)}


class EditorsOnly:
    """Reports are for editors and administrators: a partner is refused."""

    def dispatch(self, request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class ComputedReportView(EditorsOnly, ReportView):
    """A report whose rows are computed (dicts or objects), not a model's queryset: the
    filter form only chooses what to compute."""

    def filter_queryset(self, queryset):
        return queryset

    @cached_property
    def filter_values(self):
        filters = self.filters
        if filters is not None and filters.is_valid():
            return filters.form.cleaned_data
        return {}


class DimensionFilterSet(WagtailFilterSet):
    dimension = django_filters.ChoiceFilter(
        label=_("By"),
        choices=[(name, dimension.label) for name, dimension in DIMENSIONS.items()],
        empty_label=None,
        method=lambda queryset, name, value: queryset,
    )

    class Meta:
        model = PracticePage
        fields = []


class PracticeCountsReportView(ComputedReportView):
    page_title = _("Practices by country, theme, organisation or stage")
    header_icon = "table"
    index_url_name = "reports_practice_counts"
    index_results_url_name = "reports_practice_counts_results"
    filterset_class = DimensionFilterSet
    export_filename = "practices"
    list_export = ["label", "live", "draft", "total"]

    @property
    def dimension(self):
        return self.filter_values.get("dimension") or "country"

    @property
    def export_headings(self):
        return {"label": DIMENSIONS[self.dimension].label, "live": _("Live"),
                "draft": _("Draft"), "total": _("Total")}

    def get_filename(self):
        return f"practices-by-{self.dimension}"

    @property
    def columns(self):
        headings = self.export_headings
        return [Column(name, label=headings[name]) for name in self.list_export]

    def get_queryset(self):
        return practice_counts(self.dimension)


class TranslationStateFilterSet(WagtailFilterSet):
    locale = django_filters.ChoiceFilter(
        label=_("Language"),
        choices=lambda: [(locale.language_code, locale.get_display_name())
                         for locale in Locale.objects.order_by("pk")],
        method=lambda queryset, name, value: queryset,
    )
    state = django_filters.ChoiceFilter(
        label=_("State"),
        choices=list(STATE_LABELS.items()),
        method=lambda queryset, name, value: queryset,
        widget=forms.Select,
    )

    class Meta:
        model = PracticePage
        fields = []


class StateColumn(Column):
    def get_value(self, instance):
        return STATE_LABELS[super().get_value(instance)]


class TranslationStatesReportView(ComputedReportView):
    page_title = _("Translation state of every practice")
    header_icon = "globe"
    index_url_name = "reports_translation_states"
    index_results_url_name = "reports_translation_states_results"
    filterset_class = TranslationStateFilterSet
    export_filename = "translation-states"

    @cached_property
    def locales(self):
        return list(Locale.objects.order_by("pk"))

    @property
    def list_export(self):
        return ["title", "organisation", "language", *[
            f"state_{locale.language_code}" for locale in self.locales]]

    @property
    def export_headings(self):
        return {"title": _("Practice"), "organisation": _("Organisation"),
                "language": _("Language of the original"),
                **{f"state_{locale.language_code}": locale.get_display_name()
                   for locale in self.locales}}

    @property
    def custom_field_preprocess(self):
        label = {format: lambda value: str(STATE_LABELS[value]) for format in self.FORMATS}
        return {f"state_{locale.language_code}": label for locale in self.locales}

    @property
    def columns(self):
        headings = self.export_headings
        return [
            StateColumn(name, label=headings[name]) if name.startswith("state_")
            else Column(name, label=headings[name])
            for name in self.list_export
        ]

    def get_queryset(self):
        rows = translation_rows()
        locale, state = self.filter_values.get("locale"), self.filter_values.get("state")
        if locale and state:
            return [row for row in rows if row[f"state_{locale}"] == state]
        if state:
            return [row for row in rows if any(
                row[f"state_{locale.language_code}"] == state for locale in self.locales)]
        return rows


PERIODS = {"day": _("Day"), "week": _("Week"), "month": _("Month")}


class SearchTermsFilterSet(WagtailFilterSet):
    language = django_filters.ChoiceFilter(label=_("Language"), choices=settings.LANGUAGES)
    day = django_filters.DateFromToRangeFilter(
        label=_("Between"), widget=DateRangePickerWidget
    )
    period = django_filters.ChoiceFilter(
        label=_("Counted by"), choices=list(PERIODS.items()), empty_label=None,
        method=lambda queryset, name, value: queryset,
    )
    no_result = django_filters.BooleanFilter(
        label=_("Only searches that found nothing"), widget=forms.CheckboxInput,
        method="only_without_result",
    )

    class Meta:
        model = SearchTermCount
        fields = []

    def only_without_result(self, queryset, name, value):
        return queryset.filter(no_result_searches__gt=0) if value else queryset


class SearchTermsReportView(EditorsOnly, ReportView):
    """The queries visitors typed, per period (newest first), most searched first."""

    page_title = _("Search terms")
    header_icon = "search"
    index_url_name = "reports_search_terms"
    index_results_url_name = "reports_search_terms_results"
    filterset_class = SearchTermsFilterSet
    export_filename = "search-terms"
    model = SearchTermCount
    list_export = ["period", "query", "language", "searches", "no_result_searches", "results"]

    @property
    def export_headings(self):
        return {"period": _("Period starting"), "query": _("Query"), "language": _("Language"),
                "searches": _("Searches"), "no_result_searches": _("Found nothing"),
                "results": _("Most results")}

    @property
    def columns(self):
        headings = self.export_headings
        return [Column(name, label=headings[name]) for name in self.list_export]

    def get_queryset(self):
        return SearchTermCount.objects.all()

    def get_filtered_queryset(self):
        filters = self.filters
        period = "week"
        if filters is not None and filters.is_valid():
            period = filters.form.cleaned_data.get("period") or period
        return (
            super().get_filtered_queryset()
            .annotate(period=Trunc("day", period, output_field=DateField()))
            .values("period", "query", "language")
            .annotate(searches=Sum("searches"), no_result_searches=Sum("no_result_searches"),
                      results=Max("results"))
            .order_by("-period", "-searches", "query", "language")
        )


class AlertsReportView(EditorsOnly, ReportView):
    """Active (confirmed) e-mail alerts per saved search and language. The addresses are
    listed for administrators only."""

    page_title = _("E-mail alerts")
    header_icon = "mail"
    index_url_name = "reports_alerts"
    index_results_url_name = "reports_alerts_results"
    export_filename = "alerts"
    model = Alert

    @property
    def show_addresses(self):
        return self.request.user.is_superuser

    @property
    def list_export(self):
        return ["search", "language", "active", *(["addresses"] if self.show_addresses else [])]

    @property
    def export_headings(self):
        return {"search": _("Search"), "language": _("Language"),
                "active": _("Active alerts"), "addresses": _("Addresses")}

    @property
    def columns(self):
        headings = self.export_headings
        return [Column(name, label=headings[name]) for name in self.list_export]

    def get_queryset(self):
        rows = (Alert.objects.filter(confirmed_at__isnull=False)
                .values("search", "language").annotate(active=Count("pk")))
        if self.show_addresses:
            rows = rows.annotate(addresses=StringAgg("email", ", ", ordering="email"))
        return rows.order_by("-active", "search", "language")
