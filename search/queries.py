"""Practice search on Elasticsearch: validated parameters in, results with facet counts out.

    result = search_practices(params)   # SearchResult; from PostgreSQL if Elasticsearch is down

Selected facet values and the year range go into `post_filter`; each facet is counted by its own
filtered aggregation carrying every filter but its own, so that a visitor sees how many results
each further choice would give. Several values of one facet combine with OR, facets with AND.

Across languages: every live version of a practice is a document, and a practice matches
when any of its versions does. Hits are collapsed on `translation_key`, one per practice;
the hit is the matching version in the visitor's language (`params.lang`), else the
original, else another: two constant-score `should` clauses rank it first within its
practice. Its summary and highlight are shown; its title and link are those of the version
in the visitor's language whenever the practice has one, matching or not (each document
keeps its siblings' ids, titles and URLs), else the original's. With the "newest" and
"title" sorts the sort keys are equal in every version of a practice (see
search/documents.py), so `_score` as second key picks the same version.
A side effect of scoring the preference: by relevance, practices readable in the visitor's
language come before the others.

Totals and facet counts count practices, not versions. Without words every version of a
practice matches, so each count is the number of documents that represent their practice
(`represents_practice`, one per practice): exact and cheap. With words, a practice may
match through any of its versions, so each count is a `cardinality` of `translation_key`
(exact up to PRECISION_THRESHOLD practices per count, within about 1% beyond it, as
HyperLogLog++ is).

Words are matched exactly (stems, accents folded) first; only when that finds nothing are
plain words (no search syntax) matched again forgiving a typing mistake or two: fuzzy
matching costs several times an exact search, and a query that finds something as typed
needs no correction. A German query, German having no machine translation,
also looks for its words in the other languages (search.query_translation).
"""

import logging
import re
from dataclasses import dataclass, field

from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import A, Q, Search

from search.client import get_client
from search.documents import (
    LANGUAGE_ANALYZERS,
    TEXT_FIELDS,
    alias_name,
    language_fields_for,
    text_fields_for,
)
from search.facets import FACETS, FACETS_BY_NAME
from search.params import SearchParams, check_page_exists
from search.query_translation import translate_query
from search.text import fold_accents

logger = logging.getLogger(__name__)

YEAR_RANGE = "year"  # the name the year range goes by among the filters a visitor may remove
MATCHING = "matching"  # the aggregation counting the practices that match every filter
PRACTICES = "practices"  # the cardinality sub-aggregation in each count
PRACTICE_FIELD = "translation_key"
PRECISION_THRESHOLD = 40_000  # cardinality's maximum: counts are exact up to this
# Scores added to a version so that, within its practice, the visitor's language wins, then
# the original; far above what the text clauses score, so that text never decides it.
VISITOR_LANGUAGE_BOOST = 1000
ORIGINAL_BOOST = 100
TRANSLATED_WORDS_BOOST = 0.3  # dictionary translations of the query weigh less than its words
HIGHLIGHT_FIELDS = ("summary", "body", "outcomes")
SUGGEST_FIELDS = ("title", "summary")
# A query that uses the search syntax (phrases, negation, grouping, wildcards) is taken exactly;
# only plain words are matched approximately, to forgive typing mistakes.
SYNTAX = re.compile(r'["()|+*~]|(^|\s)-')


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


@dataclass
class SearchResult:
    params: SearchParams
    total: int
    hits: list  # dicts: the API's result fields, plus `organisation_name`
    facets: list  # Facet, in FACETS order
    backend: str  # "elasticsearch" or "database"
    suggestion: str | None = None  # a corrected query, offered when nothing was found
    relaxations: list = field(default_factory=list)  # (filter name, total without it)


