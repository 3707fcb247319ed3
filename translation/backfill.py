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
from practices.versions import originals

from . import machine
from .models import State, TranslationState

LEFT_TO_PEOPLE = (State.REVIEWED, State.OUTDATED, State.FAILED)


def translation_targets(translator, language_code=None, practice_id=None):
    """(original, locale) for every live original (only `practice_id`'s, if given) and each
    locale `translator` offers for it (only `language_code`, if given)."""
    practices = PracticePage.objects.live()
    if practice_id:  # the practice of that page, whichever of its versions it is
        keys = practices.filter(pk=practice_id).values("translation_key")
        practices = practices.filter(translation_key__in=keys)
    for original in originals(practices).select_related("locale", "live_revision").order_by("pk"):
        for target in machine.target_locales(original, translator):
            if language_code in (None, target.language_code):
                yield original, target


def missing_translations(translator):
    """The `translation_targets` whose translation a job would change, with no job pending."""
    states = {(row.translation_key, row.locale_id): row for row in TranslationState.objects.all()}
    for original, locale in translation_targets(translator):
        state = states.get((original.translation_key, locale.pk))
        if state is None or not (
            state.pending
            or state.state in LEFT_TO_PEOPLE
            or machine.is_current(state, original.live_revision, original, locale)
        ):
            yield original, locale
