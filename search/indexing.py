"""What the public search index holds for a practice, and which practices it holds.

`indexable_practices()` is the one definition of "publicly visible practice" the index,
the tasks and reconciliation share; `practice_sources()` is the one function that turns
practices into the documents the index stores (field by field as described in
search/documents.py), whether it is one page for a task or every page for a rebuild.

Every live version of a practice (its original and each translation, each a page of its
own locale tree sharing the `translation_key`) is a document. A chunk's versions are read
together with what they share: the other live versions of their practices (for the
practice-level publication date and the titles each language sorts by), the translation
source (which version is the original) and the translation states.

It reads a chunk of pages with a handful of set-based queries (their columns, their parent
organisations, their themes, keywords and terms, their sibling versions) and builds plain
dicts: the vocabularies
are read once, and URLs are computed from `url_path` and the site root paths, so building a
document costs no query and no model instance.
"""

from dataclasses import dataclass
from functools import cached_property, lru_cache
from urllib.parse import quote

from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from django.utils.http import RFC3986_SUBDELIMS
from wagtail.models import Page, Site
from wagtail_localize.models import TranslationSource

from practices.models import (
    FundingProgramme,
    OrganisationPage,
    PathwayStage,
    PracticeKeyword,
    PracticePage,
    PracticeTheme,
    TargetGroup,
    Theme,
)
from translation.states import State, TranslationState

from .documents import LANGUAGE_ANALYZERS
from .text import fold_accents, sort_key

DB_CHUNK_SIZE = 1000

# The page columns a document is made of.
PAGE_FIELDS = (
    "pk", "path", "url_path", "title", "summary", "body", "outcomes", "countries",
    "original_language", "source_id", "start_year", "end_year", "first_published_at",
    "live_revision_id", "translation_key", "locale__language_code",
)  # fmt: skip

# Document field → (PracticePage many-to-many field, term model).
TERM_FIELDS = {
    "target_group": ("target_groups", TargetGroup),
    "pathway_stage": ("pathway_stages", PathwayStage),
    "funding_programme": ("funding_programmes", FundingProgramme),
}

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
    """One practice as the index stores it: `source` is the document body."""

    id: int
    version: int
    source: dict


def practice_sources(practices=None, chunk_size=DB_CHUNK_SIZE):
    """The documents of `practices` (default: every indexable practice), in page id order.

    `practices` is a queryset of `indexable_practices()`, possibly filtered.
    """
    builder = DocumentBuilder()
    for rows in page_chunks(practices, chunk_size):
        yield from builder.build(rows)


def practice_source(page_id):
    """The document of practice version `page_id`, or None if it is not indexable."""
    practices = indexable_practices().filter(pk=page_id)
    return next(practice_sources(practices), None)


def version_sources(page_id):
    """The documents of every indexable version of the practice page `page_id` belongs to
    (its sort titles are in each of them); [] if the page is gone."""
    key = Page.objects.filter(pk=page_id).values_list("translation_key", flat=True).first()
    if key is None:
        return []
    return list(practice_sources(indexable_practices().filter(translation_key=key)))


def page_chunks(practices, chunk_size):
    """Lists of page column dicts, `chunk_size` at a time, by keyset on the page id."""
    practices = indexable_practices() if practices is None else practices
    rows = practices.prefetch_related(None).order_by("pk").values(*PAGE_FIELDS)
    last = 0
    while True:
        chunk = list(rows.filter(pk__gt=last)[:chunk_size])
        if not chunk:
            return
        yield chunk
        last = chunk[-1]["pk"]


