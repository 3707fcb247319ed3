"""Text normalisation applied the same way to indexed text and to user queries.

The node has no `asciifolding` filter and no `elision` filter, so both are done here, in
Python, before a text reaches it: `split_elisions` on every text and query, whichever
chain analyses it (a French query may be analysed as English, and French text meets the
neutral chain), `fold_accents` on the neutral fields and the queries sent to them.
"""

import re
import unicodedata

# Letters that Unicode does not decompose into a base letter and a combining mark.
_LIGATURES = str.maketrans(
    {
        "ß": "ss",
        "ẞ": "SS",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ð": "d",
        "Ð": "D",
        "þ": "th",
        "Þ": "TH",
        "ı": "i",
        "’": "'",
    }
)


# The combining diacritical mark blocks (a regular expression is ~20× faster than testing
# unicodedata.combining() character by character, which matters for bulk indexing).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


# Elided articles and prepositions of French and Italian ("l'", "d'", "qu'", "dell'",
# "all'", "un'"), glued to the next word by an apostrophe, straight or typographic.
ELISION = re.compile(
    r"(?i)(?<![\w'’])(?:l|d|j|m|n|s|t|c|qu|jusqu|lorsqu|puisqu|quoiqu|presqu|dell|dall|nell"
    r"|sull|all|coll|pell|tra|un|quest|quell|nessun|buon|bell|sant|tutt)['’](?=\w)"
)


def split_elisions(text):
    """`text` without elided articles: "l'apprentissage dell'inclusione" → "apprentissage
    inclusione", so that the word matches however it was elided."""
    return ELISION.sub("", text) if text else ""


def fold_accents(text):
    """`text` without diacritics, elisions or apostrophes: "Éducation à l'emploi" →
    "Education a emploi". Case is kept (the analyzers lowercase)."""
    if not text:
        return ""
    # The standard tokenizer keeps "l'été" as one token: elisions go, other apostrophes
    # ("women's") split the word.
    text = split_elisions(text).replace("'", " ").replace("’", " ")
    if text.isascii():
        return text
    text = text.translate(_LIGATURES)
    stripped = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", stripped)


def sort_key(text):
    """The value a title sorts by: folded and lowercased, so "Été" sorts among the e's."""
    return " ".join(fold_accents(text).lower().split())


PREFIX_LENGTH = 5
# Characters that the node's standard tokenizer makes a word of each: Han ideographs and
# Hiragana. Any other run of letters and digits is one word.
_ONE_CHARACTER_WORDS = "\u3040-\u309f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ffff"
_TOKEN = re.compile(f"[{_ONE_CHARACTER_WORDS}]|[^\\W{_ONE_CHARACTER_WORDS}]+")


def words_of(text):
    """The words of `text`, as the node's tokenizer makes them (near enough)."""
    return _TOKEN.findall(text)


def first_words(text, count):
    """`text` up to its `count`th word as the node's tokenizer counts them (near enough),
    the rest left out; all of `text` when it has no more words."""
    for number, match in enumerate(_TOKEN.finditer(text)):
        if number == count:
            return text[: match.start()]
    return text


def word_prefixes(text):
    """The first PREFIX_LENGTH letters of each folded, lowercased word of `text`: a crude
    stemmer that is the same in every language, so that "lavorativo" meets "lavoro" and
    "formation" meets "formazione" and "formación" (cognates across the five languages)."""
    return " ".join(word[:PREFIX_LENGTH] for word in words_of(fold_accents(text).lower()))
