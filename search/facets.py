"""The facets of practice search, declared once: what a visitor can filter on and how it is named.

Each facet's values are stable identifiers (vocabulary slugs, ISO codes, organisation slugs);
their labels are looked up in the visitor's language only when a page or an answer is built.
Both search backends (search.backends: `elasticsearch`, `database` on PostgreSQL) read this
table.

The values a visitor may select and their labels are read from the database once and kept
in process memory (`facet_terms()`), so that validating a request and labelling its facets
costs no query. A change to a vocabulary or an organisation (search/signals.py calls
`terms_changed()`) empties this process's copy at once and bumps a version in the shared
cache after the commit; other processes compare versions every CHECK_INTERVAL_SECONDS.
"""

import enum
import threading
import time
import uuid
from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.conf.locale import LANG_INFO
from django.core.cache import cache as shared_cache
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from practices.languages import ORIGINAL_LANGUAGE_CODES
from practices.models import FundingProgramme, OrganisationPage, PathwayStage, TargetGroup, Theme


class FacetKind(enum.Enum):
    """Where a facet's values come from, which says how every backend stores and reads them."""

    THEMES = "themes"  # django-taggit tags (PracticeTheme) of the Theme vocabulary
    TERMS = "terms"  # a many-to-many field of PracticePage to a vocabulary model
    COUNTRIES = "countries"  # ISO 3166 codes, in upper case
    ORGANISATION = "organisation"  # the slug of the practice's organisation page
    LANGUAGE = "language"  # the language code of the practice's original text

    @property
    def multiple(self):
        """A practice has several values: a list in the document, an array in the table."""
        return self in (FacetKind.THEMES, FacetKind.TERMS, FacetKind.COUNTRIES)


@dataclass(frozen=True)
class FacetSpec:
    name: str  # the request parameter, the key in the answer's "facets", the table's column
    field: str  # the keyword field of the search document
    label: str
    size: int  # how many values the facet lists at most
    kind: FacetKind
    vocabulary: type | None = None  # the term model whose slugs are the values
    relation: str | None = None  # PracticePage's field to `vocabulary` (kind TERMS)

    def normalise(self, value):
        """A value as a visitor may type it, as the index holds it."""
        value = value.strip()
        return value.upper() if self.kind is FacetKind.COUNTRIES else value

    def known_values(self):
        """Every value a visitor may select in this facet."""
        if self.kind is FacetKind.COUNTRIES:
            return country_codes()
        if self.kind is FacetKind.LANGUAGE:
            return frozenset(search_languages())
        return facet_terms().values(self.name)

    def labels(self, values, language):
        """{value: label in `language`} for the given values."""
        if self.kind in (FacetKind.COUNTRIES, FacetKind.LANGUAGE):
            names_in = country_names if self.kind is FacetKind.COUNTRIES else language_names
            names = names_in(language)
            return {value: names.get(value, value) for value in values}
        terms = facet_terms()
        known = terms.values(self.name)
        return {
            value: terms.label(self.name, value, language) for value in values if value in known
        }


FACETS = (
    FacetSpec("theme", "theme", _("Theme"), 50, FacetKind.THEMES, Theme),
    FacetSpec("target_group", "target_group", _("Target group"), 50, FacetKind.TERMS,
              TargetGroup, "target_groups"),
    FacetSpec("pathway_stage", "pathway_stage", _("Pathway stage"), 20, FacetKind.TERMS,
              PathwayStage, "pathway_stages"),
    FacetSpec("funding_programme", "funding_programme", _("Funding programme"), 50,
              FacetKind.TERMS, FundingProgramme, "funding_programmes"),
    FacetSpec("country", "country", _("Country"), 60, FacetKind.COUNTRIES),
    FacetSpec("organisation", "organisation", _("Organisation"), 100, FacetKind.ORGANISATION),
    FacetSpec("language", "language", _("Language"), 40, FacetKind.LANGUAGE),
)  # fmt: skip
FACETS_BY_NAME = {facet.name: facet for facet in FACETS}
TERM_FACETS = tuple(facet for facet in FACETS if facet.kind is FacetKind.TERMS)
VOCABULARIES = {facet.name: facet.vocabulary for facet in FACETS if facet.vocabulary}
VERSION_KEY = "search:facet-terms:version"
CHECK_INTERVAL_SECONDS = 2.0


def search_languages():
    """Language codes a practice can be in: its original language or a site language."""
    return set(ORIGINAL_LANGUAGE_CODES) | {code for code, _name in settings.LANGUAGES}


def live_organisations():
    return OrganisationPage.objects.live().public()


@dataclass(frozen=True)
class FacetTerms:
    """The selectable values of the facets read from the database, with their labels.

    `labels` maps facet name → {value: (default label, {language: label})}.
    """

    labels: dict

    @classmethod
    def load(cls):
        labels = {
            name: {
                term.slug: (term.default_label, term.labels or {})
                for term in model.objects.all()
            }
            for name, model in VOCABULARIES.items()
        }
        labels["organisation"] = {
            slug: (title, {}) for slug, title in live_organisations().values_list("slug", "title")
        }
        return cls(labels)

    def values(self, facet_name):
        return self.labels[facet_name].keys()

    def label(self, facet_name, value, language):
        default, translated = self.labels[facet_name][value]
        return translated.get(language.split("-")[0]) or default


class FacetTermsCache:
    """This process's FacetTerms, checked against the shared version now and then."""

    def __init__(self):
        self.lock = threading.Lock()
        self.terms = None
        self.version = None
        self.checked = 0.0

    def get(self):
        now = time.monotonic()
        terms = self.terms
        if terms is not None and now - self.checked < CHECK_INTERVAL_SECONDS:
            return terms
        with self.lock:
            version = shared_cache.get(VERSION_KEY)
            if self.terms is None or version != self.version:
                self.terms, self.version = FacetTerms.load(), version
            self.checked = now
            return self.terms

    def clear(self):
        with self.lock:
            self.terms = None


TERMS_CACHE = FacetTermsCache()


def facet_terms():
    return TERMS_CACHE.get()


def terms_changed():
    """Forget the facet terms here now (this transaction sees the change), everywhere once
    the change is committed."""
    TERMS_CACHE.clear()
    transaction.on_commit(bump_version)


def bump_version():
    TERMS_CACHE.clear()
    shared_cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)


@cache
def country_codes():
    return frozenset(code for code, _name in countries)


@cache
def country_names(language):
    with translation.override(language):
        return {code: str(countries.name(code)) or code for code in country_codes()}


@cache
def language_names(language):
    with translation.override(language):
        return {
            code: str(translation.gettext(LANG_INFO[code]["name"])) if code in LANG_INFO else code
            for code in search_languages()
        }
