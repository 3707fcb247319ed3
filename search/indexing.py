"""What the public search index holds for a practice, and which practices it holds.

`indexable_practices()` is the one definition of "publicly visible practice" the index,
the tasks and reconciliation share; `practice_document()` turns one of them into the
document the index stores (field by field as described in search/documents.py).
"""

from types import SimpleNamespace

from django.db.models import OuterRef, Prefetch, Subquery
from django.db.models.functions import Length, Substr
from wagtail.models import Page

from practices.models import OrganisationPage, PracticeKeyword, PracticePage, PracticeTheme

from .documents import LANGUAGE_ANALYZERS, PracticeDocument
from .text import fold_accents, sort_key


def indexable_practices():
    """Live practices nobody needs a login or password to see, with all they display.

    Each carries `organisation_slug` and `organisation_name` (its parent organisation's,
    None for a practice outside one), so bulk indexing makes no query per page.
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


def practice_document(page, url_cache=None):
    """The search document of `page`, a practice from `indexable_practices()`.

    `url_cache` is any object shared across a batch: Wagtail caches the site root paths on
    it instead of looking them up for every page.
    """
    themes = [item.tag for item in page.theme_items.all()]
    keywords = [item.tag.name for item in page.keyword_items.all()]
    texts = {
        "title": page.title,
        "summary": page.summary,
        "body": body_text(page),
        "outcomes": page.outcomes,
    }
    document = PracticeDocument(
        meta={"id": page.pk},
        id=page.pk,
        revision_id=document_version(page),
        source_id=page.source_id or None,
        url=page_path(page, url_cache),
        title_sort=sort_key(page.title),
        organisation=page.organisation_slug,
        organisation_name=page.organisation_name,
        keywords=keywords,
        theme=[theme.slug for theme in themes],
        country=[str(code).upper() for code in page.countries],
        target_group=[term.slug for term in page.target_groups.all()],
        pathway_stage=[term.slug for term in page.pathway_stages.all()],
        funding_programme=[term.slug for term in page.funding_programmes.all()],
        language=page.original_language,
        start_year=page.start_year,
        end_year=page.end_year,
        published_at=page.first_published_at,
        suggest={"input": suggestions(page.title, themes)},
    )
    for name, text in texts.items():
        document[name] = text
        document[f"{name}_neutral"] = fold_accents(text)
        if page.original_language in LANGUAGE_ANALYZERS:
            document[f"{name}_{page.original_language}"] = text
    return document


def document_version(page):
    """The external version a practice is indexed with: its live revision id, which only
    grows (a revert is a new revision). A page published without a revision counts as 1."""
    return page.live_revision_id or 1


def body_text(page):
    """The words of the body: headings, paragraphs without HTML, quotes and captions."""
    body = page.body
    return "\n".join(text for text in body.stream_block.get_searchable_content(body) if text)


def page_path(page, url_cache=None):
    """The page's URL path on its site, e.g. /en/practices/arbeit-plus/job-coaching/."""
    parts = page.get_url_parts(request=url_cache or SimpleNamespace())
    return parts[2] if parts else None


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
