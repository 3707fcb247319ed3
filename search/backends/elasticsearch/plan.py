"""The query planned once per search: its words as each language's chain sees them, their
dictionary and machine translations, and their meaning (an embedding of the words with
their translations into the other languages).

The machine translations and the meaning cost more than the rest of a search (the
embedding most of all: bench/scale.py's first and repeated queries), and the analyses
take a round trip to the node for each language. Each is computed once per
QUERY_CACHE_SECONDS for every web process, in the shared cache (Redis), under the name of
what computed it (the translator, the model, the index's analyzers); a translation that
failed is not kept. A query asked again then goes to the node only for its search and its
page's passages, which the node's request cache answers (search.backends.elasticsearch.
searching).
"""

import hashlib
import logging
from dataclasses import dataclass, field, replace

from django.core.cache import cache

from search.client import get_client
from search.dictionaries import gloss, translate_query
from search.documents import INDEX_VERSION, LANGUAGES, alias_name
from search.embedding_store import MODEL
from search.embeddings import embed_query
from search.query_language import query_language
from search.query_text import MINIMUM_SHOULD_MATCH, QueryText
from search.text import split_elisions
from translation.translators import TranslationError, get_translator

logger = logging.getLogger(__name__)


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
    meaning: list | None = None  # the embedding of the words and their translations
    translations: dict = field(default_factory=dict)  # {language: machine translation}
    minimum_should_match: str = MINIMUM_SHOULD_MATCH
    typos: frozenset = frozenset()  # words no practice contains: forgiven a typing mistake
    any_word: bool = False

    @classmethod
    def of(cls, params):
        text = QueryText.parse(params.q.strip())
        languages = [params.lang] if params.lang in LANGUAGES else []
        detected = query_language(text.words) if text.words else None
        if detected and detected not in languages:
            languages.append(detected)
        analyses = shared(("analyses", INDEX_VERSION, text.words, tuple(languages)),
                          lambda: analyse(text.words, languages))
        if not text.words:
            return cls(text, analyses)
        language = detected or params.lang
        translations = machine_translations(text.words, language)
        meaning = query_embedding(text.words, language, tuple(translations.items()))
        return cls(text, analyses, meaning, translations)

    def relaxed(self, typos, minimum_should_match=MINIMUM_SHOULD_MATCH):
        return replace(self, minimum_should_match=minimum_should_match,
                       typos=frozenset(typos))


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


QUERY_CACHE_SECONDS = 24 * 60 * 60


def shared(key, compute):
    """compute(), or what it gave for the same `key` within QUERY_CACHE_SECONDS in any
    process; a None (a failure) is not kept."""
    name = "search-query:" + hashlib.sha256(repr(key).encode()).hexdigest()
    value = cache.get(name)
    if value is None:
        value = compute()
        if value is not None:
            cache.set(name, value, QUERY_CACHE_SECONDS)
    return value


def machine_translations(words, language):
    """{language: the query's words machine-translated into it} for every site language the
    translator reaches from `language` (none from German); {} when it fails."""
    translator = get_translator()
    key = ("translations", translator.name, words, language)
    return shared(key, lambda: translated_words(translator, words, language)) or {}


def translated_words(translator, words, language):
    translations = {}
    for target in LANGUAGES:
        if translator.supports(language, target):
            try:
                translations[target] = translator.translate([words], language, target)[0]
            except TranslationError as error:
                logger.warning("The query's words stay untranslated: %s", error)
                return None
    return translations


def query_embedding(words, language, translations):
    """The meaning of the words, embedded with their translations into every other
    language (search.embeddings says why): machine translations where the translator
    reaches, word-by-word dictionary glosses elsewhere (German, every language from it)."""
    translated = dict(translations)
    glosses = [gloss(words, language, target) for target in LANGUAGES
               if target != language and target not in translated]  # fmt: skip
    texts = [text for text in [words, *translated.values(), *glosses] if text]
    return shared(("meaning", MODEL, texts), lambda: embed_query(texts))
