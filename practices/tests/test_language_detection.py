"""Language detection answers only codes the site stores, for every language lingua knows."""

import pytest
from lingua import Language

from practices.language_detection import (
    UNDETECTABLE_CODES,
    detect_language,
    detectable_languages,
    stored_code,
)
from practices.languages import ORIGINAL_LANGUAGE_CODES


@pytest.mark.parametrize("language", sorted(Language.all(), key=lambda item: item.name),
                         ids=lambda language: language.name)
def test_every_lingua_language_maps_onto_a_stored_code_or_none(language):
    code = stored_code(language)
    assert code is None or code in ORIGINAL_LANGUAGE_CODES
    assert (language in detectable_languages()) == (code is not None)


def test_every_stored_language_lingua_has_a_model_for_can_be_detected():
    detectable = {stored_code(language) for language in detectable_languages()}
    assert detectable == set(ORIGINAL_LANGUAGE_CODES) - UNDETECTABLE_CODES


@pytest.mark.parametrize("text", [
    "Veiledere hjelper ungdom uten fullført utdanning med å finne arbeid og læreplass.",  # nb
    "Rettleiarar hjelper ungdom utan fullført utdanning med å finne arbeid og læreplass.",  # nn
])
def test_norwegian_is_stored_as_no_whether_bokmal_or_nynorsk(text):
    assert detect_language(text) == "no"
