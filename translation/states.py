"""Questions about a practice's translations, answered from its `TranslationState` rows
(translation/models.py): which page is the original, which state each locale is in, and
which versions are live.
"""

from dataclasses import dataclass

from django.db.models import Exists, OuterRef
from wagtail.models import Locale, Page

from .models import State, TranslationState


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


def states_by_locale(original):
    """Every site locale but the original's, mapped to its state (MISSING without a row)."""
    rows = {
        row.locale_id: row
        for row in TranslationState.objects.filter(translation_key=original.translation_key)
    }
    return {
        locale: rows.get(locale.pk)
        for locale in Locale.objects.exclude(pk=original.locale_id).order_by("language_code")
    }


@dataclass(frozen=True)
class PracticeVersion:
    """One live version of a practice, for search and listings."""

    language_code: str
    page: Page
    state: str  # "original", "machine" or "reviewed"; "outdated" reads as "reviewed"


def live_versions(practice):
    """The live versions of `practice` (any of its locales' pages), original first.

    A translation is listed with its state: "machine" until a person reviews it,
    "reviewed" after (still "reviewed" when outdated: a person wrote it, against an older
    original). Failed or missing locales have no live version and are not listed.
    """
    original = original_of(practice)
    rows = {
        row.locale_id: row.state
        for row in TranslationState.objects.filter(translation_key=practice.translation_key)
    }
    versions = []
    pages = Page.objects.filter(translation_key=practice.translation_key, live=True)
    for page in pages.select_related("locale").specific():
        if page.pk == original.pk:
            state = "original"
        elif rows.get(page.locale_id) in (State.REVIEWED, State.OUTDATED):
            state = "reviewed"
        elif rows.get(page.locale_id) in (State.MACHINE, State.FAILED):
            state = "machine"  # a failed update leaves the earlier machine translation
        else:
            continue
        versions.append(PracticeVersion(page.locale.language_code, page, state))
    return sorted(versions, key=lambda version: version.state != "original")
