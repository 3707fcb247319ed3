"""The Elasticsearch request of a search and the retries that relax it; the query box's
completions. Elasticsearch's errors reach the caller (search.service falls back on them)."""

import re
from dataclasses import replace

from elasticsearch.dsl import A, Q, Search

from search.client import get_client
from search.documents import LANGUAGES, alias_name, highlight_fields
from search.facets import FACETS, FACETS_BY_NAME
from search.params import check_page_exists
from search.query_text import FEW_RESULTS
from search.results import YEAR_RANGE, SearchResult, facets_from_counts, relaxations
from search.text import fold_accents, split_elisions

from .hits import SOURCE_FIELDS, completions, hit_fields
from .matching import highlighted_query, scored_query
from .plan import QueryPlan
from .ranking import RANKED_WINDOW, ranked

# Most words are required (after stop words); any word when that finds nothing.
RELAXED_MINIMUM_SHOULD_MATCH = "1"
SUGGEST_FIELD = "words"
PASSAGE_LENGTH = 180


def search_index(params):
    plan = QueryPlan.of(params)
    response = run_search(build_search(params, plan, suggest=True))
    unknown = unknown_words(response)
    if plan.text.is_plain and unknown:
        typo_tolerant = plan.relaxed(unknown)
        retried = run_search(build_search(params, typo_tolerant))
        if total_of(retried) >= total_of(response):
            response, plan = retried, typo_tolerant
    if plan.text.is_plain and 0 < total_of(response) < FEW_RESULTS:
        response = run_search(build_search(params, replace(plan, any_word=True)))
    if plan.text.is_plain and total_of(response) == 0:
        response = run_search(build_search(params, plan.relaxed(
            unknown, minimum_should_match=RELAXED_MINIMUM_SHOULD_MATCH)))
    total = total_of(response)
    aggregations = response["aggregations"]
    check_page_exists(params, total)
    hits = response["hits"]["hits"]
    if is_ranked(params, plan):
        hits = page_hits(plan, ranked(hits[:RANKED_WINDOW]) + hits[RANKED_WINDOW:],
                         params.offset, params.page_size)  # fmt: skip
    return SearchResult(
        params=params,
        total=total,
        hits=[hit_fields(hit, params.lang) for hit in hits],
        facets=facets_from_counts(params, facet_counts(aggregations)),
        backend="elasticsearch",
        suggestion=suggestion(params, unknown) if total == 0 else None,
        relaxations=relaxations(params, filter_totals(aggregations)) if total == 0 else [],
    )


def run_search(search):
    # The body is built with elasticsearch.dsl; the answer is read as plain dicts (wrapping
    # it in dsl objects costs more than the rest of the request's Python). Named queries
    # report their scores, which `ranking` reads. The node keeps the answer in its request
    # cache until the index changes (by default only for requests without hits): a search
    # asked again, by anyone, is answered from it (bench/tuning.py).
    return get_client().search(index=alias_name(), body=search.to_dict(),
                               include_named_queries_score=True, request_cache=True)


def total_of(response):
    return response["hits"]["total"]["value"]


def is_ranked(params, plan):
    """Whether the page is among the first results, which search.backends.elasticsearch.
    ranking orders (by relevance, with a meaning to weigh)."""
    return (sort_order(params)[0] == "_score" and plan.meaning is not None
            and params.offset < RANKED_WINDOW)  # fmt: skip


def build_search(params, plan, suggest=False):
    """The Elasticsearch search for `params`: query, filters, facets, sort and page.

    `suggest` also asks which of the words no practice contains (see above). A page that
    `ranking` orders asks for the first results with their named scores, but neither their
    fields nor their passages: `page_hits` fetches those of the page once it is ordered."""
    search = Search(using=get_client(), index=alias_name()).query(scored_query(plan))
    filters = selected_filters(params)
    if filters:
        search = search.post_filter("bool", filter=list(filters.values()))
    add_facet_aggregations(search, filters)
    if params.has_year_range:
        others = [query for name, query in filters.items() if name != YEAR_RANGE]
        search.aggs.bucket(YEAR_RANGE, A("filter", Q("bool", filter=others)))
    search = search.sort(*sort_order(params)).extra(track_total_hits=True)
    if is_ranked(params, plan):
        search = search.source(False).extra(
            from_=0, size=max(RANKED_WINDOW, params.offset + params.page_size)
        )
    else:
        search = search.source(SOURCE_FIELDS).extra(from_=params.offset, size=params.page_size)
        if not plan.text.is_empty:
            search = add_highlight(search)
    if suggest and plan.text.is_plain:
        search = add_suggestions(search, plan.text.words)
    return search


def page_hits(plan, hits, offset, page_size):
    """The hits of the page cut from `hits` (in the order shown), with their fields and
    passages."""
    ids = [hit["_id"] for hit in hits[offset : offset + page_size]]
    if not ids:
        return []
    search = Search(using=get_client(), index=alias_name()).query(
        "bool", filter=[Q("ids", values=ids)], should=[highlighted_query(plan)])
    search = add_highlight(search.source(SOURCE_FIELDS).extra(size=len(ids)))
    fetched = {hit["_id"]: hit for hit in run_search(search)["hits"]["hits"]}
    return [fetched[id_] for id_ in ids if id_ in fetched]


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


