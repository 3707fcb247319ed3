"""A requests-per-minute limit per translation provider, shared by every worker.

Each HTTP request to a provider takes a slot in a one-minute window counted in the
default cache (Redis, `incr` is atomic), so the limit holds across all Celery workers,
which Celery's own per-worker `rate_limit` would not. Over the limit, the request is not
sent: `TranslationUnavailable` tells the caller to retry when the window ends, exactly as
after a 429. While the cache is down the limit is not enforced and the provider's own 429
is the backstop.
"""

import time

from django.core.cache import cache

from .errors import TranslationUnavailable

WINDOW_SECONDS = 60

# The clock the windows are read from; a module attribute so tests can pin it and make
# their calls fall in one known window instead of straddling a wall-clock minute.
clock = time.time


def take_request_slot(provider, requests_per_minute):
    now = clock()
    key = f"translation:requests:{provider}:{int(now // WINDOW_SECONDS)}"
    cache.add(key, 0, timeout=2 * WINDOW_SECONDS)
    count = cache.incr(key)  # None when Redis is unreachable (IGNORE_EXCEPTIONS)
    if count is not None and count > requests_per_minute:
        raise TranslationUnavailable(
            f"{provider}: over {requests_per_minute} requests per minute",
            retry_after=WINDOW_SECONDS - now % WINDOW_SECONDS,
        )
