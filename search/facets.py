"""The facets of practice search, declared once: what a visitor can filter on and how it is named.

Each facet's values are stable identifiers (vocabulary slugs, ISO codes, organisation slugs);
their labels are looked up in the visitor's language only when a page or an answer is built.
Both search backends (`queries` on Elasticsearch, `database` on PostgreSQL) read this table.
"""

from dataclasses import dataclass

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.languages import ORIGINAL_LANGUAGE_CODES
from practices.models import FundingProgramme, OrganisationPage, PathwayStage, TargetGroup, Theme


@dataclass(frozen=True)
class FacetSpec:
    name: str  # the request parameter, and the key in the answer's "facets"
    field: str  # the keyword field of the search document
    label: str
    size: int  # how many values the facet lists at most

    def known_values(self):
        """Every value a visitor may select in this facet."""
        return VALUE_SOURCES[self.name]()

    def labels(self, values, language):
        """{value: label in `language`} for the given values."""
        return LABELLERS[self.name](set(values), language)


FACETS = (
    FacetSpec("theme", "theme", _("Theme"), 50),
    FacetSpec("target_group", "target_group", _("Target group"), 50),
    FacetSpec("pathway_stage", "pathway_stage", _("Pathway stage"), 20),
    FacetSpec("funding_programme", "funding_programme", _("Funding programme"), 50),
    FacetSpec("country", "country", _("Country"), 60),
    FacetSpec("organisation", "organisation", _("Organisation"), 100),
    FacetSpec("language", "language", _("Language"), 40),
)
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}

VOCABULARIES = {
    "target_group": TargetGroup,
    "pathway_stage": PathwayStage,
    "funding_programme": FundingProgramme,
}


def search_languages():
    """Language codes a practice can be in: its original language or a site language."""
    return set(ORIGINAL_LANGUAGE_CODES) | {code for code, _name in settings.LANGUAGES}


def live_organisations():
    return OrganisationPage.objects.live().public()


VALUE_SOURCES = {
    "theme": lambda: set(Theme.objects.values_list("slug", flat=True)),
    "target_group": lambda: set(TargetGroup.objects.values_list("slug", flat=True)),
    "pathway_stage": lambda: set(PathwayStage.objects.values_list("slug", flat=True)),
    "funding_programme": lambda: set(FundingProgramme.objects.values_list("slug", flat=True)),
    "country": lambda: {code for code, _name in countries},
    "organisation": lambda: set(live_organisations().values_list("slug", flat=True)),
    "language": search_languages,
}


def theme_labels(values, language):
    return {theme.slug: theme.label_in(language) for theme in Theme.objects.filter(slug__in=values)}


def vocabulary_labeller(model):
    def labels(values, language):
        terms = model.objects.filter(slug__in=values)
        return {term.slug: term.label_in(language) for term in terms}

    return labels


def country_labels(values, language):
    with translation.override(language):
        return {code: str(countries.name(code)) or code for code in values}


def language_labels(values, language):
    with translation.override(language):
        return {
            code: str(translation.gettext(LANG_INFO[code]["name"])) if code in LANG_INFO else code
            for code in values
        }


def organisation_labels(values, language):
    return dict(live_organisations().filter(slug__in=values).values_list("slug", "title"))


LABELLERS = {
    "theme": theme_labels,
    "target_group": vocabulary_labeller(TargetGroup),
    "pathway_stage": vocabulary_labeller(PathwayStage),
    "funding_programme": vocabulary_labeller(FundingProgramme),
    "country": country_labels,
    "language": language_labels,
    "organisation": organisation_labels,
}
