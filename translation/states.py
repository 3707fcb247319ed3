"""Where each practice's translation into each locale stands, and who may overwrite it.

One `TranslationState` per (practice translation_key, locale), kept by the translation
jobs (translation/tasks.py) and by the signals that notice a person's edit
(translation/signals.py):

    missing   no translation: no job yet, or the translator does not offer the language
    machine   published from machine translation, not yet checked by a person
    reviewed  a person edited or published it; machine jobs never overwrite it
    outdated  reviewed, but the original has changed since: waiting for a person
    failed    the last job gave up (`last_error`, `last_attempt_at`)

`pending` is set while a job is queued or retrying, so the dashboard lists waiting work;
it is set only once the job is handed to the broker (translation/tasks.py), so a job lost
to a broker outage leaves its locale for the periodic sweep to queue again.
`source_revision` is the original's revision the translation was made (or reviewed)
against: a job compares it with the original's live revision to tell a change from a
re-run.
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale, Page


class State(models.TextChoices):
    MISSING = "missing", _("missing")
    MACHINE = "machine", _("machine translation")
    REVIEWED = "reviewed", _("reviewed")
    OUTDATED = "outdated", _("outdated")
    FAILED = "failed", _("failed")


class TranslationState(models.Model):
    translation_key = models.UUIDField(db_index=True)
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.MISSING)
    pending = models.BooleanField(default=False)
    source_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    translator = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"], name="one_translation_state_per_locale"
            )
        ]
        indexes = [models.Index(fields=["state", "pending"])]

    def __str__(self):
        return f"{self.translation_key} {self.locale.language_code}: {self.state}"

    @classmethod
    def for_page(cls, page, locale):
        state, _ = cls.objects.get_or_create(translation_key=page.translation_key, locale=locale)
        return state


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
