"""What a translator raises; callers decide between retrying later and giving up."""


class TranslationError(Exception):
    """Base class: the texts were not translated."""


class TranslationUnavailable(TranslationError):
    """A transient failure (connection error, timeout, HTTP 429 or 5xx, local rate limit).

    Retry later with backoff; `retry_after` is the wait in seconds the provider asked for,
    or None when it did not say.
    """

    def __init__(self, message, retry_after=None):
        super().__init__(message)
        self.retry_after = retry_after


class TranslationRejected(TranslationError):
    """A permanent failure: unsupported language pair, bad request or key, quota exhausted.

    Retrying the same request will not help; the translation waits for a person.
    """