def document_version(page):
    """The external version a practice is indexed with: its live revision id, which only
    grows (a revert is a new revision). A page published without a revision counts as 1."""
    return page.live_revision_id or 1


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

    @cached_property
    def themes(self):
        return {theme.pk: theme for theme in Theme.objects.all()}

    @cached_property
    def terms(self):
        """{document field: {term id: (ordering key, slug)}}, terms in their model's order."""
        return {
            name: {
                pk: (position, slug)
                for position, (pk, slug) in enumerate(model.objects.values_list("pk", "slug"))
            }
            for name, (_field, model) in TERM_FIELDS.items()
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

    def build(self, rows):
        ids = [row["pk"] for row in rows]
        related = self.related(ids, {row["path"][: -Page.steplen] for row in rows})
        related["practice"] = practice_versions({row["translation_key"] for row in rows}, self.url)
        for row in rows:
            yield PracticeSource(row["pk"], row["live_revision_id"] or 1, self.source(row, related))

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
        for name, (field, model) in TERM_FIELDS.items():
            through = PracticePage._meta.get_field(field).remote_field.through
            related[name] = grouped(
                through.objects.filter(practicepage_id__in=ids).values_list(
                    "practicepage_id", f"{model._meta.model_name}_id"
                )
            )
        return related

    def source(self, row, related):
        pk = row["pk"]
        themes = [self.theme(theme_id) for theme_id in related["theme"].get(pk, ())]
        organisation_slug, organisation_name = related["organisation"].get(
            row["path"][: -Page.steplen], (None, None)
        )
        source = {
            "id": pk,
            "revision_id": row["live_revision_id"] or 1,
            "source_id": row["source_id"] or None,
            "url": self.url(row["url_path"]),
            "title_sort": sort_key(row["title"]),
            "organisation": organisation_slug,
            "organisation_name": organisation_name,
            "keywords": related["keywords"].get(pk, []),
            "theme": [theme.slug for theme in themes],
            "country": [code.upper() for code in row["countries"].split(",") if code],
            "language": row["original_language"],
            "start_year": row["start_year"],
            "end_year": row["end_year"],
            "suggest": {"input": suggestions(row["title"], themes)},
            **related["practice"][row["translation_key"]].fields(row),
        }
        for name in TERM_FIELDS:
            terms = sorted(self.term(name, term_id) for term_id in related[name].get(pk, ()))
            source[name] = [slug for _position, slug in terms]
        texts = {
            "title": row["title"],
            "summary": row["summary"],
            "body": body_text(row["body"]),
            "outcomes": row["outcomes"],
        }
        is_original = source["is_original"]
        language = row["original_language"] if is_original else row["locale__language_code"]
        for name, text in texts.items():
            source[name] = text
            source[f"{name}_neutral"] = fold_accents(text)
            if language in LANGUAGE_ANALYZERS:
                source[f"{name}_{language}"] = text
        # As PracticeDocument.to_dict() does: no empty values.
        return {key: value for key, value in source.items() if value not in (None, [], {})}

    def url(self, url_path):
        """The page's URL path on its site (what `Page.get_url_parts` gives), or None."""
        for root in self.site_root_paths:
            if url_path.startswith(root.root_path):
                parent, _slash, slug = url_path[len(root.root_path) : -1].rpartition("/")
                parent_url = section_url(root.language_code, f"{parent}/" if parent else "")
                return parent_url and f"{parent_url}{quote(slug, safe=URL_SAFE)}/"
        return None


@dataclass
class PracticeVersions:
    """The live versions of one practice: what each of its documents says about the others."""

    original_id: int | None
    representative_id: int | None  # the one version counted as the practice (see documents)
    original_language: str | None  # the language of the original's locale tree
    titles: dict  # {language: title of the live version in that locale}
    links: dict  # {language: {"id", "url", "title"} of the live version in that locale}
    published_at: object  # the original's first publication (else the earliest version's)
    states: dict  # {language: TranslationState.state}

    def fields(self, row):
        is_original = row["pk"] == self.original_id
        language = row["locale__language_code"]
        if is_original:
            state = "original"
        elif self.states.get(language) in (State.REVIEWED, State.OUTDATED):
            state = "reviewed"
        else:
            state = "machine"
        fallback = self.titles.get("original", row["title"])
        return {
            "translation_key": str(row["translation_key"]),
            "locale": language,
            "is_original": is_original,
            "represents_practice": row["pk"] == self.representative_id,
            "translation_state": state,
            "published_at": self.published_at or row["first_published_at"],
            "original_locale": self.original_language,
            "versions": self.links,
            **{
                f"title_sort_{code}": sort_key(self.titles.get(code, fallback))
                for code in LANGUAGE_ANALYZERS
            },
        }


def practice_versions(keys, url):
    """{translation_key: PracticeVersions}, in three queries whatever the number of keys.

    The original is the version in the locale of wagtail-localize's translation source;
    without a source (a page copied for translation by hand), the oldest page.
    """
    source_locales = dict(
        TranslationSource.objects.filter(object_id__in=keys)
        .order_by("pk")
        .values_list("object_id", "locale__language_code")
    )
    states = grouped(
        (key, (language, state))
        for key, language, state in TranslationState.objects.filter(
            translation_key__in=keys
        ).values_list("translation_key", "locale__language_code", "state")
    )
    versions = grouped(
        (key, (pk, language, title, published, url(url_path)))
        for pk, key, language, title, published, url_path in indexable_practices()
        .prefetch_related(None)
        .filter(translation_key__in=keys)
        .order_by("pk")
        .values_list("pk", "translation_key", "locale__language_code", "title",
                     "first_published_at", "url_path")
    )  # fmt: skip
    return {
        key: practice_versions_of(
            versions.get(key, []), source_locales.get(key), dict(states.get(key, []))
        )
        for key in keys
    }


def practice_versions_of(versions, source_language, states):
    """PracticeVersions from [(pk, language, title, first published, url)], by page id."""
    original = next((v for v in versions if v[1] == source_language), None)
    if original is None and source_language is None and versions:
        original = versions[0]
    titles = {version[1]: version[2] for version in versions}
    links = {version[1]: {"id": version[0], "url": version[4], "title": version[2]}
             for version in versions}  # fmt: skip
    published = [v[3] for v in versions if v[3] is not None]
    if original is not None:
        titles["original"] = original[2]
    return PracticeVersions(
        original_id=original[0] if original else None,
        representative_id=(original or versions[0])[0] if versions else None,
        original_language=original[1] if original else None,
        titles=titles,
        links=links,
        published_at=original[3] if original and original[3] else min(published, default=None),
        states=states,
    )


@lru_cache(maxsize=1024)
def section_url(language_code, relative_path):
    """The URL path of the page at `relative_path` under a site root, in its language."""
    try:
        with translation.override(language_code):
            return reverse("wagtail_serve", args=(relative_path,))
    except NoReverseMatch:
        return None


def suggestions(title, themes):
    """What the completion suggester offers the practice for: its title and theme labels,
    each as written and accent-folded, so that "educ" and "éduc" both complete it."""
    labels = [title]
    for theme in themes:
        labels.append(theme.name)
        labels.extend(theme.labels.values())
    inputs = []
    for label in labels:
        for variant in (label, fold_accents(label)):
            if variant and variant not in inputs:
                inputs.append(variant)
    return inputs
