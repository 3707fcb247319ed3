from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "search"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import (
            analytics,  # noqa: F401  (registers the task that flushes the search counts)
            signals,
        )

        signals.connect()
