"""What a practice search answers, whichever backend answered it (search.backends:
`elasticsearch`, `database` on PostgreSQL): the result types, and the facets and
relaxations both build from their counts."""

from dataclasses import asdict, dataclass, field

from search.facets import FACETS
from search.params import SearchParams

YEAR_RANGE = "year"  # the name the year range goes by among the filters a visitor may remove


@dataclass
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool


@dataclass
class Facet:
    name: str
    label: str
    values: list


@dataclass(frozen=True)
class Hit:
    """A practice found, as the visitor is shown it: the one definition of a hit's fields,
    which both backends fill and the API's schema (SearchHit) is made from."""

    id: int | None  # the page id of the version shown
    source_id: str
    title: str
    url: str
    summary: str
    highlight: str | None  # HTML-escaped passage, matches in <mark>
    language: str | None  # the language the practice is written in
    locale: str | None  # the language of the version shown
    themes: list[str]
    countries: list[str]
    target_groups: list[str]
    pathway_stages: list[str]
    funding_programmes: list[str]
    organisation: str | None  # the organisation's slug
    organisation_name: str
    start_year: int | None
    end_year: int | None

    def as_dict(self):
        return asdict(self)


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    hits: list  # Hit.as_dict() of each practice of the page
    facets: list  # Facet, in FACETS order
    backend: str  # "elasticsearch" or "database"
    suggestion: str | None = None  # a corrected query, offered when nothing was found
    relaxations: list = field(default_factory=list)  # (filter name, total without it)


def facets_from_counts(params, counts):
    """Facets with labels in the visitor's language; a selected value is listed even at 0."""
    selected = params.selected
    facets = []
    for facet in FACETS:
        value_counts = dict(counts.get(facet.name, {}))
        chosen = selected.get(facet.name, frozenset())
        for value in chosen:
            value_counts.setdefault(value, 0)
        labels = facet.labels(value_counts, params.lang)
        values = [
            FacetValue(value, labels.get(value, value), count, value in chosen)
            for value, count in value_counts.items()
        ]
        values.sort(key=lambda item: (-item.count, item.label.casefold()))
        facets.append(Facet(facet.name, str(facet.label), values))
    return facets


def relaxations(params, totals):
    """(filter, total without it) for each selected filter whose removal would find something."""
    names = [name for name, _values in params.filters]
    if params.has_year_range:
        names.append(YEAR_RANGE)
    found = [(name, totals.get(name, 0)) for name in names]
    return sorted([item for item in found if item[1] > 0], key=lambda item: -item[1])
