"""Choosing the translator from settings, its system checks, and the shared rate limit."""

import uuid

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from translation.checks import check_machine_translator
from translation.translators import (
    TranslationRejected,
    TranslationUnavailable,
    get_translator,
    ratelimit,
)
from translation.translators.apertium import ApertiumTranslator
from translation.translators.deepl import DeepLTranslator
from translation.translators.libretranslate import LibreTranslateTranslator
from translation.translators.none import NoTranslator
from translation.translators.ratelimit import take_request_slot

from .conftest import Reply


def test_apertium_is_the_default(settings):
    translator = get_translator()
    assert isinstance(translator, ApertiumTranslator)
    assert translator.url == settings.APERTIUM_URL
    assert translator.requests_per_minute == 0


def test_deepl_and_libretranslate_take_their_settings(settings):
    settings.MACHINE_TRANSLATOR = "deepl"
    settings.DEEPL_AUTH_KEY = "abc"
    deepl = get_translator()
    assert isinstance(deepl, DeepLTranslator)
    assert (deepl.url, deepl.auth_key, deepl.requests_per_minute) == (
        settings.DEEPL_API_URL, "abc", 60
    )
    settings.MACHINE_TRANSLATOR = "libretranslate"
    settings.LIBRETRANSLATE_URL = "http://lt.example/"
    settings.MACHINE_TRANSLATION_REQUESTS_PER_MINUTE = 5
    libretranslate = get_translator()
    assert isinstance(libretranslate, LibreTranslateTranslator)
    assert (libretranslate.url, libretranslate.requests_per_minute) == ("http://lt.example", 5)


def test_none_translates_nothing(settings):
    settings.MACHINE_TRANSLATOR = "none"
    translator = get_translator()
    assert isinstance(translator, NoTranslator) and translator.name == "none"
    assert not translator.supports("fr", "en")
    with pytest.raises(TranslationRejected):
        translator.translate(["Bonjour"], "fr", "en")


def test_checks_catch_unknown_translators_and_missing_settings(settings):
    assert check_machine_translator(None) == []
    settings.MACHINE_TRANSLATOR = "google"
    assert [error.id for error in check_machine_translator(None)] == ["translation.E001"]
    with pytest.raises(SystemCheckError, match="translation.E001"):
        call_command("check")
    settings.MACHINE_TRANSLATOR = "deepl"
    settings.DEEPL_AUTH_KEY = ""
    assert [error.id for error in check_machine_translator(None)] == ["translation.E002"]


def test_requests_over_the_limit_wait_for_the_next_minute(monkeypatch):
    provider = f"test-{uuid.uuid4()}"
    start = 60 * 28_333_334 + 40.0  # 40 s into a minute: 20 s until the next window
    monkeypatch.setattr(ratelimit, "clock", lambda: start)
    take_request_slot(provider, 2)
    take_request_slot(provider, 2)
    with pytest.raises(TranslationUnavailable) as raised:
        take_request_slot(provider, 2)
    assert raised.value.retry_after == 20
    monkeypatch.setattr(ratelimit, "clock", lambda: start + 19.9)
    with pytest.raises(TranslationUnavailable):
        take_request_slot(provider, 2)
    monkeypatch.setattr(ratelimit, "clock", lambda: start + 20)
    take_request_slot(provider, 2)
    take_request_slot(provider, 2)
    with pytest.raises(TranslationUnavailable):
        take_request_slot(provider, 2)


def test_a_limited_translator_stops_before_sending(provider_server, monkeypatch):
    monkeypatch.setattr(ratelimit, "clock", lambda: 1_700_000_040.0)
    provider_server.respond = lambda request: Reply(body={"translatedText": ["x"]})
    translator = LibreTranslateTranslator(provider_server.url, timeout=5, requests_per_minute=1)
    translator.name = f"test-{uuid.uuid4()}"
    translator.translate(["a"], "fr", "en")
    with pytest.raises(TranslationUnavailable):
        translator.translate(["b"], "fr", "en")
    assert len(provider_server.requests) == 1


@pytest.mark.parametrize("url, key, expected", [
    ("https://api.deepl.com", "0f1e2d3c-aaaa-bbbb-cccc-123456789abc:fx", "https://api-free.deepl.com"),
    ("https://api.deepl.com/", "0f1e2d3c-aaaa-bbbb-cccc-123456789abc:fx", "https://api-free.deepl.com"),
    ("https://api.deepl.com", "0f1e2d3c-aaaa-bbbb-cccc-123456789abc", "https://api.deepl.com"),
    ("http://127.0.0.1:9911", "0f1e2d3c-aaaa-bbbb-cccc-123456789abc:fx", "http://127.0.0.1:9911"),
])
def test_a_free_plan_deepl_key_uses_the_free_endpoint(settings, url, key, expected):
    settings.MACHINE_TRANSLATOR = "deepl"
    settings.DEEPL_API_URL = url
    settings.DEEPL_AUTH_KEY = key
    assert get_translator().url == expected
