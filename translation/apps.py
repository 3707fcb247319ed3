from django.apps import AppConfig


class TranslationConfig(AppConfig):
    name = "translation"
    verbose_name = "Machine translation"

    def ready(self):
        from . import (
            checks,  # noqa: F401  (registers the system checks)
            signals,
        )

        signals.connect()
