"""wagtail-localize's background jobs, run on our Celery workers ("translation" queue).

wagtail-localize hands its job backend a function and its arguments. `CeleryJobBackend`
encodes the arguments as references (translation/arguments.py) and `run_localize_job`
(translation/tasks.py) reads them back from the database when the job runs.
"""

from django.db import transaction
from wagtail_localize.tasks import BaseJobBackend

from .arguments import encode_argument, function_path


class CeleryJobBackend(BaseJobBackend):
    """Sends each job to the "translation" queue once the current transaction commits."""

    def enqueue(self, func, args, kwargs):
        from .tasks import run_localize_job

        encoded_args = encode_argument(list(args))
        encoded_kwargs = {name: encode_argument(value) for name, value in kwargs.items()}
        transaction.on_commit(
            lambda: run_localize_job.delay(function_path(func), encoded_args, encoded_kwargs)
        )
