"""The public search index of practices: its analyzers, its mapping, its names.

Names
    `<prefix>-practices` is the alias every search reads; it points at one concrete index,
    `<prefix>-practices-v<INDEX_VERSION>` or, after a rebuild,
    `<prefix>-practices-v<INDEX_VERSION>-<timestamp>`. A change to the mapping or the
    analyzers below bumps INDEX_VERSION (then `manage.py search_index rebuild`).

Text fields: one index, a field per analysis
    The node has no language analyzers, no asciifolding and no per-document analyzer, so
    every text of a practice (title, summary, body, outcomes) is stored three ways:

    `title`                 as written: the value to display. Analysed with `kb_neutral`
                            (standard tokenizer, lowercase) and accent-sensitive, so it
                            is for highlighting and display, not for matching.
    `title_neutral`         accent-folded in Python (`search.text.fold_accents`), analysed
                            with `kb_neutral`. Filled for every practice, in every language.
    `title_<lang>`          as written, analysed with `kb_<lang>` (stop words, hunspell
                            stems), lang in LANGUAGE_ANALYZERS (en, fr, de, it, es); filled
                            only in the version whose text is in <lang>: a translation's
                            locale language, an original's original_language.
                            A text in another language has only the first two.

    …and the same for `summary`, `body` (the searchable text of the StreamField, headings,
    paragraphs and captions, HTML removed) and `outcomes`.

    `title_sort` (keyword) is the folded, lowercased title: sort by it ("Été" among the e's;
    a `.sort` sub-field of `title` would sort accented initials after z). `title_sort_<lang>`
    (lang a site language) is the same key of the title a visitor in <lang> sees: the
    <lang> version's, else the original's. It is equal in every version of a practice, so
    that sorting by it keeps a practice's versions together.

    `organisation_name` and `keywords` are names, not prose: analysed with `kb_neutral` as
    written, each with a `.raw` keyword sub-field for aggregations and exact display.

Querying
    `text_fields_for(language)` lists the fields, with boosts, to pass to `multi_match` or
    `simple_query_string`. Best results come from two clauses in a `bool.should`:
    `language_fields_for(language)` with the query as typed, `NEUTRAL_FIELDS` with
    `fold_accents(query)`. A single clause over `text_fields_for(...)` with the folded query
    also works (the neutral fields then carry accent-insensitive matching).

Versions: one document per live page
    Each live version of a practice (the original, and each translation in another locale
    tree) is its own document, `_id` its page id. `translation_key` (keyword) is shared by
    the versions, `locale` is the version's language (of its locale tree), `is_original`
    (boolean) and `translation_state` ("original", "machine", "reviewed") say what it is.
    `represents_practice` is true in exactly one live version of each practice (the
    original, else the oldest live translation): counting those documents counts practices,
    which is how a search without words counts its facets (search/queries.py).
    Practice-level fields (the facets, years, `published_at`: the original's first
    publication) are equal in every version; searches collapse on `translation_key`.
    `original_locale` is the language of the original's tree, and `versions` (stored, not
    indexed) maps each live version's language to its {"id", "url", "title"}, so that a hit
    on any version can link to the visitor's.

Filters and facets (keyword arrays of stable slugs)
    `organisation` (organisation page slug), `theme`, `target_group`, `pathway_stage`,
    `funding_programme` (vocabulary slugs), `country` (ISO 3166 alpha-2, upper-case),
    `language` (ISO 639-1 of the original text).

Other fields
    `id` (page id, also the document `_id`), `source_id`, `url` (site-relative path, not
    indexed), `start_year`, `end_year`, `published_at` (first publication),
    `revision_id` (the live revision indexed, also the document's external `_version`),
    `suggest` (completion: the title and theme labels, as written and folded).
"""

from django.conf import settings
from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
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

INDEX_VERSION = 3

# Language code → (stop word list of the `stop` filter, hunspell locale installed on the node).
LANGUAGE_ANALYZERS = {
    "en": ("_english_", "en_GB"),
    "fr": ("_french_", "fr_FR"),
    "de": ("_german_", "de_DE"),
    "it": ("_italian_", "it_IT"),
    "es": ("_spanish_", "es_ES"),
}

TEXT_FIELDS = {"title": 3, "summary": 2, "body": 1, "outcomes": 1}
NAME_FIELDS = {"organisation_name": 2, "keywords": 2}

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


LANGUAGE_ANALYZER_OBJECTS = {code: language_analyzer(code) for code in LANGUAGE_ANALYZERS}


def _title_sort_mappings():
    return {f"title_sort_{code}": Keyword(normalizer=kb_sort) for code in LANGUAGE_ANALYZERS}


def _text_field_mappings():
    fields = {}
    for name in TEXT_FIELDS:
        fields[name] = Text(analyzer=kb_neutral)
        fields[f"{name}_neutral"] = Text(analyzer=kb_neutral)
        for language, language_analyzer_object in LANGUAGE_ANALYZER_OBJECTS.items():
            fields[f"{name}_{language}"] = Text(analyzer=language_analyzer_object)
    return fields


class PracticeDocument(Document):
    """A live, public practice as the public search sees it."""

    id = Integer()
    revision_id = Integer()
    source_id = Keyword()
    translation_key = Keyword()
    locale = Keyword()
    is_original = Boolean()
    represents_practice = Boolean()
    translation_state = Keyword()
    original_locale = Keyword()
    versions = Object(enabled=False)
    url = Keyword(index=False)
    title_sort = Keyword(normalizer=kb_sort)
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

    # The 28 text fields (4 texts × neutral, as written and 5 languages) follow one pattern.
    locals().update(_text_field_mappings())
    locals().update(_title_sort_mappings())


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
    )
    index.document(PracticeDocument)
    return index


def neutral_fields():
    """The accent-folded fields, with boosts: query them with `fold_accents(query)`."""
    return [f"{name}_neutral^{boost}" for name, boost in TEXT_FIELDS.items()]


NEUTRAL_FIELDS = neutral_fields()


def language_fields_for(language):
    """The fields to query with the text as typed: `language`'s stemmed fields and names.

    `language` None (or one without an analyzer) gives the stemmed fields of every language.
    """
    languages = [language] if language in LANGUAGE_ANALYZERS else list(LANGUAGE_ANALYZERS)
    stemmed = [
        f"{name}_{code}^{boost}" for name, boost in TEXT_FIELDS.items() for code in languages
    ]
    return stemmed + [f"{name}^{boost}" for name, boost in NAME_FIELDS.items()]


def text_fields_for(language=None):
    """Every field, with boosts (title ×3), a full-text query should search.

    `language` is the language of the query (usually the interface language); practices
    written in another language still match through their `_neutral` fields.
    """
    return language_fields_for(language) + NEUTRAL_FIELDS
