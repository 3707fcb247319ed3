"""What the public search index holds for a practice, and which practices it holds.

`indexable_practices()` is the one definition of "publicly visible practice version" the
index, the tasks and reconciliation share; `practice_sources()` is the one function that
turns practices into the documents the index stores (field by field as described in
search/documents.py), whether it is one practice for a task or every practice for a rebuild.

A practice is the set of live pages sharing a `translation_key` (its original and each
translation, each a page of its own locale tree), and is one document. A chunk of practices
is read with a handful of set-based queries (their versions' columns, their parent
organisations, their themes, keywords and terms, the translation sources and states) and
built into plain dicts: the vocabularies are read once, and URLs are computed from
`url_path` and the site root paths, so building a document costs no query and no model
instance.

Each document is written with the database's clock at the moment its data was read as
its external version: of two jobs writing one practice, the one that read later wins,
whatever order they write in; and every change commits before the job it queues reads.
"""

from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import quote

from django.db import connection
from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page, Site

from practices.models import (
    OrganisationPage,
    PracticeKeyword,
    PracticePage,
    PracticeTheme,
    Theme,
)
from practices.versions import pick_original, source_languages
from translation.models import TranslationState
from translation.states import version_state

from .dictionaries import gloss
from .documents import LANGUAGES, TEXT_FIELDS
from .embedding_store import passage_vectors
from .facets import TERM_FACETS
from .text import fold_accents, sort_key, word_prefixes

DB_CHUNK_SIZE = 500  # practices per chunk

# The page columns a document is made of.
PAGE_FIELDS = (
    "pk", "path", "url_path", "title", "summary", "body", "outcomes", "countries",
    "original_language", "source_id", "start_year", "end_year", "first_published_at",
    "live_revision_id", "translation_key", "locale__language_code",
)  # fmt: skip


# What `reverse` leaves unquoted in a path (django.urls.resolvers).
URL_SAFE = RFC3986_SUBDELIMS + "/~:@"


def indexable_practices():
    """Live practices nobody needs a login or password to see, with all they display.

    Each carries `organisation_slug` and `organisation_name` (its parent organisation's,
    None for a practice outside one), so that listing them makes no query per page.
    """
    parent = OrganisationPage.objects.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Page.steplen)
    )
    return (
        PracticePage.objects.live()
        .public()
        .select_related("locale")
        .prefetch_related(
            Prefetch("theme_items", queryset=PracticeTheme.objects.select_related("tag")),
            Prefetch("keyword_items", queryset=PracticeKeyword.objects.select_related("tag")),
            "target_groups",
            "pathway_stages",
            "funding_programmes",
        )
        .annotate(
            organisation_slug=Subquery(parent.values("slug")[:1]),
            organisation_name=Subquery(parent.values("title")[:1]),
        )
        .order_by("pk")
    )


@dataclass
class PracticeSource:
    """One practice as the index stores it: `source` is the document body, `id` its
    translation key, `version` the database clock when it was read (microseconds)."""

    id: str
    version: int
    source: dict


def practice_sources(practices=None, chunk_size=DB_CHUNK_SIZE, with_embeddings=True):
    """The documents of the practices with a version in `practices` (a queryset of
    `indexable_practices()`, default all), by translation key; without their `embedding`
    if not `with_embeddings` (the PostgreSQL search table has no use for it)."""
    practices = indexable_practices() if practices is None else practices
    keys = practices.prefetch_related(None).order_by("translation_key").values_list(
        "translation_key", flat=True).distinct()  # fmt: skip
    builder = DocumentBuilder(with_embeddings)
    last = None
    while True:
        chunk = keys.filter(translation_key__gt=last) if last else keys
        chunk = list(chunk[:chunk_size])
        if not chunk:
            return
        yield from builder.build(chunk)
        last = chunk[-1]


def practice_source(translation_key):
    """The document of the practice `translation_key`, or None if no version is indexable."""
    return next(DocumentBuilder().build([translation_key]), None)