# The aggregation under which the facets with no value selected are counted.
UNSELECTED = "unselected"


def add_facet_aggregations(search, filters):
    """Each facet's values among the practices passing every filter but its own, each
    counted and listed by that count. The facets with no value selected all count the
    practices passing every filter: one `filter` aggregation holds them all, where one each
    would apply the same filters once per facet (bench/tuning.py)."""
    for facet in FACETS:
        if facet.name in filters:
            others = [query for name, query in filters.items() if name != facet.name]
            search.aggs.bucket(facet.name, "filter", Q("bool", filter=others))
            add_values(search.aggs[facet.name], facet, "values")
    unselected = [facet for facet in FACETS if facet.name not in filters]
    if unselected:
        search.aggs.bucket(UNSELECTED, "filter", Q("bool", filter=list(filters.values())))
        for facet in unselected:
            add_values(search.aggs[UNSELECTED], facet, facet.name)


def add_values(aggregation, facet, name):
    aggregation.bucket(name, "terms", field=facet.field, size=facet.size,
                       order=[{"_count": "desc"}, {"_key": "asc"}])  # fmt: skip


def sort_order(params):
    """The sort keys, then the translation key to make the order total."""
    tie = {"translation_key": "asc"}
    published = {"published_at": {"order": "desc", "missing": "_last"}}
    if params.sort == "title":
        return [{f"title_sort_{params.lang}": "asc"}, tie]
    if params.sort == "newest" or not params.q.strip():
        return [published, tie]
    return ["_score", published, tie]


def add_highlight(search):
    """Passages from every language's text; `passage` picks one. A summary that did not
    match still gives its beginning, for a practice found through another language."""
    fields = highlight_fields()
    summaries = [name for name in fields if name.startswith("summary_")]
    return search.highlight_options(
        encoder="html", pre_tags=["<mark>"], post_tags=["</mark>"], require_field_match=False,
        fragment_size=PASSAGE_LENGTH, number_of_fragments=1, no_match_size=0,
    ).highlight(*(name for name in fields if name not in summaries)).highlight(
        *summaries, no_match_size=PASSAGE_LENGTH)


def facet_counts(aggregations):
    """{facet name: {value: count}} from the aggregations of `add_facet_aggregations`."""
    return {facet.name: {str(bucket["key"]): bucket["doc_count"]
                         for bucket in facet_values(aggregations, facet)["buckets"]}
            for facet in FACETS}  # fmt: skip


def facet_values(aggregations, facet):
    if facet.name in aggregations:
        return aggregations[facet.name]["values"]
    return aggregations[UNSELECTED][facet.name]


def filter_totals(aggregations):
    """{selected facet name or YEAR_RANGE: the total if that filter were removed}."""
    return {
        name: aggregations[name]["doc_count"]
        for name in [*(facet.name for facet in FACETS), YEAR_RANGE]
        if name in aggregations
    }


def add_suggestions(search, words):
    """Term suggestions for the words no practice contains, in the same request."""
    folded = fold_accents(split_elisions(words))
    return search.suggest(SUGGEST_FIELD, folded, term={"field": SUGGEST_FIELD,
                                                       "suggest_mode": "missing"})


def unknown_words(response):
    """{word: (best known neighbour, its frequency)} for each word of the query that no
    practice contains but a known word is close to, from `add_suggestions`."""
    unknown = {}
    for entry in (response.get("suggest") or {}).get(SUGGEST_FIELD, []):
        if entry["options"]:
            best = max(entry["options"], key=lambda option: option["freq"])
            unknown[entry["text"]] = (best["text"], best["freq"])
    return unknown


def suggestion(params, unknown):
    """"Did you mean": the query with each unknown word replaced by its most frequent known
    neighbour, or None."""
    if not unknown:
        return None
    corrected = fold_accents(split_elisions(params.q))
    for word, (replacement, _freq) in unknown.items():
        corrected = re.sub(rf"(?i)\b{re.escape(word)}\b", replacement, corrected)
    return corrected if corrected.casefold() != fold_accents(params.q).casefold() else None


def suggest_from_index(text, limit=10, language=None):
    """Completions for the query box: [{"text", "url"}], one per practice whose title in
    any language starts with `text`, each the title and link of its version in `language`
    (else of its original)."""
    search = Search(using=get_client(), index=alias_name()).source(
        ["versions", "url", "original_locale"])
    search = search.suggest("titles", text, completion={
        "field": "suggest", "size": limit * len(LANGUAGES), "skip_duplicates": True})
    response = search.extra(size=0).execute().to_dict()
    options = response["suggest"]["titles"][0]["options"]
    return completions(options, language)[:limit]