def search_practices(params):
    """Answer `params` from Elasticsearch, or from PostgreSQL when Elasticsearch fails."""
    try:
        return search_index(params)
    except TransportError as error:
        logger.warning("Elasticsearch is unreachable, searching the database: %s", error)
    except ApiError:
        logger.exception("Elasticsearch refused a search, searching the database")
    from search.database import search_database

    return search_database(params)


def search_index(params):
    response = run_search(build_search(params))
    total = practice_total(response["aggregations"][MATCHING])
    if total == 0 and forgives_typos(params):
        response = run_search(build_search(params, typo_tolerant=True))
        total = practice_total(response["aggregations"][MATCHING])
    aggregations = response["aggregations"]
    check_page_exists(params, total)
    return SearchResult(
        params=params,
        total=total,
        hits=[hit_fields(hit, params.lang) for hit in response["hits"]["hits"]],
        facets=facets_from_counts(params, facet_counts(aggregations)),
        backend="elasticsearch",
        suggestion=suggested_query(params) if total == 0 else None,
        relaxations=relaxations(params, filter_totals(aggregations)) if total == 0 else [],
    )


def run_search(search):
    # The body is built with elasticsearch.dsl; the answer is read as plain dicts (wrapping
    # it in dsl objects costs more than the rest of the request's Python).
    return get_client().search(index=alias_name(), body=search.to_dict())


def forgives_typos(params):
    """Whether the query is plain words, which may be matched again approximately."""
    text = params.q.strip()
    return bool(text) and not SYNTAX.search(text)


def build_search(params, typo_tolerant=False):
    """The Elasticsearch search for `params`: text query, filters, facets, sort and page.

    `typo_tolerant` also matches the words with a typing mistake or two (see above)."""
    query = Q("bool", must=[text_query(params, typo_tolerant)], should=preferred_version(params))
    search = Search(using=get_client(), index=alias_name()).query(query)
    filters = selected_filters(params)
    if filters:
        search = search.post_filter("bool", filter=list(filters.values()))
    by_representative = not params.q.strip()
    search.aggs.bucket(MATCHING, counted_filter(list(filters.values()), by_representative))
    for facet in FACETS:
        search.aggs.bucket(facet.name, filtered_terms(facet, filters, by_representative))
    if params.has_year_range:
        others = [query for name, query in filters.items() if name != YEAR_RANGE]
        search.aggs.bucket(YEAR_RANGE, counted_filter(others, by_representative))
    search = search.sort(*sort_order(params)).extra(
        from_=params.offset, size=params.page_size, track_total_hits=False,
        collapse={"field": PRACTICE_FIELD},
    )
    if params.q.strip():
        search = add_highlight(search)
    return search


def text_query(params, typo_tolerant=False):
    """Words as typed on the stemmed fields of the visitor's language, or folded on every field.

    Words are all required (AND); with `typo_tolerant`, plain words also match with a typing
    mistake or two.
    """
    text = params.q.strip()
    if not text:
        return Q("match_all")
    folded = fold_accents(text)
    clauses = [
        Q("simple_query_string", query=text, fields=language_fields_for(params.lang),
          default_operator="and", lenient=True),
        Q("simple_query_string", query=folded, fields=text_fields_for(params.lang),
          default_operator="and", lenient=True),
    ]
    if typo_tolerant:
        clauses.append(Q(
            "multi_match", query=folded, fields=text_fields_for(params.lang), fuzziness="AUTO",
            prefix_length=1, operator="and", lenient=True, boost=0.5,
        ))
    if not SYNTAX.search(text):
        clauses.extend(translated_words(text, params.lang))
    return Q("bool", should=clauses, minimum_should_match=1)


