"""Which version of a practice is its original: the page its translations are made from.

A practice is the set of pages sharing a `translation_key`, one per locale. Its original is
the page in wagtail-localize's `TranslationSource` locale once a translation exists; before
that, the page itself. Translation, indexing, the reports and the dashboard ask here.
"""

from django.db.models import Exists, OuterRef


def original_of(page):
    """The page a practice's translations are made from: the one in its source locale.

    The source locale is wagtail-localize's `TranslationSource` locale once a translation
    exists; before that, the page itself is the original.
    """
    from wagtail_localize.models import TranslationSource

    source = TranslationSource.objects.filter(object_id=page.translation_key).first()
    if source is None or source.locale_id == page.locale_id:
        return page
    return page.get_translations().filter(locale_id=source.locale_id).specific().first()


def originals(pages):
    """The pages of queryset `pages` that are originals by `original_of`'s rule, in one query."""
    from wagtail_localize.models import TranslationSource

    sources = TranslationSource.objects.filter(object_id=OuterRef("translation_key"))
    return pages.filter(~Exists(sources) | Exists(sources.filter(locale_id=OuterRef("locale_id"))))
