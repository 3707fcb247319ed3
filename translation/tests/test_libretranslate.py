"""The LibreTranslate client against a local server speaking LibreTranslate's API."""

import email.utils
import time

import pytest

from translation.translators import TranslationRejected, TranslationUnavailable
from translation.translators.libretranslate import LibreTranslateTranslator

from .conftest import Reply


@pytest.fixture
def libretranslate(provider_server):
    provider_server.respond = lambda request: Reply(
        body={"translatedText": [f"{request.body['target']}:{text}" for text in request.body["q"]]}
    )
    return LibreTranslateTranslator(provider_server.url, "lt-key", timeout=5)


def test_request_shape_and_translations(libretranslate, provider_server):
    assert libretranslate.translate(["Hallo", "Danke"], "de", "en") == ["en:Hallo", "en:Danke"]
    [request] = provider_server.requests
    assert request.path == "/translate"
    assert request.body == {
        "q": ["Hallo", "Danke"],
        "source": "de",
        "target": "en",
        "format": "text",
        "api_key": "lt-key",
    }


def test_rich_text_is_sent_as_html_and_no_key_is_sent_without_one(provider_server):
    provider_server.respond = lambda request: Reply(body={"translatedText": ["<p>Ciao</p>"]})
    translator = LibreTranslateTranslator(provider_server.url, timeout=5)
    assert translator.translate(["<p>Hola</p>"], "es", "it", html=True) == ["<p>Ciao</p>"]
    [request] = provider_server.requests
    assert request.body["format"] == "html" and "api_key" not in request.body


def test_texts_go_fifty_per_request(libretranslate, provider_server):
    texts = [f"Satz {n}" for n in range(51)]
    assert libretranslate.translate(texts, "de", "fr") == [f"fr:{text}" for text in texts]
    assert [len(request.body["q"]) for request in provider_server.requests] == [50, 1]


def test_too_many_requests_is_unavailable_with_retry_after_date(libretranslate, provider_server):
    later = email.utils.formatdate(time.time() + 120, usegmt=True)
    provider_server.respond = lambda request: Reply(
        429, {"error": "Too many request limits violations"}, {"Retry-After": later}
    )
    with pytest.raises(TranslationUnavailable, match="limits violations") as raised:
        libretranslate.translate(["Hallo"], "de", "en")
    assert 60 < raised.value.retry_after <= 120


def test_server_error_is_unavailable(libretranslate, provider_server):
    provider_server.respond = lambda request: Reply(500, {"error": "Internal error"})
    with pytest.raises(TranslationUnavailable, match="Internal error"):
        libretranslate.translate(["Hallo"], "de", "en")


@pytest.mark.parametrize(
    ("status", "error"), [(400, "de is not supported"), (403, "Invalid API key")]
)
def test_bad_request_and_bad_key_are_rejected(libretranslate, provider_server, status, error):
    provider_server.respond = lambda request: Reply(status, {"error": error})
    with pytest.raises(TranslationRejected, match=error):
        libretranslate.translate(["Hallo"], "de", "en")
