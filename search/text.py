"""Text normalisation applied the same way to indexed text and to user queries.

The node has no `asciifolding` filter and no `elision` filter, so the language-neutral
fields are folded here, in Python, before indexing; the query side folds what users type
with the same function.
"""

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
        # Elisions: the standard tokenizer keeps "l'été" as one token; "l ete" is two.
        "'": " ",
        "’": " ",
    }
)


def fold_accents(text):
    """`text` without diacritics or apostrophes: "Éducation à l'emploi" → "Education a l emploi".

    Case is kept (the analyzers lowercase). Apostrophes become spaces so that an elided
    article ("l'", "d'", "dell'") is a word of its own and "emploi" matches "l'emploi".
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return unicodedata.normalize("NFC", stripped)


def sort_key(text):
    """The value a title sorts by: folded and lowercased, so "Été" sorts among the e's."""
    return " ".join(fold_accents(text).lower().split())
