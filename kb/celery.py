"""The Celery application: indexing and translation jobs run on workers fed by Redis."""

import logging
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction
from kombu.exceptions import OperationalError

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")

logger = logging.getLogger(__name__)


class Task(DjangoTask):
    """Jobs queued once the transaction commits, without letting a broker outage fail it.

    The change is committed when the job is sent: if Redis is down, the error is logged
    and the request (a publish, say) still succeeds rather than answer 500 for a change
    that was saved. The periodic index reconcile then repairs what the lost job would have
    done (tests/faults/test_redis_outage.py); translation jobs have a sweep of their own
    (translation/tasks.py, queue_translation and queue_missing_translations).
    """

    def delay_on_commit(self, *args, **kwargs):
        self.apply_async_on_commit(args, kwargs)

    def apply_async_on_commit(self, *args, **kwargs):
        def send():
            try:
                self.apply_async(*args, **kwargs)
            except OperationalError:
                logger.exception("%s%r not queued: the broker is unreachable", self.name, args)

        transaction.on_commit(send)


app = Celery("kb", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
