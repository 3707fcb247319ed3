"""Which version of a practice is its original: the page its translations are made from.

A practice is the set of pages sharing a `translation_key`, one per locale. Its original is
the page in the locale of wagtail-localize's first `TranslationSource` for the practice;
without a source (no translation yet, or a copy made by hand), its oldest page. This module
is the rule's one home: translation, indexing, the database fallback, the reports and the
dashboard ask here, in Python (`pick_original`) or in SQL (`is_original`).
"""

from django.db.models import Exists, OuterRef, Q, Subquery


def _sources():
    from wagtail_localize.models import TranslationSource

    return TranslationSource.objects.order_by("pk")


def source_languages(keys=None):
    """{translation key: the language its translations are made from}, for `keys` or all."""
    sources = _sources() if keys is None else _sources().filter(object_id__in=keys)
    languages = {}
    for key, language in sources.values_list("object_id", "locale__language_code"):
        languages.setdefault(key, language)
    return languages


def pick_original(versions, source_language, language_of):
    """The original among `versions` (oldest first), by the rule above; None when the
    source locale's version is not among them. `language_of(version)` is its locale's code."""
    if source_language is None:
        return versions[0] if versions else None
    return next((v for v in versions if language_of(v) == source_language), None)


def original_of(page):
    """The page `page`'s practice is translated from (the page itself for most practices)."""
    versions = list(page.get_translations(inclusive=True).select_related("locale").order_by("pk"))
    source_language = source_languages([page.translation_key]).get(page.translation_key)
    original = pick_original(versions, source_language, lambda v: v.locale.language_code)
    if original is not None and original.pk == page.pk:
        return page  # the caller's own instance, specific if it was
    return original and original.specific


def is_original():
    """The condition that a page of a queryset is its practice's original, as a filter."""
    from wagtail.models import Page

    sources = _sources().filter(object_id=OuterRef("translation_key"))
    older = Page.objects.filter(translation_key=OuterRef("translation_key"), pk__lt=OuterRef("pk"))
    return Q(locale_id=Subquery(sources.values("locale_id")[:1])) | (
        ~Exists(sources) & ~Exists(older)
    )


def originals(pages):
    """The pages of queryset `pages` that are their practice's original, in one query."""
    return pages.filter(is_original())
