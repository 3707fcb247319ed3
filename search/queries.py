"""Practice search on Elasticsearch: validated parameters in, results with facet counts out.

    result = search_practices(params)   # SearchResult; from PostgreSQL if Elasticsearch is down

Selected facet values and the year range go into `post_filter`; each facet is counted by its own
filtered aggregation carrying every filter but its own, so that a visitor sees how many results
each further choice would give. Several values of one facet combine with OR, facets with AND.
A practice is one document (search/documents.py): every total and count is a document count.

Ranking across languages (`text_query`)
    The words are analysed in the interface language (`params.lang`) and, when the query
    is clearly in another site language (search.query_language), in that one too. Each
    analysis is matched on that language's fields (the version in that language: written,
    reviewed or machine-translated; the last weigh less) as one field (`cross_fields`),
    most words required (MINIMUM_SHOULD_MATCH), phrase proximity ranking higher; and on the
    dictionary gloss of practices that have no version in it. The words are also looked up
    in the FreeDict dictionaries (search.dictionaries) and matched, weaker, on every other
    language's fields; and, accent-folded, on the neutral fields that hold every version.
    The words are also machine-translated (Apertium) into the other languages it reaches.
    The clauses combine in a `dis_max` with a small tie-breaker, so that a practice is not
    favoured for having more translations. When most words find fewer practices than a
    page (FEW_RESULTS), practices with any one of the words follow, weighing less.
    "Quoted phrases" are required word for word and -words excluded, on the neutral
    fields (accents folded). Among the practices the words match, those nearest the
    query's meaning (sentence embeddings of its English words and of each practice's
    English title and summary, search.embeddings) rank higher.

Typing mistakes
    The first request also asks which words no practice contains (a term suggester). When
    some are unknown, or nothing was found, plain words are matched again forgiving a
    typing mistake or two: fuzzy matching costs several times an exact search, and a query
    whose words all exist needs no correction. If still nothing is found, fewer words are
    required, then a spelling ("did you mean") and the filters to drop are offered.

Hits
    The title, summary and link of a hit are those of the practice's version in the
    visitor's language, else of its original; the highlighted passage comes from the
    version that matched, in the visitor's language when it matched there.
"""

import logging
import re
from dataclasses import dataclass, field, replace
from functools import lru_cache

from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import A, Q, Search

from search.client import get_client
from search.database import search_database, suggest_from_database
from search.dictionaries import gloss, translate_query
from search.documents import (
    LANGUAGES,
    alias_name,
    highlight_fields,
    language_fields,
    name_fields,
    neutral_fields,
)
from search.embeddings import embed
from search.facets import FACETS, FACETS_BY_NAME
from search.params import check_page_exists
from search.query_language import query_language
from search.query_text import FEW_RESULTS, MINIMUM_SHOULD_MATCH, QueryText
from search.results import YEAR_RANGE, SearchResult, facets_from_counts, relaxations
from search.text import fold_accents, split_elisions, word_prefixes

logger = logging.getLogger(__name__)

# Most words are required (after stop words); any word when that finds nothing.
RELAXED_MINIMUM_SHOULD_MATCH = "1"
TIE_BREAKER = 0.1
# Weights of the clauses against the words as typed in the language of their version.
MACHINE_WEIGHT = 0.75  # a machine translation's text, against an original or reviewed one
GLOSS_WEIGHT = 0.45  # the word-by-word gloss of a practice with no version in the language
TRANSLATED_WORDS_WEIGHT = 0.5  # the query's words translated by the dictionaries
MACHINE_TRANSLATED_WORDS_WEIGHT = 0.6  # the query machine-translated (Apertium)
NEUTRAL_WEIGHT = 0.4  # accent-folded words on every version's text
TYPO_WEIGHT = 0.3  # the same, forgiving typing mistakes
PREFIX_WEIGHT = 0.3  # the words' first letters on every version's (search.text.word_prefixes)
PHRASE_SLOP = 3
ANY_WORD_WEIGHT = 0.25  # any one word, when most words find few practices (FEW_RESULTS)
# Matching by meaning (search.embeddings): the nearest practices to the query's English
# words, above a cosine similarity, add KNN_WEIGHT × (1 + cosine) / 2 to their score.
KNN_WEIGHT = 16.0
KNN_MINIMUM_SIMILARITY = 0.35
KNN_CANDIDATES = 100
KNN_NEIGHBOURS = 10
SOURCE_FIELDS = [
    "translation_key", "versions", "original_locale", "source_id", "url", "language", "theme",
    "country", "target_group", "pathway_stage", "funding_programme", "organisation",
    "organisation_name", "start_year", "end_year",
]  # fmt: skip
SUGGEST_FIELD = "words"
PASSAGE_LENGTH = 180


