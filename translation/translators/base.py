"""The translator interface, and the HTTP call with error mapping that remote ones share."""

import email.utils
import json
import time

import urllib3

from .errors import TranslationRejected, TranslationUnavailable
from .ratelimit import take_request_slot

SITE_LANGUAGES = frozenset({"en", "fr", "de", "it", "es"})


class Translator:
    """Translates lists of texts between ISO 639-1 language codes.

    Subclasses set `name` and `languages` and implement `translate_batch`; `translate`
    splits the texts into batches of at most `max_batch_texts` texts and
    `max_batch_chars` characters (one request each).
    """

    name = ""
    languages = frozenset()
    max_batch_texts = 50
    max_batch_chars = 50_000

    def supports(self, source, target):
        return source != target and source in self.languages and target in self.languages

    def translate(self, texts, source, target, *, html=False):
        """Returns the translations of `texts`, in order.

        With `html`, each text is an HTML fragment (Wagtail rich text): tags and attributes
        come back unchanged around the translated text.
        """
        if not self.supports(source, target):
            raise TranslationRejected(f"{self.name} does not translate {source} to {target}")
        translated = []
        for batch in batches(texts, self.max_batch_texts, self.max_batch_chars):
            translated.extend(self.translate_batch(batch, source, target, html=html))
        return translated

    def translate_batch(self, texts, source, target, *, html):
        raise NotImplementedError


def batches(texts, max_texts, max_chars):
    """Splits texts into consecutive lists within both limits (a longer text goes alone)."""
    batch, size = [], 0
    for text in texts:
        if batch and (len(batch) == max_texts or size + len(text) > max_chars):
            yield batch
            batch, size = [], 0
        batch.append(text)
        size += len(text)
    if batch:
        yield batch


class RemoteTranslator(Translator):
    """A translator behind an HTTP API, with a timeout and a shared requests-per-minute limit.

    Requests are never retried here: failures become `TranslationUnavailable` or
    `TranslationRejected` for the caller (a Celery task) to retry with backoff or give up.
    """

    requests_per_minute = 0  # no limit

    def __init__(self, *, timeout, requests_per_minute=0):
        self.requests_per_minute = requests_per_minute or self.requests_per_minute
        self.http = urllib3.PoolManager(retries=False, timeout=urllib3.Timeout(total=timeout))

    def post(self, url, *, json_body=None, form=None, headers=None):
        """POSTs a JSON body or a form and returns the decoded JSON response."""
        if self.requests_per_minute:
            take_request_slot(self.name, self.requests_per_minute)
        try:
            if json_body is not None:
                response = self.http.request("POST", url, json=json_body, headers=headers)
            else:
                response = self.http.request(
                    "POST", url, fields=form, encode_multipart=False, headers=headers
                )
        except urllib3.exceptions.HTTPError as error:
            raise TranslationUnavailable(f"{self.name}: {error}") from error
        return self.read_response(response)

    def read_response(self, response):
        try:
            payload = json.loads(response.data)
        except ValueError:
            payload = None
        if response.status == 200 and payload is not None:
            return payload
        message = f"{self.name}: HTTP {response.status} {error_message(payload, response)}"
        if response.status == 429 or response.status >= 500 or response.status == 200:
            raise TranslationUnavailable(message, retry_after=retry_after(response))
        raise TranslationRejected(message)


def error_message(payload, response):
    """The provider's reason: `explanation` (APY), `message` (DeepL), `error` (LibreTranslate)."""
    if isinstance(payload, dict):
        for key in ("explanation", "message", "error"):
            if payload.get(key):
                return str(payload[key])
    return response.data[:200].decode(errors="replace")


def retry_after(response):
    """Seconds to wait from a Retry-After header (seconds or an HTTP date), or None."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def expect_translations(translations, count, provider):
    """Checks a response's translations: a malformed answer is a server fault, so transient."""
    if not isinstance(translations, list) or len(translations) != count:
        raise TranslationUnavailable(f"{provider}: expected {count} translations in the response")
    return translations
