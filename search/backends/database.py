"""Practice search on PostgreSQL, for when Elasticsearch cannot answer.

The same validated parameters give the same filters, facet semantics (OR within a facet, AND
across facets, each facet counted with every filter but its own), sorts and pages as
the Elasticsearch backend (search.backends.elasticsearch); text matching is PostgreSQL's
full-text search, computed on the fly over title, summary and outcomes, so it needs no index
of its own and is never out of date.
Most words are required, as on the index (`required_words`), any of them when that finds
nothing; practices rank by `ts_rank` of their best version; "quoted phrases" and -words
work as on the index. What it cannot do: stems, accent folding,
dictionary translations, typing mistakes, a minimum number of words, passages.

As in the index, a practice matches when any of its live versions matches, and counts once:
the search keeps one version per `translation_key` among the matching practices (the one
in the visitor's language, else the original, else the oldest page, as search.indexing
decides) and filters, counts, sorts and pages those.
"""

import functools
import itertools
import operator
from collections import Counter

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db.models import Case, Exists, F, OuterRef, Q, Subquery, Value, When
from wagtail_localize.models import TranslationSource

from practices.models import OrganisationPage, PracticePage
from search.facets import FACETS
from search.indexing import indexable_practices
from search.params import check_page_exists
from search.query_text import FEW_RESULTS, QueryText, required_words
from search.results import YEAR_RANGE, SearchResult, facets_from_counts, relaxations
from search.text import split_elisions

CONFIG = "simple"
RELATIONS = {
    "theme": "theme_items__tag__slug",
    "target_group": "target_groups__slug",
    "pathway_stage": "pathway_stages__slug",
    "funding_programme": "funding_programmes__slug",
}


def searchable_practices():
    """What the index holds: live, public practices of the indexing code."""
    return indexable_practices()


def search_database(params):
    practices = searchable_practices()
    text = params.q.strip()
    if text:
        query = text_query(text, relaxed=few_match(practices, text))
        vector = text_vector()
        matching = practices.annotate(document=vector).filter(document=query)
        best_rank = (
            matching.filter(translation_key=OuterRef("translation_key"))
            .annotate(rank=SearchRank(vector, query)).order_by("-rank").values("rank")[:1]
        )  # the version that matched best ranks the practice, whichever version is shown
        practices = preferred_versions(
            practices.filter(translation_key__in=matching.values("translation_key")), params.lang
        ).annotate(rank=Subquery(best_rank))
    else:
        practices = preferred_versions(practices, params.lang)
    organisations = organisations_by_path()
    filters = selected_filters(params, organisations)
    matching = filtered(practices, filters.values())
    total = matching.count()
    check_page_exists(params, total)
    page = list(
        matching.order_by(*sort_order(params))[params.offset : params.offset + params.page_size]
    )
    totals, counts = {}, {}
    for facet in FACETS:
        others = filtered(practices, [q for name, q in filters.items() if name != facet.name])
        counts[facet.name] = count_values(facet.name, others, organisations)
        totals[facet.name] = others.count() if total == 0 else None
    if params.has_year_range and total == 0:
        totals[YEAR_RANGE] = filtered(
            practices, [q for name, q in filters.items() if name != YEAR_RANGE]
        ).count()
    return SearchResult(
        params=params,
        total=total,
        hits=practice_hits(page, organisations),
        facets=facets_from_counts(params, counts),
        backend="database",
        relaxations=relaxations(params, totals) if total == 0 else [],
    )


MAX_COMBINED_WORDS = 8  # beyond, any word matches: the combinations would be too many


def text_vector():
    return SearchVector("title", "summary", "outcomes", config=CONFIG)


def few_match(practices, text):
    """Whether most of the words (`required_words`) match fewer practices than FEW_RESULTS:
    then any word will do, and the rank puts the practices with more words first."""
    matching = practices.annotate(document=text_vector()).filter(document=text_query(text))
    return matching.values("translation_key").distinct()[:FEW_RESULTS].count() < FEW_RESULTS


def text_query(text, relaxed=False):
    """The query as a tsquery: most of the words (any of them if `relaxed`), every phrase,
    none of the -words."""
    parsed = QueryText.parse(split_elisions(text))
    words = [SearchQuery(word, search_type="plain", config=CONFIG)
             for word in parsed.words.split()]  # fmt: skip
    required = 1 if relaxed or len(words) > MAX_COMBINED_WORDS else required_words(len(words))
    query = None
    for combination in itertools.combinations(words, required):
        term = functools.reduce(operator.and_, combination)
        query = term if query is None else query | term
    for phrase in parsed.phrases:
        term = SearchQuery(phrase, search_type="phrase", config=CONFIG)
        query = term if query is None else query & term
    for word in parsed.excluded:
        term = ~SearchQuery(word, search_type="phrase", config=CONFIG)
        query = term if query is None else query & term
    return query if query is not None else SearchQuery(text, search_type="websearch",
                                                       config=CONFIG)


