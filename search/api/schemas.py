"""The shapes of the API's answers and query parameters, as pydantic models (django-ninja
builds the OpenAPI schema from them).

The values a facet parameter accepts (vocabulary slugs, organisation slugs, ISO codes) are
data: `facet_values` writes them into the schema each time the schema is generated, from
the same table (`search.facets`) that validates a request.
"""

import re
from dataclasses import fields
from datetime import datetime
from typing import Literal

from django.conf import settings
from ninja import Schema
from pydantic import Field, create_model, field_validator

from practices.interchange.records import PracticeRecord
from search.facets import FACETS
from search.params import DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, MAX_QUERY_LENGTH, MAX_SUGGEST_LENGTH
from search.query_text import MAX_WORDS
from search.results import Hit

SiteLanguage = Literal[tuple(code for code, _name in settings.LANGUAGES)]
MAX_SUGGESTIONS = 10
MAX_HARVEST_PAGE_SIZE = 100
CURSOR_FORMAT = "kb-cursor"  # opaque: only what a `next` link carries
RFC_3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$")


def facet_values(facet):
    """A `json_schema_extra` that lists the facet's current values as the items' enum."""

    def add_enum(schema):
        schema["items"] = {"type": "string", "enum": sorted(facet.known_values())}

    return add_enum


LANG_FIELD = Field(
    None, description="The language of labels and of the version shown (default: the "
                      "Accept-Language header, else English).")
YEAR = {"ge": 1000, "le": 9999}

SearchQuery = create_model(
    "SearchQuery",
    __base__=Schema,
    q=(str, Field("", max_length=MAX_QUERY_LENGTH,
                  description='Words to find; "quoted phrases", -excluded words. Only the first '
                              f'{MAX_WORDS} words are searched.')),
    **{facet.name: (list[str], Field(
        default_factory=list, json_schema_extra=facet_values(facet),
        description=f"{facet.label}: repeat for several values (OR).")) for facet in FACETS},
    year_from=(int | None, Field(
        None, **YEAR, description="Practices still active in or after this year; not after "
                                  "year_to.")),
    year_to=(int | None, Field(
        None, **YEAR, description="Practices started in or before this year.")),
    sort=(Literal["relevance", "newest", "title"], "relevance"),
    page=(int, Field(1, ge=1, description="Page number, from 1; page × page_size ≤ 10,000.")),
    page_size=(int, Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)),
    lang=(SiteLanguage | None, LANG_FIELD),
)  # fmt: skip


class SuggestQuery(Schema):
    q: str = Field("", max_length=MAX_SUGGEST_LENGTH, description="The beginning of a title.")
    lang: SiteLanguage | None = LANG_FIELD


class HarvestQuery(Schema):
    updated_since: datetime | None = Field(
        None, description="Only practices changed at or after this moment (RFC 3339, with "
                          "its offset: 2026-01-31T12:00:00Z).")
    cursor: str | None = Field(
        None, max_length=200, json_schema_extra={"format": CURSOR_FORMAT},
        description="Where the previous page ended, as this API wrote it in a `next` link.")
    page_size: int = Field(DEFAULT_PAGE_SIZE, ge=1, le=MAX_HARVEST_PAGE_SIZE)
    lang: SiteLanguage | None = LANG_FIELD

    @field_validator("updated_since", mode="before")
    @classmethod
    def rfc_3339(cls, value):
        """Pydantic would also read a number of seconds or a date alone."""
        if isinstance(value, str) and not RFC_3339.match(value):
            raise ValueError("expected an RFC 3339 date and time, with its offset")
        return value


class RecordQuery(Schema):
    lang: SiteLanguage | None = LANG_FIELD


class Error(Schema):
    """What every refusal answers; `parameter` names the request parameter at fault."""

    error: str
    parameter: str | None = None


# The fields of a hit that only the page shows.
PAGE_ONLY_HIT_FIELDS = ("locale", "organisation_name")
HIT_DESCRIPTIONS = {
    "id": "The page id of the version shown.",
    "url": "The absolute address of the version shown.",
    "highlight": "HTML-escaped passage, matches in <mark>.",
    "language": "The language the practice is written in.",
    "organisation": "The organisation's slug.",
}
SearchHit = create_model(
    "SearchHit", __base__=Schema,
    **{hit_field.name: (hit_field.type, Field(description=HIT_DESCRIPTIONS.get(hit_field.name)))
       for hit_field in fields(Hit) if hit_field.name not in PAGE_ONLY_HIT_FIELDS},
)  # fmt: skip


RESULT_FIELDS = tuple(SearchHit.model_fields)


class FacetValue(Schema):
    value: str
    label: str
    count: int
    selected: bool


Facets = create_model(
    "Facets", __base__=Schema,
    **{facet.name: (list[FacetValue], Field(default_factory=list)) for facet in FACETS})


class Relaxation(Schema):
    parameter: str = Field(description="A filter whose removal would find `total` practices.")
    total: int


class SearchAnswer(Schema):
    total: int
    page: int
    page_size: int
    results: list[SearchHit]
    facets: Facets
    suggestion: str | None = Field(description="Did you mean…")
    relaxations: list[Relaxation]
    backend: Literal["elasticsearch", "database"]
    next: str | None = Field(description="The next page of results.")
    previous: str | None = Field(description="The previous page of results.")


class Suggestion(Schema):
    text: str
    url: str = Field(description="The absolute address of the practice.")


class SuggestAnswer(Schema):
    q: str
    suggestions: list[Suggestion] = Field(max_length=MAX_SUGGESTIONS)


class VersionLink(Schema):
    url: str
    state: Literal["original", "machine", "reviewed"]


class PublicPractice(PracticeRecord):
    """A live practice as the public sees it, in one language: the interchange record (files
    by address, the contact only with its consent) and where each version of it is."""

    id: int = Field(description="The page id of the version given.")
    url: str = Field(description="The absolute address of the version given.")
    locale: str = Field(description="The language of the version given.")
    versions: dict[str, VersionLink] = Field(description="Every live version, by language.")
    updated_at: datetime = Field(description="When a version of it was last published.")


class HarvestPage(Schema):
    results: list[PublicPractice]
    next: str | None = Field(description="The rest, oldest change first; null at the end.")
