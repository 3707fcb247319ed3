"""Machine translators behind one small interface.

    from translation.translators import get_translator, TranslationUnavailable

    translator = get_translator()                # from settings.MACHINE_TRANSLATOR
    if translator.supports("fr", "en"):
        texts = translator.translate(["Bonjour."], "fr", "en")              # -> ["Hello."]
        fragments = translator.translate(["<p>…</p>"], "fr", "en", html=True)

- `name`: "apertium", "deepl", "libretranslate" or "none".
- `supports(source, target)`: whether this translator can do the pair, without a
  network call. Codes are ISO 639-1 (en, fr, de, it, es). Apertium does en, fr, es,
  it (some through Spanish or Catalan) and no German; "none" supports nothing.
- `translate(texts, source, target, *, html=False)`: the translations, in order.
  Batches requests as the provider allows. With `html=True` each text is an HTML
  fragment (Wagtail rich text) whose tags and attributes come back unchanged.

Errors (translation/translators/errors.py), both subclasses of `TranslationError`:
- `TranslationUnavailable`: transient (connection error, timeout, HTTP 429 or 5xx, the
  shared requests-per-minute limit reached). Retry with backoff, waiting at least
  `retry_after` seconds when it is not None.
- `TranslationRejected`: permanent (unsupported pair, any other 4xx, DeepL's 456 quota
  exhausted). Do not retry; leave the translation to a person.

Rate limiting: each request to a remote provider takes a slot in a per-provider,
per-minute counter in the Redis cache shared by all workers (ratelimit.py); the limit is
the translator's `requests_per_minute` (DeepL 60, LibreTranslate 30, Apertium none,
MACHINE_TRANSLATION_REQUESTS_PER_MINUTE overrides). A full minute raises
`TranslationUnavailable` with `retry_after`, so callers need no rate limit of their own.

`get_translator()` builds a new translator (and HTTP connection pool) each call: keep one
for the length of a job rather than one per text.
"""

from django.conf import settings

from .apertium import ApertiumTranslator
from .base import Translator
from .deepl import DeepLTranslator
from .errors import TranslationError, TranslationRejected, TranslationUnavailable
from .libretranslate import LibreTranslateTranslator
from .none import NoTranslator

__all__ = [
    "TRANSLATORS",
    "TranslationError",
    "TranslationRejected",
    "TranslationUnavailable",
    "Translator",
    "get_translator",
]


def build_apertium():
    return ApertiumTranslator(settings.APERTIUM_URL, **remote_options())


def build_deepl():
    return DeepLTranslator(settings.DEEPL_API_URL, settings.DEEPL_AUTH_KEY, **remote_options())


def build_libretranslate():
    return LibreTranslateTranslator(
        settings.LIBRETRANSLATE_URL, settings.LIBRETRANSLATE_API_KEY, **remote_options()
    )


def remote_options():
    return {
        "timeout": settings.MACHINE_TRANSLATION_TIMEOUT,
        "requests_per_minute": settings.MACHINE_TRANSLATION_REQUESTS_PER_MINUTE,
    }


TRANSLATORS = {
    "apertium": build_apertium,
    "deepl": build_deepl,
    "libretranslate": build_libretranslate,
    "none": NoTranslator,
}


def get_translator():
    """The translator settings.MACHINE_TRANSLATOR names (checked by translation.E001)."""
    return TRANSLATORS[settings.MACHINE_TRANSLATOR]()