@dataclass(frozen=True)
class Analysis:
    """The query's words as one language's chain and dictionaries see them."""

    language: str
    text: str  # the words, elisions split off
    terms: list  # the words the chain keeps (no stop words), lower case, as typed
    translations: dict  # {other language: [translations of each term that has some]}


@dataclass(frozen=True)
class QueryPlan:
    """Everything `text_query` needs, computed once per search."""

    text: QueryText
    analyses: list  # Analysis, interface language first
    meaning: list | None = None  # the embedding of the words in English
    translations: dict = field(default_factory=dict)  # {language: machine translation}
    minimum_should_match: str = MINIMUM_SHOULD_MATCH
    typo_tolerant: bool = False
    any_word: bool = False

    @classmethod
    def of(cls, params):
        text = QueryText.parse(params.q.strip())
        languages = [params.lang] if params.lang in LANGUAGES else []
        detected = query_language(text.words) if text.words else None
        if detected and detected not in languages:
            languages.append(detected)
        analyses = analyse(text.words, languages)
        if not text.words:
            return cls(text, analyses)
        language = detected or params.lang
        translations = machine_translations(text.words, language)
        meaning = query_embedding(english_words(text.words, language, translations))
        return cls(text, analyses, meaning, translations)

    def relaxed(self, typo_tolerant=True, minimum_should_match=MINIMUM_SHOULD_MATCH):
        return replace(self, minimum_should_match=minimum_should_match,
                       typo_tolerant=typo_tolerant)


def analyse(words, languages):
    """`words` analysed by each language's chain on the node, and translated word by word."""
    text = split_elisions(words)
    if not text:
        return [Analysis(language, text, [], {}) for language in languages]
    tokens = analysed_tokens(text, "kb_neutral")
    analyses = []
    for language in languages:
        # The words the chain keeps, as typed (lower case): the dictionaries know
        # headwords, and the chain's stems are often not words.
        kept = {token["position"] for token in analysed_tokens(text, f"kb_{language}")}
        terms = [token["token"] for token in tokens if token["position"] in kept]
        others = [code for code in LANGUAGES if code != language]
        analyses.append(Analysis(language, text, terms, translate_query(terms, language, others)))
    return analyses


def analysed_tokens(text, analyzer):
    return get_client().indices.analyze(index=alias_name(), analyzer=analyzer, text=text)["tokens"]


@lru_cache(maxsize=2048)
def machine_translations(words, language):
    """{language: the query's words machine-translated into it} for every site language the
    translator reaches from `language` (none from German); {} when it fails."""
    from translation.translators import TranslationError, get_translator

    translator = get_translator()
    translations = {}
    for target in LANGUAGES:
        if translator.supports(language, target):
            try:
                translations[target] = translator.translate([words], language, target)[0]
            except TranslationError as error:
                logger.warning("The query's words stay untranslated: %s", error)
                return {}
    return translations


@lru_cache(maxsize=2048)
def query_embedding(english_words):
    return embed([english_words])[0]


def english_words(words, language, translations):
    """The query's words in English: as typed, machine-translated, or glossed when no
    translator can (German)."""
    if language == "en":
        return words
    return translations.get("en") or gloss(words, language, "en") or words


