"""Query words in other languages, from the FreeDict bilingual dictionaries.

German practices get no machine translation, so a German visitor's words would only reach
practices written in German. `translate_query("Ausbildung junger Menschen", "de")` gives,
for each other language, the words of the query in it ({"en": [["training", "education"],
["young"], ["people", "persons"]], "fr": ...}), which `search.queries` adds as weaker
clauses on that language's fields.

The dictionaries are Debian's `dict-freedict-<src>-<dst>` packages (dictd format under
/usr/share/dictd/, installed by scripts/install-dictionaries.sh). A pair is parsed once,
on first use, into {headword (lower case): first few translations}, and that map is kept
as JSON under .cache/query-translation/, so a process loads it in well under a second.
A word missing from the direct pair is looked up through English.
"""

import gzip
import json
import re
from functools import cache
from pathlib import Path

DICT_DIR = Path("/usr/share/dictd")
CACHE_DIR = Path(__file__).resolve().parent.parent / ".cache" / "query-translation"
CACHE_FORMAT = 1  # bump when the parsing changes
ISO_639_3 = {"en": "eng", "fr": "fra", "de": "deu", "it": "ita", "es": "spa"}
# Query languages whose practices have no machine translation into them.
EXPANDED_LANGUAGES = ("de",)
PIVOT = "en"
MAX_TRANSLATIONS = 4
MAX_WORDS = 8  # a long query is not expanded word by word beyond this
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
WORD = re.compile(r"\w+", re.UNICODE)
NOISE = re.compile(r"<[^>]*>|\[[^\]]*\]|/[^/]*/|\{[^}]*\}|\([^)]*\)")
SENSE = re.compile(r"^\s*\d+\.\s")
# German inflections tried, longest first, when the word itself is no headword.
SUFFIXES = ("ern", "en", "er", "es", "em", "e", "n", "s")


def decode_number(text):
    """A dictd index offset or length (base64 digits, most significant first)."""
    number = 0
    for char in text:
        number = number * 64 + B64.index(char)
    return number


def entry_translations(entry):
    """The translations in one dictd entry: its second line, and numbered sense lines."""
    lines = entry.splitlines()[1:]
    chosen = [line for index, line in enumerate(lines) if index == 0 or SENSE.match(line)]
    translations = []
    for line in chosen:
        for part in re.split(r"[,;]", NOISE.sub(" ", SENSE.sub("", line))):
            word = " ".join(part.split()).lower()
            if word and word not in translations:
                translations.append(word)
    return translations


def parse_pair(source, target):
    """{headword: translations} of the installed dictionary `source`→`target`, or {}."""
    stem = DICT_DIR / f"freedict-{ISO_639_3[source]}-{ISO_639_3[target]}"
    index_path, dict_path = stem.with_suffix(".index"), stem.with_suffix(".dict.dz")
    if not (index_path.exists() and dict_path.exists()):
        return {}
    with gzip.open(dict_path) as file:  # dictzip is gzip with a random-access header
        data = file.read()
    mapping = {}
    with index_path.open(encoding="utf-8") as index:
        for line in index:
            headword, offset, length = line.rstrip("\n").split("\t")[:3]
            if headword.startswith("00database"):
                continue
            start = decode_number(offset)
            entry = data[start : start + decode_number(length)].decode("utf-8", "replace")
            known = mapping.setdefault(headword.lower(), [])
            for translation in entry_translations(entry):
                if len(known) < MAX_TRANSLATIONS and translation not in known:
                    known.append(translation)
    return {word: found for word, found in mapping.items() if found}


@cache
def dictionary(source, target):
    """The map of one pair, from the JSON cache, parsing the dictionary the first time."""
    path = CACHE_DIR / f"{source}-{target}.v{CACHE_FORMAT}.json"
    if path.exists():
        return json.loads(path.read_text(encoding="utf-8"))
    mapping = parse_pair(source, target)
    if mapping:
        CACHE_DIR.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        temporary.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
        temporary.replace(path)
    return mapping


def lookup(mapping, word):
    """Translations of `word`, or of the word without a common inflection."""
    if word in mapping:
        return mapping[word]
    for suffix in SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            found = mapping.get(word[: -len(suffix)])
            if found:
                return found
    return []


def translate_word(word, source, target):
    """`word` in `target`: directly, or through English when the direct pair lacks it."""
    direct = lookup(dictionary(source, target), word)
    if direct or PIVOT in (source, target):
        return direct
    through = []
    for english in lookup(dictionary(source, PIVOT), word):
        for found in dictionary(PIVOT, target).get(english, []):
            if found not in through:
                through.append(found)
    return through[:MAX_TRANSLATIONS]


def translate_query(text, language, targets):
    """{target language: [translations of each query word that has some]}, for a query in
    one of EXPANDED_LANGUAGES; {} for any other language."""
    if language not in EXPANDED_LANGUAGES:
        return {}
    words = [word.lower() for word in WORD.findall(text)][:MAX_WORDS]
    expanded = {}
    for target in targets:
        if target == language or target not in ISO_639_3:
            continue
        groups = [found for word in words if (found := translate_word(word, language, target))]
        if groups:
            expanded[target] = groups
    return expanded
