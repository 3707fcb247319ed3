"""The Apertium translator against the real APY server (settings.APERTIUM_URL)."""

import re

import pytest
from django.conf import settings

from translation.translators import TranslationRejected, TranslationUnavailable
from translation.translators.apertium import SEGMENT_BREAK, ApertiumTranslator, route


@pytest.fixture
def apertium():
    return ApertiumTranslator(settings.APERTIUM_URL, timeout=30)


def words(text):
    return set(re.findall(r"\w+", text.lower()))


def test_english_to_spanish_direct(apertium):
    [translated] = apertium.translate(["The project helps vulnerable families."], "en", "es")
    assert {"proyecto", "familias", "vulnerables"} <= words(translated)


def test_french_to_english_through_spanish(apertium):
    assert route("fr", "en") == ["fr", "es", "en"]
    [translated] = apertium.translate(
        ["La formation professionnelle aide les jeunes à trouver un emploi."], "fr", "en"
    )
    found = words(translated)
    # Apertium's own wording today is "The professional formation helps the youngsters
    # to find a work."; each group also accepts the wording a better pair would choose.
    assert found & {"training", "vocational", "professional"}, translated
    assert any(word.startswith("young") for word in found), translated
    assert found & {"job", "employment", "work"}, translated
    assert not found & {"jeunes", "emploi", "trouver", "aide"}, translated


def test_spanish_to_italian_direct(apertium):
    [translated] = apertium.translate(
        ["El proyecto ayuda a las familias a encontrar una vivienda."], "es", "it"
    )
    assert {"famiglie", "trovare", "alloggio"} <= words(translated)


def test_italian_to_french_through_spanish(apertium):
    assert route("it", "fr") == ["it", "es", "fr"]
    [translated] = apertium.translate(["Il progetto aiuta le famiglie."], "it", "fr")
    assert {"projet", "aide", "familles"} <= words(translated)


def test_german_is_unsupported(apertium):
    assert not apertium.supports("de", "en")
    assert not apertium.supports("fr", "de")
    assert apertium.supports("en", "it")
    with pytest.raises(TranslationRejected):
        apertium.translate(["Guten Tag."], "de", "en")


def test_a_batch_keeps_order_and_each_text_apart(apertium):
    texts = [f"The women follow a course number {n}." for n in range(30)] + ["Thank you"]
    translated = apertium.translate(texts, "en", "es")
    assert len(translated) == len(texts)
    for n, text in enumerate(translated[:30]):
        assert re.search(rf"\b{n}\.$", text), text
    assert translated[-1] == "Gracias"


def test_texts_over_the_batch_limits_go_in_several_requests(apertium):
    apertium.max_batch_texts = 3
    texts = ["Thank you", "Hello", "Thank you", "Hello", "Thank you"]
    expected = ["Gracias", "Hola", "Gracias", "Hola", "Gracias"]
    assert apertium.translate(texts, "en", "es") == expected


def test_a_text_holding_the_batch_marker_is_translated_alone(apertium):
    texts = [f"<p>Thank you</p>{SEGMENT_BREAK}<p>Hello</p>", "<p>Thank you</p>"]
    translated = apertium.translate(texts, "en", "es", html=True)
    assert translated == [f"<p>Gracias</p>{SEGMENT_BREAK}<p>Hola</p>", "<p>Gracias</p>"]


def test_plain_text_keeps_markup_characters_and_surrounding_whitespace(apertium):
    texts = ["  Fish & chips <3 ", "\nThank you\n", "", "   "]
    translated = apertium.translate(texts, "en", "es")
    assert translated[1:] == ["\nGracias\n", "", "   "]
    assert translated[0].startswith("  ") and translated[0].endswith(" <3 "), translated[0]
    assert {"pez", "chips"} <= words(translated[0]) and "&" in translated[0]


def test_rich_text_keeps_tags_and_attributes(apertium):
    rich_text = (
        '<p>The <b>mentoring</b> programme helps <i>young</i> people. '
        '<a href="https://example.org/practices/?lang=en&amp;page=2" title="Read more">'
        "Read the report</a>.</p><ul><li>Housing</li><li>Training</li></ul>"
    )
    [translated] = apertium.translate([rich_text], "en", "fr", html=True)
    tags = r"</?\w+[^>]*>"
    assert re.findall(tags, translated) == re.findall(tags, rich_text)
    assert 'href="https://example.org/practices/?lang=en&amp;page=2"' in translated
    assert {"programme", "jeunes", "logement", "formation"} <= words(translated)


def test_closed_port_is_unavailable(closed_port_url):
    translator = ApertiumTranslator(closed_port_url, timeout=5)
    with pytest.raises(TranslationUnavailable) as raised:
        translator.translate(["Hello"], "en", "es")
    assert raised.value.retry_after is None


def test_the_servers_own_refusal_is_rejected(apertium):
    # APY answers 400 "That pair is not installed" for a pair it lacks.
    with pytest.raises(TranslationRejected, match="not installed"):
        apertium.post(f"{apertium.url}/translate", form={"langpair": "deu|spa", "q": "Hallo"})
