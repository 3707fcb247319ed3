"""Which of the site languages a query is written in, when the words say so clearly.

A French query typed on the English page, or sent to the API without `lang`, must be
analysed as French (its stop words, its stems) as well as in the interface language. The
detector (lingua, offline) considers only the five site languages; it is built once per
process, on first use, with lingua's low-accuracy models (the short-text ones cost
memory and time a query does not need).
"""

from functools import cache

from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

from .documents import LANGUAGES

# Below this confidence a query is too short or too mixed to say (lingua's values sum to 1
# over the candidate languages).
MINIMUM_CONFIDENCE = 0.6
MINIMUM_LETTERS = 4


@cache
def detector():
    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper()))
                 for code in LANGUAGES]  # fmt: skip
    return LanguageDetectorBuilder.from_languages(*languages).with_low_accuracy_mode().build()


def query_language(text):
    """The site language `text` is written in, or None when unsure."""
    if sum(char.isalpha() for char in text) < MINIMUM_LETTERS:
        return None
    confidences = detector().compute_language_confidence_values(text)
    if not confidences or confidences[0].value < MINIMUM_CONFIDENCE:
        return None
    return confidences[0].language.iso_code_639_1.name.lower()