def database_clock():
    """Now, by the database's clock, in microseconds: the version of what is read next."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT (EXTRACT(EPOCH FROM clock_timestamp()) * 1000000)::bigint")
        return cursor.fetchone()[0]


# The revision a fingerprint names for a live page that has none (one created in code, as
# the migrations' and some factories' pages are).
REVISION_OF_A_PAGE_WITHOUT_ONE = 1


def fingerprint(versions):
    """What a document was built from: (page id, live revision, state) of each version."""
    return ",".join(
        f"{pk}:{revision or REVISION_OF_A_PAGE_WITHOUT_ONE}:{state}"
        for pk, revision, state in sorted(versions)
    )


def live_fingerprints():
    """{translation key: fingerprint} of every practice with an indexable version, and the
    number of versions: what the index should hold, read in three queries."""
    rows = list(indexable_practices().prefetch_related(None).order_by("pk").values(
        "pk", "live_revision_id", "translation_key", "locale__language_code"))  # fmt: skip
    sources = source_languages()
    states = grouped((key, (language, state)) for key, language, state in
                     TranslationState.objects.values_list(
                         "translation_key", "locale__language_code", "state"))  # fmt: skip
    fingerprints = {}
    for key, versions in grouped((row["translation_key"], row) for row in rows).items():
        practice = Practice.of(versions, sources.get(key), dict(states.get(key, ())))
        fingerprints[str(key)] = fingerprint(
            (v["pk"], v["live_revision_id"], practice.state(v)) for v in versions)
    return fingerprints, len(rows)


def body_text(body):
    """The words of a body: headings, paragraphs without HTML, quotes and captions."""
    return "\n".join(text for text in body.stream_block.get_searchable_content(body) if text)


def grouped(pairs):
    """{key: [values, in order]} from (key, value) pairs."""
    groups = {}
    for key, value in pairs:
        groups.setdefault(key, []).append(value)
    return groups


class DocumentBuilder:
    """Builds the documents of chunks of pages; vocabularies and site roots are read once."""

    def __init__(self, with_embeddings=True):
        self.with_embeddings = with_embeddings

    @cached_property
    def themes(self):
        return {theme.pk: theme for theme in Theme.objects.all()}

    @cached_property
    def terms(self):
        """{document field: {term id: (ordering key, slug)}}, terms in their model's order."""
        return {
            facet.field: {
                pk: (position, slug)
                for position, (pk, slug) in enumerate(
                    facet.vocabulary.objects.values_list("pk", "slug")
                )
            }
            for facet in TERM_FACETS
        }

    @cached_property
    def site_root_paths(self):
        return Site.get_site_root_paths()

    def theme(self, pk):
        if pk not in self.themes:  # created since the builder read them
            del self.themes
        return self.themes[pk]

    def term(self, name, pk):
        if pk not in self.terms[name]:
            del self.terms
        return self.terms[name][pk]

    def build(self, keys):
        """The PracticeSource of each practice in `keys` that has an indexable version."""
        version = database_clock()
        rows = list(indexable_practices().filter(translation_key__in=keys)
                    .prefetch_related(None).order_by("pk").values(*PAGE_FIELDS))  # fmt: skip
        by_key = grouped((row["translation_key"], row) for row in rows)
        sources = source_languages(by_key)
        states = grouped(
            (key, (language, state))
            for key, language, state in TranslationState.objects.filter(
                translation_key__in=by_key
            ).values_list("translation_key", "locale__language_code", "state")
        )
        practices = [
            Practice.of(versions, sources.get(key), dict(states.get(key, ())))
            for key, versions in by_key.items()
        ]
        representatives = [practice.representative for practice in practices]
        related = self.related(
            [row["pk"] for row in representatives],
            {row["path"][: -Page.steplen] for row in representatives},
        )
        sources = [self.source(practice, related) for practice in practices]
        if self.with_embeddings:
            vectors = passage_vectors(map(embedding_text, practices))
            for source, vector in zip(sources, vectors, strict=True):
                source["embedding"] = vector
        for practice, source in zip(practices, sources, strict=True):
            yield PracticeSource(str(practice.key), version, source)

    def related(self, ids, parent_paths):
        """What the pages `ids` link to: organisations by path, themes, keywords, terms."""
        organisations = OrganisationPage.objects.filter(path__in=parent_paths)
        related = {
            "organisation": {
                path: (slug, title)
                for path, slug, title in organisations.values_list("path", "slug", "title")
            },
            "theme": grouped(
                PracticeTheme.objects.filter(content_object_id__in=ids)
                .order_by("pk")
                .values_list("content_object_id", "tag_id")
            ),
            "keywords": grouped(
                PracticeKeyword.objects.filter(content_object_id__in=ids)
                .order_by("pk")
                .values_list("content_object_id", "tag__name")
            ),
        }
        for facet in TERM_FACETS:
            through = PracticePage._meta.get_field(facet.relation).remote_field.through
            related[facet.field] = grouped(
                through.objects.filter(practicepage_id__in=ids).values_list(
                    "practicepage_id", f"{facet.vocabulary._meta.model_name}_id"
                )
            )
        return related

    def source(self, practice, related):
        row = practice.representative
        pk = row["pk"]
        themes = [self.theme(theme_id) for theme_id in related["theme"].get(pk, ())]
        organisation_slug, organisation_name = related["organisation"].get(
            row["path"][: -Page.steplen], (None, None)
        )
        versions = {
            language: {"id": version["pk"], "url": self.url(version["url_path"]),
                       "title": version["title"], "summary": version["summary"],
                       "state": practice.state(version),
                       "language": practice.text_language(version)}
            for language, version in practice.by_locale.items()
        }  # fmt: skip
        source = {
            "translation_key": str(practice.key),
            "page_ids": [version["pk"] for version in practice.versions],
            "original_id": practice.original["pk"] if practice.original else None,
            "original_locale": practice.original and practice.original["locale__language_code"],
            "versions": versions,
            "machine_locales": sorted(
                language for language, item in versions.items() if item["state"] == "machine"),
            "fingerprint": fingerprint(
                (version["pk"], version["live_revision_id"], practice.state(version))
                for version in practice.versions),
            "source_id": row["source_id"] or None,
            "url": versions[row["locale__language_code"]]["url"],
            "organisation": organisation_slug,
            "organisation_name": organisation_name,
            "keywords": related["keywords"].get(pk, []),
            "theme": [theme.slug for theme in themes],
            "country": [code.upper() for code in row["countries"].split(",") if code],
            "language": row["original_language"],
            "start_year": row["start_year"],
            "end_year": row["end_year"],
            "published_at": practice.published_at,
            "suggest": {"input": suggestions(
                [version["title"] for version in practice.versions], themes)},
        }  # fmt: skip
        for facet in TERM_FACETS:
            terms = sorted(
                self.term(facet.field, term_id) for term_id in related[facet.field].get(pk, ())
            )
            source[facet.field] = [slug for _position, slug in terms]
        source.update(text_fields(practice))
        # As PracticeDocument.to_dict() does: no empty values.
        return {key: value for key, value in source.items() if value not in (None, [], {}, "")}

    def url(self, url_path):
        """The page's URL path on its site (what `Page.get_url_parts` gives), or None."""
        for root in self.site_root_paths:
            if url_path.startswith(root.root_path):
                parent, _slash, slug = url_path[len(root.root_path) : -1].rpartition("/")
                parent_url = section_url(root.language_code, f"{parent}/" if parent else "")
                return parent_url and f"{parent_url}{quote(slug, safe=URL_SAFE)}/"
        return None


