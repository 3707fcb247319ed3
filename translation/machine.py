"""Machine translation of one practice into one locale, through wagtail-localize.

The original's text is split into segments by wagtail-localize (`TranslationSource`);
each segment's translation is a `StringTranslation`, its translation memory. A job sends
the translator only the segments that have no translation into the locale yet, so an
edit of the original re-translates the changed segments and nothing else, and then
builds and publishes the translated page from the memory (`create_or_update_translation`).

A translation a person has reviewed is never rebuilt: when its original changes it is
marked outdated, for a person to update in wagtail-localize's editor.
"""

import enum
from contextlib import contextmanager

from django.db import connection, transaction
from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation, Translation, TranslationSource

from .models import State, TranslationState


class Outcome(enum.StrEnum):
    TRANSLATED = "translated"
    UNCHANGED = "unchanged"  # already machine-translated from the live revision
    OUTDATED = "outdated"  # reviewed, the original changed: left for a person
    SKIPPED = "skipped"  # reviewed or outdated and nothing to do, or not translatable


def target_locales(original, translator):
    """The site locales, other than the original's, that `translator` can translate into."""
    return [
        locale
        for locale in Locale.objects.exclude(pk=original.locale_id).order_by("language_code")
        if translator.supports(original.original_language, locale.language_code)
    ]


def untranslated_segments(source, locale):
    """The source's string segments with no usable translation into `locale`."""
    return list(
        StringSegment.objects.filter(source=source)
        .annotate_translation(locale)
        .filter(translation__isnull=True)
        .select_related("string", "context")
        .order_by("order")
    )


def store_machine_translations(segments, translations, locale, translator_name):
    for segment, text in zip(segments, translations, strict=True):
        StringTranslation.objects.update_or_create(
            translation_of=segment.string,
            locale=locale,
            context=segment.context,
            defaults={
                "data": text,
                "translation_type": StringTranslation.TRANSLATION_TYPE_MACHINE,
                "tool_name": translator_name,
                "has_error": False,
                "field_error": "",
            },
        )


@contextmanager
def practice_lock(translation_key):
    """One job at a time per practice: its locales share one TranslationSource, whose
    segments a job rebuilds, and a duplicate job must find the work done, not redo it."""
    key = translation_key.int & 0x7FFF_FFFF_FFFF_FFFF  # PostgreSQL's bigint is signed
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_lock(%s)", [key])
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [key])


def translate_into(original, locale, translator):
    """Bring `original`'s translation into `locale` up to date; returns (Outcome, segments sent).

    Raises the translator's errors unchanged (the caller decides to retry or fail);
    nothing is written before the translator has answered.
    """
    with practice_lock(original.translation_key):
        return update_translation(original, locale, translator)


def update_translation(original, locale, translator):
    revision = original.live_revision
    state = TranslationState.for_page(original, locale)
    if state.state in (State.REVIEWED, State.OUTDATED):
        if state.state == State.REVIEWED and state.source_revision_id != revision.pk:
            state.state = State.OUTDATED
            state.pending = False
            state.save()
            return Outcome.OUTDATED, 0
        state.pending = False
        state.save(update_fields=["pending", "updated_at"])
        return Outcome.SKIPPED, 0
    if is_current(state, revision, original, locale):
        state.pending = False
        state.save(update_fields=["pending", "updated_at"])
        return Outcome.UNCHANGED, 0

    source, _ = TranslationSource.update_or_create_from_instance(original)
    segments = untranslated_segments(source, locale)
    texts = translator.translate(
        [segment.string.data for segment in segments],
        original.original_language,
        locale.language_code,
        html=True,
    ) if segments else []  # fmt: skip
    with transaction.atomic():
        store_machine_translations(segments, texts, locale, translator.name)
        Translation.objects.update_or_create(
            source=source, target_locale=locale, defaults={"enabled": True}
        )
        source.create_or_update_translation(
            locale, publish=True, copy_parent_pages=True, fallback=True
        )
    # The translation is published when the block above commits; then it is "machine".
    record_machine_translation(state, revision, translator.name)
    return Outcome.TRANSLATED, len(segments)


def is_current(state, revision, original, locale):
    """Whether the live machine translation was made from the original's live revision."""
    if state.state != State.MACHINE or state.source_revision_id != revision.pk:
        return False
    existing = original.get_translation_or_none(locale)
    return existing is not None and existing.live and existing.alias_of_id is None


def record_machine_translation(state, revision, translator_name):
    state.state = State.MACHINE
    state.source_revision = revision
    state.translator = translator_name
    state.pending = False
    state.last_error = ""
    state.last_attempt_at = timezone.now()
    state.save()
