"""Celery tasks on the "translation" queue (settings.CELERY_TASK_ROUTES).

`translate_practice(page_id, language_code)` brings one practice's translation into one
locale up to date (translation/machine.py). It takes ids and re-reads the database when it
runs, so a late, repeated or retried job acts on the current original and changes nothing
when the translation is already current. A translator that is unavailable makes it retry
with exponential backoff and jitter (never sooner than the provider's `retry_after`), up
to settings.MACHINE_TRANSLATION_MAX_RETRIES; a rejection, or running out of retries, marks
the locale failed, for the dashboard's Retry button. Providers are rate-limited by the
translators themselves, across all workers (translation/translators/ratelimit.py).

`run_localize_job` runs wagtail-localize's own background jobs (translation/jobs.py).
"""

import logging
import random

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from wagtail.models import Locale
from wagtail_localize.operations import translate_page_subtree
from wagtail_localize.synctree import synchronize_tree

from practices.models import PracticePage

from . import machine
from .jobs import decode_argument, function_path
from .states import State, TranslationState
from .translators import TranslationRejected, TranslationUnavailable, get_translator

MAX_RETRY_DELAY_SECONDS = 3600
TRANSLATION_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "soft_time_limit": 300,
    "time_limit": 360,
}
# The only functions wagtail-localize hands to its job backend; nothing else may run.
LOCALIZE_JOBS = {function_path(func): func for func in [synchronize_tree, translate_page_subtree]}

logger = logging.getLogger(__name__)


def retry_delay(retries, retry_after=None):
    """Exponential backoff with jitter, never shorter than the provider asked for."""
    backoff = min(MAX_RETRY_DELAY_SECONDS, settings.MACHINE_TRANSLATION_RETRY_BACKOFF * 2**retries)
    return max(retry_after or 0, backoff * random.uniform(0.5, 1.0))


def record_attempt(page, locale, error, *, failed):
    state = TranslationState.for_page(page, locale)
    state.attempts += 1
    state.last_error = str(error)[:2000] or type(error).__name__
    state.last_attempt_at = timezone.now()
    if failed:
        state.pending = False
        if state.state not in (State.REVIEWED, State.OUTDATED):
            state.state = State.FAILED
    state.save()


@shared_task(bind=True, max_retries=None, **TRANSLATION_TASK_OPTIONS)
def translate_practice(self, page_id, language_code):
    """Translate live practice `page_id` into `language_code`; returns what was done."""
    original = PracticePage.objects.live().filter(pk=page_id).first()
    locale = Locale.objects.filter(language_code=language_code).first()
    if original is None or locale is None:
        return {"outcome": machine.Outcome.SKIPPED, "segments": 0}
    try:
        outcome, segments = machine.translate_practice(original, locale, get_translator())
    except TranslationUnavailable as error:
        out_of_retries = self.request.retries >= settings.MACHINE_TRANSLATION_MAX_RETRIES
        record_attempt(original, locale, error, failed=out_of_retries)
        if out_of_retries:
            logger.error("Giving up translating page %s into %s: %s", page_id, language_code, error)
            return {"outcome": State.FAILED, "segments": 0}
        raise self.retry(
            exc=error, countdown=retry_delay(self.request.retries, error.retry_after)
        ) from error
    except TranslationRejected as error:
        record_attempt(original, locale, error, failed=True)
        logger.error("Translation of page %s into %s rejected: %s", page_id, language_code, error)
        return {"outcome": State.FAILED, "segments": 0}
    except Exception as error:
        record_attempt(original, locale, error, failed=True)
        raise
    return {"outcome": outcome, "segments": segments}


@shared_task(**TRANSLATION_TASK_OPTIONS)
def run_localize_job(path, args, kwargs):
    """Run one of wagtail-localize's background jobs, its arguments read back by id."""
    func = LOCALIZE_JOBS[path]
    func(*decode_argument(args), **{name: decode_argument(value) for name, value in kwargs.items()})


def enqueue_translations(original):
    """Queue a job for each locale the translator offers; note the others as missing.

    Jobs are sent once the current transaction commits, so the worker reads what was
    just published.
    """
    translator = get_translator()
    targets = machine.target_locales(original, translator)
    for locale in Locale.objects.exclude(pk=original.locale_id):
        state = TranslationState.for_page(original, locale)
        if locale in targets:
            state.pending = True
            state.save(update_fields=["pending", "updated_at"])
            translate_practice.delay_on_commit(original.pk, locale.language_code)
    return targets
