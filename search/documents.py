"""The public search index of practices: its analyzers, its mapping, its names.

Names
    `<prefix>-practices` is the alias every search reads; it points at one concrete index,
    `<prefix>-practices-v<INDEX_VERSION>` or, after a rebuild,
    `<prefix>-practices-v<INDEX_VERSION>-<timestamp>`. A change to the mapping or the
    analyzers below bumps INDEX_VERSION (then `manage.py search_index rebuild`).

One document per practice
    A practice (its original and every translation: the pages sharing a `translation_key`)
    is one document, `_id` its translation key, so that every total and facet count is a
    plain document count, exact at any size. The facets, years and `published_at` (the
    original's first publication) are the practice's, read from its original.

Text fields: one field per language, and what no chain reaches
    The node has no language analyzers, no asciifolding, no elision filter and no
    per-document analyzer, so each text (title, summary, body, outcomes) is stored as:

    `title_<lang>`          the live version in <lang>'s text, analysed with `kb_<lang>`
                            (stop words, hunspell stems), lang in LANGUAGE_ANALYZERS (en,
                            fr, de, it, es). Elided articles are split off in Python
                            (`search.text.split_elisions`) before the text reaches the node.
    `title_neutral`         every live version's text, accent-folded in Python, analysed
                            with `kb_neutral` (standard tokenizer, lowercase): matches a
                            query typed without accents, and a text in a language that has
                            no chain of its own.
    `gloss_<lang>`          for matching only, never displayed: a word-by-word dictionary
                            gloss (search.dictionaries) into <lang> of the original, when
                            the practice has no live version in <lang> (German practices,
                            which no machine translator reaches; any practice whose
                            translation is not made yet). Title, summary, body and outcomes
                            in one field, analysed with `kb_<lang>`.

    `prefixes` holds the first letters of every word of every version and of the names
    (`search.text.word_prefixes`): weak evidence that reaches across inflections and the
    cognates the five languages share ("formation", "formazione", "formación").
    `embedding` is what the practice is about, as a multilingual sentence embedding
    (search.embeddings) of its original's title and summary: the query's meaning is matched
    against it (k nearest neighbours).
    `words` (filled by `copy_to` from the neutral fields) is every word of every version:
    the term suggester tells from it which words of a query no practice contains.

    `title_sort_<lang>` (keyword) is the folded, lowercased title a visitor in <lang> sees
    (the <lang> version's, else the original's): sort by it ("Été" among the e's).
    `organisation_name` and `keywords` are names, not prose: analysed with `kb_neutral` as
    written, each with a `.raw` keyword sub-field for aggregations and exact display.

Versions
    `versions` (stored, not indexed) maps each live version's locale to its {"id", "url",
    "title", "summary", "state", "language"}: a hit links the visitor to their language's
    version. `language` is that of its text (an original written in German may sit in the
    English tree); `state` is "original", "machine" or "reviewed". `machine_locales` lists
    the locales whose text is a machine translation (they weigh less in ranking),
    `glossed_locales` those that have a gloss. `page_ids` are the live versions' page ids,
    `original_id` and `original_locale` the original's page id and locale tree.

Filters and facets (keyword arrays of stable slugs)
    `organisation` (organisation page slug), `theme`, `target_group`, `pathway_stage`,
    `funding_programme` (vocabulary slugs), `country` (ISO 3166 alpha-2, upper-case),
    `language` (ISO 639-1 of the original text).

Writes
    The external `_version` of a document is the database clock (microseconds) when its
    data was read, so that of two writes of one practice the one that read later wins
    (search/indexing.py). `fingerprint` (stored, not indexed) sums up the live state the
    document was built from (each live version's page id, live revision and translation
    state): reconciliation compares it with the database's to find stale documents.

Other fields
    `source_id`, `url` (the original's site-relative path, not indexed), `start_year`,
    `end_year`, `published_at`, `suggest` (completion: every version's title and the theme
    labels, as written and folded).
"""

from django.conf import settings
from elasticsearch.dsl import (
    Completion,
    Date,
    DenseVector,
    Document,
    Index,
    Integer,
    Keyword,
    Object,
    Text,
    analyzer,
    normalizer,
    token_filter,
)

from .embeddings import DIMENSIONS

INDEX_VERSION = 6
# Set explicitly: without a refresh_interval, a shard no search has reached for 30 s stops
# refreshing, and the first search after a publication waits for the refresh (bench/tuning.py
# measured 51 ms for that search, 29 ms with the interval set).
REFRESH_INTERVAL = "1s"

# Language code → (stop word list of the `stop` filter, hunspell locale installed on the node).
LANGUAGE_ANALYZERS = {
    "en": ("_english_", "en_GB"),
    "fr": ("_french_", "fr_FR"),
    "de": ("_german_", "de_DE"),
    "it": ("_italian_", "it_IT"),
    "es": ("_spanish_", "es_ES"),
}
LANGUAGES = tuple(LANGUAGE_ANALYZERS)

