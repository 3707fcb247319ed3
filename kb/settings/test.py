"""The test suite: the real local services under names of its own, mail kept in memory.

A test run uses its own search index prefix, database and Redis databases, so that it can
share the services with a developer's running site (and a Celery worker the tests start
themselves) without either seeing the other's data or jobs.
"""

import os

from .base import *  # noqa: F403
from .base import CACHES, CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES, SECRET_KEY

SECRET_KEY = SECRET_KEY or "test-only-insecure-secret-key"
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A Celery worker a test starts is another process, whose in-memory outbox the test cannot
# read: such a worker writes its mail as files instead (alerts/tests/conftest.py).
if os.environ.get("KB_TEST_EMAIL_FILE_PATH"):
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = os.environ["KB_TEST_EMAIL_FILE_PATH"]
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

ELASTICSEARCH_INDEX_PREFIX = os.environ.get("KB_TEST_INDEX_PREFIX") or f"test-{os.getpid()}"
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("KB_TEST_DATABASE", "test_kb")}
CELERY_BROKER_URL = os.environ.get("KB_TEST_BROKER_URL", "redis://127.0.0.1:6380/2")
# Celery prefers a CELERY_BROKER_URL environment variable to the settings: without this, a
# shell that exports the site's broker would send the tests' jobs to the site's workers.
os.environ.pop("CELERY_BROKER_URL", None)
# Every Redis key and channel of this run's broker carries the run's prefix (its workers
# get it through KB_TEST_INDEX_PREFIX), so that a job left in Redis by an earlier run, or a
# worker that outlived one, can never reach this run: page ids start again in every new test
# database, and such a job would act on this run's pages.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "global_keyprefix": f"{ELASTICSEARCH_INDEX_PREFIX}:",
}
CACHES["default"]["LOCATION"] = os.environ.get("KB_TEST_CACHE_URL", "redis://127.0.0.1:6380/3")
MEDIA_ROOT = BASE_DIR / ".cache" / "test-media"  # noqa: F405
KB_DEMO_CONTENT = True
# Every test client comes from 127.0.0.1, and the fuzzing tests send thousands of API
# requests: the tests of the API's rate limit set their own.
API_RATE_LIMIT = "1000000/m"
