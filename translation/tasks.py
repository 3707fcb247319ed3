"""Celery tasks on the "translation" queue (settings.CELERY_TASK_ROUTES).

`translate_practice(page_id, language_code)` brings one practice's translation into one
locale up to date (translation/machine.py). It takes ids and re-reads the database when it
runs, so a late, repeated or retried job acts on the current original and changes nothing
when the translation is already current. A translator that is unavailable makes it retry
with exponential backoff and jitter (never sooner than the provider's `retry_after`), up
to settings.MACHINE_TRANSLATION_MAX_RETRIES; a rejection, or running out of retries, marks
the locale failed, for the dashboard's Retry button. Providers are rate-limited by the
translators themselves, across all workers (translation/translators/ratelimit.py).

`queue_translation` is how every job is sent (a publish, the dashboard's Retry, the sweep):
`pending` then means a job really is on its way. A job that cannot reach the broker (Redis
down) leaves the locale not pending, and `queue_missing_translations`, run by Celery beat,
queues it again later.

`run_localize_job` runs wagtail-localize's own background jobs (translation/jobs.py), their
arguments read back by translation/arguments.py.
"""

import logging
import random

from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError
from wagtail.models import Locale
from wagtail_localize.operations import translate_page_subtree
from wagtail_localize.synctree import synchronize_tree

from practices.models import PracticePage

from . import backfill, machine
from .arguments import decode_argument, function_path
from .models import State, TranslationState
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
        outcome, segments = machine.translate_into(original, locale, get_translator())
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
    """Queue a job for each locale the translator offers; note the others as missing."""
    translator = get_translator()
    targets = machine.target_locales(original, translator)
    for locale in Locale.objects.exclude(pk=original.locale_id):
        if locale in targets:
            queue_translation(original, locale)
        else:
            TranslationState.for_page(original, locale)
    return targets


def queue_translation(original, locale):
    """Send the job translating `original` into `locale` once the current transaction
    commits, so that the worker reads what was just published."""
    state = TranslationState.for_page(original, locale)
    transaction.on_commit(lambda: send_translation_job(state.pk, original.pk, locale.language_code))


def send_translation_job(state_id, page_id, language_code):
    """Mark the locale pending and send its job; if the broker is unreachable, take the mark
    back (and log), so that the sweep queues the job later.

    Pending is marked before sending, so that a worker that runs the job at once always
    clears it after; it is not marked in the publish's transaction, so that a job never
    sent (the process ending before the commit hook ran) never looks pending.
    """
    state = TranslationState.objects.filter(pk=state_id)
    state.update(pending=True, updated_at=timezone.now())
    try:
        translate_practice.delay(page_id, language_code)
    except BrokerError:
        logger.exception(
            "Translation of page %s into %s not queued: the broker is unreachable",
            page_id,
            language_code,
        )
        state.update(pending=False, updated_at=timezone.now())


@shared_task(**{**TRANSLATION_TASK_OPTIONS, "soft_time_limit": 600, "time_limit": 900})
def queue_missing_translations():
    """Queue the translations no job is on its way for (every 15 minutes, by Celery beat)."""
    missing = list(backfill.missing_translations(get_translator()))
    for original, locale in missing:
        queue_translation(original, locale)
    return {"queued": len(missing)}
