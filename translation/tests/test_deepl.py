"""The DeepL client against a local server speaking DeepL's v2 API."""

import pytest

from translation.translators import TranslationRejected, TranslationUnavailable
from translation.translators.deepl import DeepLTranslator

from .conftest import Reply


@pytest.fixture
def deepl(provider_server):
    def translate(request):
        texts = request.body["text"]
        return Reply(body={"translations": [
            {"detected_source_language": "FR", "text": f"EN:{text}"} for text in texts
        ]})

    provider_server.respond = translate
    return DeepLTranslator(provider_server.url, "secret-key:fx", timeout=5)


def test_request_shape_and_translations(deepl, provider_server):
    assert deepl.translate(["Bonjour", "Merci"], "fr", "en") == ["EN:Bonjour", "EN:Merci"]
    [request] = provider_server.requests
    assert request.path == "/v2/translate"
    assert request.headers["authorization"] == "DeepL-Auth-Key secret-key:fx"
    assert request.headers["content-type"].startswith("application/json")
    assert request.body == {
        "text": ["Bonjour", "Merci"], "source_lang": "FR", "target_lang": "EN-GB"
    }


def test_rich_text_asks_for_tag_handling(deepl, provider_server):
    deepl.translate(["<p>Hallo</p>"], "de", "it", html=True)
    [request] = provider_server.requests
    assert request.body["tag_handling"] == "html"
    assert (request.body["source_lang"], request.body["target_lang"]) == ("DE", "IT")


def test_more_than_fifty_texts_go_in_several_requests(deepl, provider_server):
    texts = [f"Phrase {n}" for n in range(120)]
    assert deepl.translate(texts, "fr", "es") == [f"EN:{text}" for text in texts]
    assert [len(request.body["text"]) for request in provider_server.requests] == [50, 50, 20]


def test_every_site_language_pair_is_supported(deepl):
    assert deepl.supports("de", "fr") and deepl.supports("en", "de")
    assert not deepl.supports("fr", "fr") and not deepl.supports("fr", "pt")


def test_too_many_requests_is_unavailable_with_retry_after(deepl, provider_server):
    provider_server.respond = lambda request: Reply(
        429, {"message": "Too many requests"}, {"Retry-After": "7"}
    )
    with pytest.raises(TranslationUnavailable, match="Too many requests") as raised:
        deepl.translate(["Bonjour"], "fr", "en")
    assert raised.value.retry_after == 7


def test_server_error_is_unavailable(deepl, provider_server):
    provider_server.respond = lambda request: Reply(503, {"message": "Service unavailable"})
    with pytest.raises(TranslationUnavailable) as raised:
        deepl.translate(["Bonjour"], "fr", "en")
    assert raised.value.retry_after is None


@pytest.mark.parametrize(
    ("status", "message"), [(403, "Wrong auth key"), (456, "Quota exceeded"), (400, "Bad request")]
)
def test_client_errors_and_exhausted_quota_are_rejected(deepl, provider_server, status, message):
    provider_server.respond = lambda request: Reply(status, {"message": message})
    with pytest.raises(TranslationRejected, match=f"HTTP {status} {message}"):
        deepl.translate(["Bonjour"], "fr", "en")


def test_a_short_answer_is_unavailable(deepl, provider_server):
    provider_server.respond = lambda request: Reply(body={"translations": []})
    with pytest.raises(TranslationUnavailable, match="expected 1 translations"):
        deepl.translate(["Bonjour"], "fr", "en")


def test_closed_port_is_unavailable(closed_port_url):
    with pytest.raises(TranslationUnavailable):
        DeepLTranslator(closed_port_url, "key", timeout=5).translate(["Bonjour"], "fr", "en")
