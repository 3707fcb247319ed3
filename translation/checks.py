"""System checks: a misconfigured translator fails `manage.py check`, not the first job."""

from django.conf import settings
from django.core.checks import Error, register

from .translators import TRANSLATORS


@register()
def check_machine_translator(app_configs, **kwargs):
    name = settings.MACHINE_TRANSLATOR
    if name not in TRANSLATORS:
        return [
            Error(
                f"MACHINE_TRANSLATOR is {name!r}.",
                hint=f"Use one of: {', '.join(sorted(TRANSLATORS))}.",
                id="translation.E001",
            )
        ]
    required = {"deepl": "DEEPL_AUTH_KEY", "libretranslate": "LIBRETRANSLATE_URL"}.get(name)
    if required and not getattr(settings, required):
        return [
            Error(f"MACHINE_TRANSLATOR is {name!r} but {required} is empty.", id="translation.E002")
        ]
    return []
