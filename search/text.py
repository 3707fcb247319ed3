"""Text normalisation applied the same way to indexed text and to user queries.

The node has no `asciifolding` filter and no `elision` filter, so the language-neutral
fields are folded here, in Python, before indexing; the query side folds what users type
with the same function.
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
        "’": " ",
    }
)


# The combining diacritical mark blocks (a regular expression is ~20× faster than testing
# unicodedata.combining() character by character, which matters for bulk indexing).
_COMBINING_MARKS = re.compile("[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]")


def fold_accents(text):
    """`text` without diacritics or apostrophes: "Éducation à l'emploi" → "Education a l emploi".

    Case is kept (the analyzers lowercase). Apostrophes become spaces so that an elided
    article ("l'", "d'", "dell'") is a word of its own and "emploi" matches "l'emploi".
    """
    if not text:
        return ""
    # Elisions: the standard tokenizer keeps "l'été" as one token; "l ete" is two.
    text = text.replace("'", " ")
    if text.isascii():
        return text
    text = text.translate(_LIGATURES)
    stripped = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", text))
    return unicodedata.normalize("NFC", stripped)


def sort_key(text):
    """The value a title sorts by: folded and lowercased, so "Été" sorts among the e's."""
    return " ".join(fold_accents(text).lower().split())
