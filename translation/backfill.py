"""Which translations to bring up to date: the one query the backfill command
(`manage.py translate_practices`) and the periodic sweep (`tasks.queue_missing_translations`)
share.

`translation_targets` lists every live original with each locale its translator can
translate it into; the command runs the job of every pair (a job leaves a current or
reviewed translation alone). `missing_translations` keeps the pairs the sweep queues: those
a job would change and no job is on its way for. Locales a person reviewed (or that are
outdated since) and failed ones (waiting for the dashboard's Retry) are never among them.
"""

from practices.models import PracticePage

from . import machine
from .states import State, TranslationState, original_of

LEFT_TO_PEOPLE = (State.REVIEWED, State.OUTDATED, State.FAILED)


def translation_targets(translator, language_code=None, practice_id=None):
    """(original, locale) for every live original (only `practice_id`'s, if given) and each
    locale `translator` offers for it (only `language_code`, if given)."""
    practices = PracticePage.objects.live().order_by("pk")
    if practice_id:
        practices = practices.filter(pk=practice_id)
    seen = set()
    for page in practices:
        original = original_of(page)
        if original is None or original.pk in seen or not original.live:
            continue
        seen.add(original.pk)
        for target in machine.target_locales(original, translator):
            if language_code in (None, target.language_code):
                yield original, target


def missing_translations(translator):
    """The `translation_targets` whose translation a job would change, with no job pending."""
    for original, locale in translation_targets(translator):
        state = TranslationState.objects.filter(
            translation_key=original.translation_key, locale=locale
        ).first()
        if state is None or not (
            state.pending
            or state.state in LEFT_TO_PEOPLE
            or machine.is_current(state, original.live_revision, original, locale)
        ):
            yield original, locale