def preferred_versions(versions, language):
    """One of `versions` per practice: in `language`, else the original, else the oldest."""
    is_original = Exists(TranslationSource.objects.filter(
        object_id=OuterRef("translation_key"), locale_id=OuterRef("locale_id")))  # fmt: skip
    preference = Case(
        When(locale__language_code=language, then=Value(0)),
        When(is_original, then=Value(1)),
        default=Value(2),
    )
    chosen = (
        versions.annotate(preference=preference)
        .order_by("translation_key", "preference", "pk")
        .distinct("translation_key")
        .values("pk")
    )
    return searchable_practices().filter(pk__in=chosen)


def filtered(practices, conditions):
    """`practices` meeting every condition (a Q on PracticePage), each once."""
    for condition in conditions:
        practices = practices.filter(pk__in=PracticePage.objects.filter(condition).values("pk"))
    return practices


def organisations_by_path():
    return {
        organisation.path: organisation
        for organisation in OrganisationPage.objects.live().public().only("path", "slug", "title")
    }


def selected_filters(params, organisations):
    filters = {}
    for name, values in params.filters:
        if name in RELATIONS:
            filters[name] = Q(**{f"{RELATIONS[name]}__in": values})
        elif name == "country":
            filters[name] = any_of(Q(countries__regex=rf"(^|,){code}(,|$)") for code in values)
        elif name == "language":
            filters[name] = Q(original_language__in=values)
        elif name == "organisation":
            parents = [page for page in organisations.values() if page.slug in values]
            filters[name] = any_of(
                Q(path__startswith=parent.path, depth=parent.depth + 1) for parent in parents
            )
    if params.has_year_range:
        filters[YEAR_RANGE] = year_range_condition(params.year_from, params.year_to)
    return filters


def any_of(conditions):
    combined = Q(pk__in=[])
    for condition in conditions:
        combined |= condition
    return combined


def year_range_condition(year_from, year_to):
    condition = Q(start_year__lte=year_to) if year_to else Q(start_year__isnull=False)
    if year_from:
        condition &= Q(end_year__gte=year_from) | Q(end_year__isnull=True)
    return condition


def count_values(name, practices, organisations):
    """{value: number of practices} of one facet among `practices`."""
    if name in RELATIONS:
        values = practices.values_list(RELATIONS[name], flat=True)
        return Counter(value for value in values if value is not None)
    if name == "country":
        return Counter(
            code for codes in practices.values_list("countries", flat=True)
            for code in set(str(codes).split(",")) if code
        )
    if name == "language":
        return Counter(practices.values_list("original_language", flat=True))
    parents = (path[: -PracticePage.steplen] for path in practices.values_list("path", flat=True))
    return Counter(organisations[path].slug for path in parents if path in organisations)


def sort_order(params):
    newest = [F("first_published_at").desc(nulls_last=True), "-pk"]
    if params.sort == "title":
        return ["title", "pk"]
    if params.sort == "newest" or not params.q.strip():
        return newest
    return ["-rank", *newest]


def practice_hits(practices, organisations):
    ids = [practice.pk for practice in practices]
    specifics = PracticePage.objects.filter(pk__in=ids).select_related("locale").prefetch_related(
        "theme_items__tag", "target_groups", "pathway_stages", "funding_programmes"
    )
    by_id = {practice.pk: practice for practice in specifics}
    return [practice_hit(by_id[pk], organisations) for pk in ids]


def practice_hit(practice, organisations):
    organisation = organisations.get(practice.path[: -PracticePage.steplen])
    return {
        "id": practice.pk,
        "source_id": practice.source_id,
        "title": practice.title,
        "url": practice.url,
        "summary": practice.summary,
        "highlight": None,
        "language": practice.original_language,
        "locale": practice.locale.language_code,
        "themes": sorted(item.tag.slug for item in practice.theme_items.all()),
        "countries": [str(code) for code in practice.countries],
        "target_groups": sorted(term.slug for term in practice.target_groups.all()),
        "pathway_stages": sorted(term.slug for term in practice.pathway_stages.all()),
        "funding_programmes": sorted(term.slug for term in practice.funding_programmes.all()),
        "organisation": organisation.slug if organisation else None,
        "organisation_name": organisation.title if organisation else "",
        "start_year": practice.start_year,
        "end_year": practice.end_year,
    }


def suggest_from_database(text, limit, language=None):
    """The practices with a version whose title starts with `text`, each as its version in
    `language` (else its original), as `suggest_titles` answers."""
    completed = searchable_practices().filter(title__istartswith=text.strip())
    versions = searchable_practices().filter(
        translation_key__in=completed.values("translation_key"))
    practices = preferred_versions(versions, language).order_by("title")
    return [{"text": practice.title, "url": practice.url} for practice in practices[:limit]]
