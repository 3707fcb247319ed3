"""Which language a practice is written in, when nobody said: an offline detector (lingua).

The detector considers only the languages a practice may be written in
(practices.languages) that lingua knows, which makes it faster and more accurate than
considering all 75. Building it loads language models (a few seconds, some hundred MB
for all languages), so it is built once per process, on first use.
"""

from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from practices.languages import ORIGINAL_LANGUAGE_CODES

# Below this confidence the text is too short or too mixed to say.
MINIMUM_CONFIDENCE = 0.5


def detectable_languages():
    languages = []
    for code in ORIGINAL_LANGUAGE_CODES:
        iso_code = getattr(IsoCode639_1, code.upper(), None)
        if iso_code is not None:
            languages.append(Language.from_iso_code_639_1(iso_code))
    return languages


@cache
def detector():
    return LanguageDetectorBuilder.from_languages(*detectable_languages()).build()


def detect_language(text):
    """The ISO 639-1 code of the language `text` is written in, or None if unsure."""
    if not text or not text.strip():
        return None
    confidences = detector().compute_language_confidence_values(text)
    if not confidences or confidences[0].value < MINIMUM_CONFIDENCE:
        return None
    return confidences[0].language.iso_code_639_1.name.lower()
