"""A real Celery worker whose mail the test can read: written as files into a directory."""

import email
import email.policy
import os

import pytest
from django.core.cache import cache

from conftest import start_worker, stop_process
from kb.celery import app as celery_app


@pytest.fixture
def mailing_worker(django_db_blocker, tmp_path, monkeypatch):
    """A worker on every queue; `mailing_worker.messages()` parses what it has sent."""
    outbox = tmp_path / "worker-mail"
    outbox.mkdir()
    monkeypatch.setenv("KB_TEST_EMAIL_FILE_PATH", str(outbox))
    # No machine translation: its jobs would keep both worker processes from the digests.
    monkeypatch.setenv("MACHINE_TRANSLATOR", "none")
    celery_app.control.purge()
    with django_db_blocker.unblock():
        process = start_worker()
    monkeypatch.delenv("KB_TEST_EMAIL_FILE_PATH")
    monkeypatch.delenv("MACHINE_TRANSLATOR")
    process.messages = lambda: [
        email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for path in sorted(outbox.iterdir(), key=os.path.getmtime)
    ]
    yield process
    stop_process(process)


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """The subscription counts live in the run's own Redis cache: each test starts at zero."""
    cache.clear()