def search_practices(params):
    """Answer `params` from Elasticsearch, or from PostgreSQL when Elasticsearch fails."""
    try:
        return search_index(params)
    except TransportError as error:
        logger.warning("Elasticsearch is unreachable, searching the database: %s", error)
    except ApiError:
        logger.exception("Elasticsearch refused a search, searching the database")
    return search_database(params)


def search_index(params):
    plan = QueryPlan.of(params)
    response = run_search(build_search(params, plan, suggest=True))
    unknown = unknown_words(response)
    if plan.text.is_plain and (unknown or total_of(response) == 0):
        retried = run_search(build_search(params, plan.relaxed()))
        if total_of(retried) >= total_of(response):
            response, plan = retried, plan.relaxed()
    if plan.text.is_plain and 0 < total_of(response) < FEW_RESULTS:
        response = run_search(build_search(params, replace(plan, any_word=True)))
    if plan.text.is_plain and total_of(response) == 0:
        response = run_search(build_search(params, plan.relaxed(
            minimum_should_match=RELAXED_MINIMUM_SHOULD_MATCH)))
    total = total_of(response)
    aggregations = response["aggregations"]
    check_page_exists(params, total)
    return SearchResult(
        params=params,
        total=total,
        hits=[hit_fields(hit, params.lang) for hit in response["hits"]["hits"]],
        facets=facets_from_counts(params, facet_counts(aggregations)),
        backend="elasticsearch",
        suggestion=suggestion(params, unknown) if total == 0 else None,
        relaxations=relaxations(params, filter_totals(aggregations)) if total == 0 else [],
    )


def run_search(search):
    # The body is built with elasticsearch.dsl; the answer is read as plain dicts (wrapping
    # it in dsl objects costs more than the rest of the request's Python).
    return get_client().search(index=alias_name(), body=search.to_dict())


def total_of(response):
    return response["hits"]["total"]["value"]


def build_search(params, plan, suggest=False):
    """The Elasticsearch search for `params`: text query, filters, facets, sort and page.

    `suggest` also asks which of the words no practice contains (see above)."""
    search = Search(using=get_client(), index=alias_name()).query(text_query(plan))
    filters = selected_filters(params)
    if filters:
        search = search.post_filter("bool", filter=list(filters.values()))
    for facet in FACETS:
        search.aggs.bucket(facet.name, filtered_terms(facet, filters))
    if params.has_year_range:
        others = [query for name, query in filters.items() if name != YEAR_RANGE]
        search.aggs.bucket(YEAR_RANGE, A("filter", Q("bool", filter=others)))
    search = search.sort(*sort_order(params)).source(SOURCE_FIELDS).extra(
        from_=params.offset, size=params.page_size, track_total_hits=True)
    if plan.meaning is not None:
        search = search.extra(knn=nearest_practices(params, plan))
    if suggest and plan.text.is_plain:
        search = add_suggestions(search, plan.text.words)
    if not plan.text.is_empty:
        search = add_highlight(search)
    return search


def nearest_practices(params, plan):
    """Among the practices the words match, those nearest the query's meaning, enough for
    the page asked for: meaning ranks what the words find, and never adds to it, so that
    totals and counts stay those of the words."""
    return {
        "field": "embedding", "query_vector": plan.meaning,
        "k": max(KNN_NEIGHBOURS, params.offset + params.page_size),
        "num_candidates": max(KNN_CANDIDATES, params.offset + params.page_size),
        "similarity": KNN_MINIMUM_SIMILARITY, "boost": KNN_WEIGHT,
        "filter": text_query(plan).to_dict(),
    }  # fmt: skip


def text_query(plan):
    """The scored query of `plan`: its words, phrases and exclusions (see above)."""
    text = plan.text
    must = [word_query(plan)] if text.words else []
    must += [Q("multi_match", query=fold_accents(phrase), type="phrase", fields=neutral_fields())
             for phrase in text.phrases]  # fmt: skip
    must_not = [Q("multi_match", query=fold_accents(word), type="phrase",
                  fields=neutral_fields() + name_fields()) for word in text.excluded]  # fmt: skip
    if not must:
        must = [Q("match_all")]
    return Q("bool", must=must, must_not=must_not)