def embedding_text(practice):
    """What a practice is about: its original's title and summary, in the original's
    language (the model reads all five). The body is left out: its detail dilutes what
    the practice is about, and it costs most of the time an embedding takes."""
    original = practice.original or practice.representative
    return f"{original['title']}. {original['summary']}"


def texts_of(row):
    """{text field: text} of one version's page row."""
    return {"title": row["title"], "summary": row["summary"], "body": body_text(row["body"]),
            "outcomes": row["outcomes"]}  # fmt: skip


def text_fields(practice):
    """The text fields of a practice's document: each version's text in the fields of its
    language, every text folded in the neutral fields, and a gloss of the original into
    each language that has no version."""
    fields = {f"{name}_neutral": [] for name in TEXT_FIELDS}
    written = {}
    for version in practice.versions:
        texts = texts_of(version)
        language = practice.text_language(version)
        for name, text in texts.items():
            fields[f"{name}_neutral"].append(fold_accents(text))
        if language in LANGUAGES and language not in written:
            written[language] = texts
            # The French and Italian chains split "l'", not "l’".
            fields.update({f"{name}_{language}": text.replace("’", "'")
                           for name, text in texts.items()})  # fmt: skip
    original = practice.original or practice.representative
    source_language = practice.text_language(original)
    original_text = "\n".join(text for text in texts_of(original).values() if text)
    glossed = []
    for language in LANGUAGES:
        if language not in written and (rendered := gloss(original_text, source_language,
                                                          language)):
            fields[f"gloss_{language}"] = rendered
            glossed.append(language)
    fields["glossed_locales"] = glossed
    fields["prefixes"] = word_prefixes(" ".join(
        text for name in TEXT_FIELDS for text in fields[f"{name}_neutral"]))
    fallback = original["title"]
    for language in LANGUAGES:
        shown = practice.by_locale.get(language)
        fields[f"title_sort_{language}"] = sort_key(shown["title"] if shown else fallback)
    return fields