def translated_words(text, language):
    """For each other language, the query's words as the dictionaries translate them, on that
    language's stemmed fields: any translation of a word matches it, and most words must."""
    clauses = []
    for target, groups in translate_query(text, language, LANGUAGE_ANALYZERS).items():
        fields = [f"{name}_{target}^{boost}" for name, boost in TEXT_FIELDS.items()]
        words = [Q("multi_match", query=" ".join(group), fields=fields, operator="or")
                 for group in groups]  # fmt: skip
        required = max(1, len(groups) - len(groups) // 3)
        clauses.append(Q("bool", should=words, minimum_should_match=required,
                         boost=TRANSLATED_WORDS_BOOST))  # fmt: skip
    return clauses


def preferred_version(params):
    """Scores that rank, within a practice, its version in the visitor's language first,
    then its original."""
    return [
        Q("constant_score", filter=Q("term", locale=params.lang), boost=VISITOR_LANGUAGE_BOOST),
        Q("constant_score", filter=Q("term", is_original=True), boost=ORIGINAL_BOOST),
    ]


def counted_filter(filters, by_representative):
    """A filter aggregation that counts the practices (not versions) passing `filters`:
    `by_representative`, as its document count of representatives; else as a distinct
    count of practices. `practice_total` reads either."""
    if by_representative:
        return A("filter", Q("bool", filter=[*filters, Q("term", represents_practice=True)]))
    aggregation = A("filter", Q("bool", filter=filters))
    aggregation.metric(PRACTICES, practice_count())
    return aggregation


def practice_count():
    return A("cardinality", field=PRACTICE_FIELD, precision_threshold=PRECISION_THRESHOLD)


def practice_total(bucket):
    """The practices an aggregation bucket counted, whichever way it counted them."""
    return bucket[PRACTICES]["value"] if PRACTICES in bucket else bucket["doc_count"]


def selected_filters(params):
    """{facet name or YEAR_RANGE: filter query} for what the visitor selected."""
    filters = {
        name: Q("terms", **{FACETS_BY_NAME[name].field: sorted(values)})
        for name, values in params.filters
    }
    if params.has_year_range:
        filters[YEAR_RANGE] = year_range_query(params.year_from, params.year_to)
    return filters


def year_range_query(year_from, year_to):
    """Practices active at some time in the range; an undated practice is in no range."""
    started = Q("range", start_year={"lte": year_to}) if year_to else None
    clauses = [started or Q("exists", field="start_year")]
    if year_from:
        ended_after = Q("range", end_year={"gte": year_from})
        ongoing = ~Q("exists", field="end_year")
        clauses.append(Q("bool", should=[ended_after, ongoing], minimum_should_match=1))
    return Q("bool", filter=clauses)


def filtered_terms(facet, filters, by_representative):
    """The facet's values among the practices passing every filter but its own, each
    counted in practices (as `counted_filter` counts) and listed by that count."""
    others = [query for name, query in filters.items() if name != facet.name]
    aggregation = counted_filter(others, by_representative)
    values = aggregation.bucket(
        "values", "terms", field=facet.field, size=facet.size,
        order=[{"_count" if by_representative else PRACTICES: "desc"}, {"_key": "asc"}],
    )
    if not by_representative:
        values.metric(PRACTICES, practice_count())
    return aggregation


def sort_order(params):
    """Sort keys equal in every version of a practice first, then `_score` (the preferred
    version), then the page id to make the order total."""
    by_preference = {"_score": "desc"}
    if params.sort == "title":
        return [{f"title_sort_{params.lang}": "asc"}, by_preference, {"id": "asc"}]
    published = {"published_at": {"order": "desc", "missing": "_last"}}
    if params.sort == "newest" or not params.q.strip():
        return [published, by_preference, {"id": "desc"}]
    return ["_score", published, {"id": "desc"}]


def add_highlight(search):
    return search.highlight_options(
        encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], require_field_match=False,
        fragment_size=180, number_of_fragments=1, no_match_size=0,
    ).highlight(*HIGHLIGHT_FIELDS)


