"""How a wagtail-localize job's arguments cross to a Celery worker, and back.

wagtail-localize hands its job backend model instances (locales, the requesting user) and
objects that cannot cross a process boundary. `encode_argument` turns each into a
reference (model and primary key, or a list of them); `decode_argument` reads them back
from the database when the job runs, so the worker always acts on current rows. Both the
backend that sends a job (translation/jobs.py) and the task that runs it
(translation/tasks.py) use them.

Two arguments have no reference: a `PageIndex` (a cache of the page tree, rebuilt by the
job when absent) is dropped; translation components (none are registered on this site)
are passed as None when empty and refused otherwise, rather than silently lost.
"""

from django.apps import apps
from django.db import models
from wagtail_localize.components import BaseComponentManager
from wagtail_localize.synctree import PageIndex

MODEL_REFERENCE = "__model__"


def encode_argument(value):
    """A JSON-serialisable stand-in for `value`: models become (label, pk) references."""
    if isinstance(value, models.Model):
        return {MODEL_REFERENCE: value._meta.label_lower, "pk": value.pk}
    if isinstance(value, list | tuple):
        return [encode_argument(item) for item in value]
    if isinstance(value, PageIndex):
        return None
    if isinstance(value, BaseComponentManager):
        if value.components:
            raise TypeError("translation components cannot be passed to a Celery worker")
        return None
    return value


def decode_argument(value):
    """The inverse of `encode_argument`, reading referenced rows from the database."""
    if isinstance(value, dict) and MODEL_REFERENCE in value:
        model = apps.get_model(value[MODEL_REFERENCE])
        return model._default_manager.get(pk=value["pk"])
    if isinstance(value, list):
        return [decode_argument(item) for item in value]
    return value


def function_path(func):
    """The dotted path a job's function is sent by, and looked up by on the worker."""
    return f"{func.__module__}.{func.__qualname__}"