@dataclass
class Practice:
    """The live versions of one practice (page rows, by page id) and what they are."""

    key: object
    versions: list
    original: dict | None  # the version in the translation source's locale
    states: dict  # {language: TranslationState.state}

    @classmethod
    def of(cls, versions, source_language, states):
        """`versions` oldest first; the original by practices.versions' rule."""
        original = pick_original(versions, source_language, lambda v: v["locale__language_code"])
        return cls(versions[0]["translation_key"], versions, original, states)

    @property
    def representative(self):
        """The version whose facets and links stand for the practice: the original, else
        the oldest live translation."""
        return self.original or self.versions[0]

    @cached_property
    def by_locale(self):
        return {version["locale__language_code"]: version for version in self.versions}

    def state(self, version):
        return version_state(version is self.original,
                             self.states.get(version["locale__language_code"]))  # fmt: skip

    def text_language(self, version):
        """The language a version's text is in: an original's own, a translation's locale's."""
        if version is self.original:
            return version["original_language"] or version["locale__language_code"]
        return version["locale__language_code"]

    @property
    def published_at(self):
        """The original's first publication, else the earliest version's."""
        if self.original and self.original["first_published_at"]:
            return self.original["first_published_at"]
        return min((v["first_published_at"] for v in self.versions if v["first_published_at"]),
                   default=None)  # fmt: skip


@lru_cache(maxsize=1024)
def section_url(language_code, relative_path):
    """The URL path of the page at `relative_path` under a site root, in its language."""
    try:
        with translation.override(language_code):
            return reverse("wagtail_serve", args=(relative_path,))
    except NoReverseMatch:
        return None


def suggestions(titles, themes):
    """What the completion suggester offers the practice for: its versions' titles and its
    theme labels, each as written and accent-folded, so that "educ" and "éduc" both
    complete it."""
    labels = list(titles)
    for theme in themes:
        labels.append(theme.name)
        labels.extend(theme.labels.values())
    inputs = []
    for label in labels:
        for variant in (label, fold_accents(label)):
            if variant and variant not in inputs:
                inputs.append(variant)
    return inputs