def hit_fields(hit, language):
    """The API's fields of a hit (a dict of the search response): the id, title and URL of
    the practice's version in `language` (else its original), whichever version matched;
    the summary and highlight of the version that matched."""
    source = hit.get("_source", {})
    highlight = hit.get("highlight")
    versions = source.get("versions") or {}
    shown = versions.get(language) or versions.get(source.get("original_locale")) or source
    return {
        "id": shown.get("id"),
        "source_id": source.get("source_id") or "",
        "title": shown.get("title", ""),
        "url": shown.get("url") or "",
        "summary": source.get("summary", ""),
        "highlight": first_fragment(highlight) if highlight else None,
        "language": source.get("language"),
        "locale": next((code for code, item in versions.items() if item is shown),
                       source.get("locale")),  # fmt: skip
        "themes": as_list(source.get("theme")),
        "countries": as_list(source.get("country")),
        "target_groups": as_list(source.get("target_group")),
        "pathway_stages": as_list(source.get("pathway_stage")),
        "funding_programmes": as_list(source.get("funding_programme")),
        "organisation": source.get("organisation"),
        "organisation_name": source.get("organisation_name", ""),
        "start_year": source.get("start_year"),
        "end_year": source.get("end_year"),
    }


def first_fragment(highlight):
    """The best passage: from the summary if it matched there, else from the body or outcomes."""
    for prefix in HIGHLIGHT_FIELDS:
        for name, fragments in sorted(highlight.items()):
            if name.split(".")[0] == prefix and fragments:
                return fragments[0]
    return None


def as_list(value):
    if value is None:
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def facet_counts(aggregations):
    """{facet name: {value: count}} from the filtered terms aggregations."""
    return {
        facet.name: {
            str(bucket["key"]): practice_total(bucket)
            for bucket in aggregations[facet.name]["values"]["buckets"]
        }
        for facet in FACETS
    }


def filter_totals(aggregations):
    """{facet name or YEAR_RANGE: the total if that filter were removed}."""
    return {
        name: practice_total(aggregations[name])
        for name in [*(facet.name for facet in FACETS), YEAR_RANGE]
        if name in aggregations
    }


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


def suggested_query(params):
    """"Did you mean": a second request, only made when nothing was found."""
    if not params.q.strip():
        return None
    body = build_suggestion_search(params).to_dict()
    return suggestion(params, get_client().search(index=alias_name(), body=body))


def build_suggestion_search(params):
    """The term suggestions for each word of the query, without hits."""
    search = Search(using=get_client(), index=alias_name()).extra(size=0, track_total_hits=False)
    for name in SUGGEST_FIELDS:
        search = search.suggest(name, params.q, term={"field": name, "suggest_mode": "missing"})
    return search


def suggestion(params, response):
    """The query with each unknown word replaced by its most frequent known neighbour."""
    suggest = response.get("suggest")
    if not suggest:
        return None
    replacements = {}
    for name in SUGGEST_FIELDS:
        for entry in suggest.get(name, []):
            for option in entry["options"]:
                best = replacements.get(entry["text"])
                if best is None or option["freq"] > best[1]:
                    replacements[entry["text"]] = (option["text"], option["freq"])
    if not replacements:
        return None
    corrected = params.q
    for word, (replacement, _freq) in replacements.items():
        corrected = re.sub(rf"(?i)\b{re.escape(word)}\b", replacement, corrected)
    return corrected if corrected.casefold() != params.q.casefold() else None


def suggest_titles(text, limit=10):
    """Completions for the query box: [{"text", "url"}], from the index or the database."""
    try:
        search = Search(using=get_client(), index=alias_name()).source(["title", "url"])
        search = search.suggest("titles", text, completion={
            "field": "suggest", "size": limit, "skip_duplicates": True})
        response = search.extra(size=0).execute()
        options = response.suggest.titles[0].options
        return [{"text": option.text, "url": option._source.url} for option in options]
    except (TransportError, ApiError) as error:
        logger.warning("Suggestions from the database: %s", error)
    from search.database import suggest_from_database

    return suggest_from_database(text, limit)