TEXT_FIELDS = {"title": 3, "summary": 2, "body": 1, "outcomes": 1}
NAME_FIELDS = {"organisation_name": 2, "keywords": 2}

# The fields passages come from (`highlight_fields`) keep their words' offsets: the
# highlighter reads them instead of analysing each passage's text again with hunspell
# (bench/scale.py, 10,000 practices: the page's request median 110 ms without, 30 ms with).
PASSAGE_TEXTS = ("summary", "body", "outcomes")

kb_neutral = analyzer("kb_neutral", tokenizer="standard", filter=["lowercase"])
kb_sort = normalizer("kb_sort", filter=["lowercase"])


def language_analyzer(language):
    stopwords, locale = LANGUAGE_ANALYZERS[language]
    return analyzer(
        f"kb_{language}",
        tokenizer="standard",
        filter=[
            "lowercase",
            token_filter(f"kb_{language}_stop", "stop", stopwords=stopwords),
            token_filter(f"kb_{language}_stem", "hunspell", locale=locale, dedup=True),
        ],
    )


LANGUAGE_ANALYZER_OBJECTS = {code: language_analyzer(code) for code in LANGUAGES}


def _language_field_mappings():
    fields = {}
    for language, language_analyzer_object in LANGUAGE_ANALYZER_OBJECTS.items():
        for name in TEXT_FIELDS:
            offsets = {"index_options": "offsets"} if name in PASSAGE_TEXTS else {}
            fields[f"{name}_{language}"] = Text(analyzer=language_analyzer_object, **offsets)
        fields[f"gloss_{language}"] = Text(analyzer=language_analyzer_object)
        fields[f"title_sort_{language}"] = Keyword(normalizer=kb_sort)
    for name in TEXT_FIELDS:
        fields[f"{name}_neutral"] = Text(analyzer=kb_neutral, copy_to="words")
    return fields


class PracticeDocument(Document):
    """A live, public practice, every language version of it, as the public search sees it."""

    translation_key = Keyword()
    page_ids = Integer(multi=True)
    original_id = Integer()
    original_locale = Keyword()
    machine_locales = Keyword(multi=True)
    glossed_locales = Keyword(multi=True)
    versions = Object(enabled=False)
    fingerprint = Keyword(index=False, doc_values=False)
    source_id = Keyword()
    url = Keyword(index=False)
    organisation = Keyword()
    organisation_name = Text(analyzer=kb_neutral, fields={"raw": Keyword()})
    keywords = Text(analyzer=kb_neutral, fields={"raw": Keyword()})
    theme = Keyword(multi=True)
    country = Keyword(multi=True)
    target_group = Keyword(multi=True)
    pathway_stage = Keyword(multi=True)
    funding_programme = Keyword(multi=True)
    language = Keyword()
    start_year = Integer()
    end_year = Integer()
    published_at = Date()
    suggest = Completion(analyzer=kb_neutral)
    words = Text(analyzer=kb_neutral)
    prefixes = Text(analyzer=kb_neutral)
    embedding = DenseVector(dims=DIMENSIONS, similarity="cosine",
                            index_options={"type": "int8_hnsw"})
    # 4 texts × 5 languages, 5 glosses, 5 sort keys and 4 neutral texts follow one pattern.
    locals().update(_language_field_mappings())


def alias_name():
    """The name every search reads: `<prefix>-practices`."""
    return f"{settings.ELASTICSEARCH_INDEX_PREFIX}-practices"


def versioned_index_name(suffix=""):
    """A concrete index name: `<prefix>-practices-v1`, or `…-v1-<suffix>` for a rebuild."""
    name = f"{alias_name()}-v{INDEX_VERSION}"
    return f"{name}-{suffix}" if suffix else name


def practice_index(name):
    """The elasticsearch.dsl Index `name` with our settings, analyzers and mapping."""
    index = Index(name)
    index.settings(
        number_of_shards=settings.ELASTICSEARCH_INDEX_SHARDS,
        number_of_replicas=settings.ELASTICSEARCH_INDEX_REPLICAS,
        refresh_interval=REFRESH_INTERVAL,
    )
    index.document(PracticeDocument)
    return index


def language_fields(language):
    """The fields, with boosts, of the text of `language`'s version of a practice."""
    return [f"{name}_{language}^{boost}" for name, boost in TEXT_FIELDS.items()]


def neutral_fields():
    """The accent-folded fields, with boosts: query them with `fold_accents(query)`."""
    return [f"{name}_neutral^{boost}" for name, boost in TEXT_FIELDS.items()]


def name_fields():
    return [f"{name}^{boost}" for name, boost in NAME_FIELDS.items()]


def highlight_fields():
    """The fields a passage is taken from, in every language, best first."""
    return [f"{name}_{language}" for name in PASSAGE_TEXTS for language in LANGUAGES]
