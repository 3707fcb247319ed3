"""Questions about a practice's translations, answered from its `TranslationState` rows
(translation/models.py): which state each locale is in, and which versions are live. Which
page is the original is practices' rule (practices/versions.py).
"""

from dataclasses import dataclass

from wagtail.models import Locale, Page

from practices.versions import original_of

from .models import State, TranslationState


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


def version_state(is_original, translation_state):
    """How a live version's text was written, for search and listings: "original";
    "reviewed" once a person edited or published it (still so when outdated: a person wrote
    it, against an older original); else "machine": a machine translation, the one a failed
    update left, or a translation with no state row, which no person is known to have checked.
    """
    if is_original:
        return "original"
    if translation_state in (State.REVIEWED, State.OUTDATED):
        return "reviewed"
    return "machine"


@dataclass(frozen=True)
class PracticeVersion:
    """One live version of a practice, for search and listings."""

    language_code: str
    page: Page
    state: str  # "original", "machine" or "reviewed"; "outdated" reads as "reviewed"


def live_versions(practice):
    """The live versions of `practice` (any of its locales' pages), original first, each
    with its `version_state`."""
    original = original_of(practice)
    rows = {
        row.locale_id: row.state
        for row in TranslationState.objects.filter(translation_key=practice.translation_key)
    }
    versions = []
    pages = Page.objects.filter(translation_key=practice.translation_key, live=True)
    for page in pages.select_related("locale").specific():
        state = version_state(page.pk == original.pk, rows.get(page.locale_id))
        versions.append(PracticeVersion(page.locale.language_code, page, state))
    return sorted(versions, key=lambda version: version.state != "original")
