"""Which language a practice is written in, when nobody said: an offline detector (lingua).

The detector considers only the languages a practice may be written in
(practices.languages) that lingua knows, which makes it faster and more accurate than
considering all 75; each lingua language maps onto the code the site stores (`stored_code`).
Building it loads language models (a few seconds, some hundred MB for all languages), so it
is built once per process, on first use.
"""

from collections import defaultdict
from functools import cache

from lingua import Language, LanguageDetectorBuilder

from practices.languages import ORIGINAL_LANGUAGE_CODES

# Below this confidence the text is too short or too mixed to say.
MINIMUM_CONFIDENCE = 0.5
# lingua's ISO 639-1 codes that the site stores under another code: Norwegian is one
# language of practices ("no"), written in Bokmål or Nynorsk.
STORED_CODES = {"nb": "no", "nn": "no"}
# Languages a practice may be written in that lingua has no model for.
UNDETECTABLE_CODES = {"gl"}


def stored_code(language):
    """The code the site stores for a lingua language, or None if practices never use it."""
    code = language.iso_code_639_1.name.lower()
    code = STORED_CODES.get(code, code)
    return code if code in ORIGINAL_LANGUAGE_CODES else None


def detectable_languages():
    return [language for language in Language.all() if stored_code(language)]


@cache
def detector():
    return LanguageDetectorBuilder.from_languages(*detectable_languages()).build()


def detect_language(text):
    """The stored code of the language `text` is written in, or None if unsure.

    Confidences are added up per stored code, so that Bokmål and Nynorsk together say "no".
    """
    if not text or not text.strip():
        return None
    confidences = defaultdict(float)
    for confidence in detector().compute_language_confidence_values(text):
        confidences[stored_code(confidence.language)] += confidence.value
    if not confidences:
        return None
    code, value = max(confidences.items(), key=lambda item: item[1])
    return code if value >= MINIMUM_CONFIDENCE else None