def word_query(plan):
    """The plain words, in every language a practice may have them in: one `dis_max`."""
    clauses = []
    analysed = {item.language for item in plan.analyses}
    for item in plan.analyses:
        clauses.append(language_clause(item.language, item.text, plan.minimum_should_match))
        clauses.append(gloss_clause(item.language, item.text, plan.minimum_should_match))
        for target, groups in item.translations.items():
            if target not in analysed:
                clauses.append(translated_clause(target, groups))
    for target, translated in plan.translations.items():
        if target not in analysed:
            clauses.append(language_clause(target, split_elisions(translated),
                                           plan.minimum_should_match,
                                           boost=MACHINE_TRANSLATED_WORDS_WEIGHT))
    folded = fold_accents(plan.text.words)
    if plan.any_word:
        clauses += any_word_clauses(plan, folded)
    clauses.append(Q("multi_match", query=folded, type="cross_fields", operator="or",
                     fields=neutral_fields() + name_fields(), boost=NEUTRAL_WEIGHT,
                     minimum_should_match=plan.minimum_should_match))  # fmt: skip
    clauses.append(Q("match", prefixes={
        "query": word_prefixes(plan.text.words), "operator": "or", "boost": PREFIX_WEIGHT,
        "minimum_should_match": plan.minimum_should_match}))  # fmt: skip
    if plan.typo_tolerant:
        clauses.append(Q("multi_match", query=folded, fields=neutral_fields(), operator="or",
                         fuzziness="AUTO", prefix_length=1, boost=TYPO_WEIGHT,
                         minimum_should_match=plan.minimum_should_match))  # fmt: skip
    return Q("dis_max", queries=clauses, tie_breaker=TIE_BREAKER)


def any_word_clauses(plan, folded):
    """Any one of the words, in the query's languages and on every version's text."""
    clauses = [language_clause(item.language, item.text, "1", boost=ANY_WORD_WEIGHT)
               for item in plan.analyses]  # fmt: skip
    clauses.append(Q("multi_match", query=folded, type="cross_fields", operator="or",
                     fields=neutral_fields() + name_fields(), boost=ANY_WORD_WEIGHT,
                     minimum_should_match="1"))  # fmt: skip
    return clauses


def language_clause(language, text, minimum_should_match, boost=1.0):
    """`text` on the fields of `language`'s version, as one field, phrases ranking higher;
    a machine translation's text weighs less than an original or a reviewed one."""
    fields = language_fields(language)
    matched = Q("multi_match", query=text, type="cross_fields", operator="or", fields=fields,
                minimum_should_match=minimum_should_match)  # fmt: skip
    near = Q("multi_match", query=text, type="phrase", slop=PHRASE_SLOP, fields=fields)
    return Q("boosting", positive=Q("bool", must=[matched], should=[near]),
             negative=Q("term", machine_locales=language), negative_boost=MACHINE_WEIGHT,
             boost=boost)


def gloss_clause(language, text, minimum_should_match):
    return Q("match", **{f"gloss_{language}": {
        "query": text, "operator": "or", "minimum_should_match": minimum_should_match,
        "boost": GLOSS_WEIGHT}})  # fmt: skip


