"""The Celery application: indexing and translation jobs run on workers fed by Redis."""

import functools
import os

from celery import Celery
from celery.contrib.django.task import DjangoTask
from django.db import transaction

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")


class Task(DjangoTask):
    """Jobs queued once the transaction commits, without letting a broker outage fail it.

    The change is committed when the job is sent: if Redis is down, Django logs the error
    and the request (a publish, say) still succeeds rather than answer 500 for a change
    that was saved. The periodic index reconcile then repairs what the lost job would have
    done (tests/faults/test_redis_outage.py).
    """

    def delay_on_commit(self, *args, **kwargs):
        transaction.on_commit(functools.partial(self.delay, *args, **kwargs), robust=True)

    def apply_async_on_commit(self, *args, **kwargs):
        transaction.on_commit(functools.partial(self.apply_async, *args, **kwargs), robust=True)


app = Celery("kb", task_cls=Task)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