def translated_clause(language, groups):
    """The dictionary translations of the words on `language`'s fields: any translation of
    a word matches it, and most words must match."""
    fields = language_fields(language)
    words = [Q("multi_match", query=" ".join(group), fields=fields, operator="or")
             for group in groups]  # fmt: skip
    required = max(1, len(groups) - len(groups) // 3)
    matched = Q("bool", should=words, minimum_should_match=required)
    return Q("boosting", positive=matched, negative=Q("term", machine_locales=language),
             negative_boost=MACHINE_WEIGHT, boost=TRANSLATED_WORDS_WEIGHT)


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


def filtered_terms(facet, filters):
    """The facet's values among the practices passing every filter but its own, each
    counted and listed by that count."""
    others = [query for name, query in filters.items() if name != facet.name]
    aggregation = A("filter", Q("bool", filter=others))
    aggregation.bucket("values", "terms", field=facet.field, size=facet.size,
                       order=[{"_count": "desc"}, {"_key": "asc"}])  # fmt: skip
    return aggregation


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


def hit_fields(hit, language):
    """The API's fields of a hit (a dict of the search response): the id, title, summary
    and URL of the practice's version in `language`, else of its original; the passage of
    the version that matched."""
    source = hit.get("_source", {})
    versions = source.get("versions") or {}
    shown_language = shown_version_language(versions, language, source.get("original_locale"))
    shown = versions.get(shown_language, {})
    return {
        "id": shown.get("id"),
        "source_id": source.get("source_id") or "",
        "title": shown.get("title", ""),
        "url": shown.get("url") or source.get("url") or "",
        "summary": shown.get("summary", ""),
        "highlight": passage(hit.get("highlight") or {}, versions, language, shown_language),
        "language": source.get("language"),
        "locale": shown_language,
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


def shown_version_language(versions, language, original_language):
    """The language of the version a visitor in `language` is shown."""
    for candidate in (language, original_language):
        if candidate in versions:
            return candidate
    return next(iter(sorted(versions)), None)


def passage(highlight, versions, language, shown_language):
    """The best passage: where words matched, in the visitor's language first, then in the
    version shown, then in any other version; without a match, the shown summary's start."""
    order = [language, shown_language, *sorted(versions)]
    locales = [code for index, code in enumerate(order)
               if code in versions and code not in order[:index]]  # fmt: skip
    # A version's text is in the fields of its text's language (an original written in
    # German in the English tree is in `summary_de`).
    languages = [versions[code].get("language", code) for code in locales]
    for code in languages:
        for name in ("summary", "body", "outcomes"):
            fragments = highlight.get(f"{name}_{code}") or []
            if fragments and "<mark>" in fragments[0]:
                return fragments[0]
    for code in languages:
        fragments = highlight.get(f"summary_{code}") or []
        if fragments:
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
            str(bucket["key"]): bucket["doc_count"]
            for bucket in aggregations[facet.name]["values"]["buckets"]
        }
        for facet in FACETS
    }


def filter_totals(aggregations):
    """{facet name or YEAR_RANGE: the total if that filter were removed}."""
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


def suggest_titles(text, limit=10, language=None):
    """Completions for the query box: [{"text", "url"}], one per practice whose title in
    any language starts with `text`, each the title and link of its version in `language`
    (else of its original); from the index or the database."""
    try:
        search = Search(using=get_client(), index=alias_name()).source(
            ["versions", "url", "original_locale"])
        search = search.suggest("titles", text, completion={
            "field": "suggest", "size": limit * len(LANGUAGES), "skip_duplicates": True})
        response = search.extra(size=0).execute().to_dict()
        options = response["suggest"]["titles"][0]["options"]
        return completions(options, language)[:limit]
    except (TransportError, ApiError) as error:
        logger.warning("Suggestions from the database: %s", error)
    return suggest_from_database(text, limit, language)


def completions(options, language):
    """Each completed practice once, as its version a visitor in `language` is shown."""
    found, seen = [], set()
    for option in options:
        if option["_id"] in seen:
            continue
        seen.add(option["_id"])
        source = option.get("_source", {})
        versions = source.get("versions") or {}
        shown = versions.get(shown_version_language(
            versions, language, source.get("original_locale")), {})
        found.append({"text": shown.get("title") or option["text"],
                      "url": shown.get("url") or completion_url(option)})
    return found


def completion_url(option):
    """The link of the version whose title was completed, else of the original."""
    source = option.get("_source", {})
    for version in (source.get("versions") or {}).values():
        if version.get("title") == option["text"]:
            return version.get("url") or source.get("url", "")
    return source.get("url", "")
