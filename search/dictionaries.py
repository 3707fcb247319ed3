"""Words in other languages, from the FreeDict bilingual dictionaries, for matching only.

Two uses, both in every direction among en, fr, de, it, es:

- `translate_query(words, "en", targets)`: for each target language, the translations of
  each query word ({"fr": [["formation", "apprentissage"], ["jeune"]], ...}), which the
  Elasticsearch backend adds as weaker clauses on that language's fields, so that a query
  reaches practices that exist only in other languages;
- `gloss(text, "de", "en")`: a word-by-word rendering of a text, indexed (never shown) for
  practices that have no version in a language: German ones, since no machine translator
  reaches German.

The dictionaries are Debian's `dict-freedict-<src>-<dst>` packages (dictd format under
/usr/share/dictd/, listed in scripts/debian-packages.txt). Debian has 17 of the 20
directions; a small dictionary is completed with its reverse read backwards (which also
gives the three missing directions), and a word still missing is looked up through English.
A direction is parsed once, on first use (or by `make services`), into rows of headword
(lower case), accent-folded headword and first few translations, in an SQLite file in
settings.DATA_CACHE_DIR (`make services` and the Dockerfile build it): a web process then
looks words up on disk (with a cache of the words it met) rather than holding the
half-million German headwords in memory.
A word that is no headword is tried without its inflection (plural, German case endings),
accent-folded, and, in German, as a compound of two headwords.
"""

import gzip
import json
import os
import re
import sqlite3
import threading
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings

from .text import fold_accents, split_elisions

DICT_DIR = Path("/usr/share/dictd")
CACHE_FORMAT = 2  # bump when the parsing changes
ISO_639_3 = {"en": "eng", "fr": "fra", "de": "deu", "it": "ita", "es": "spa"}
PIVOT = "en"
MAX_TRANSLATIONS = 4
GLOSS_TRANSLATIONS = 2  # a gloss keeps the first senses only: more is more noise
# A dictionary with fewer headwords than this is completed with its reverse read backwards.
SMALL_DICTIONARY = 60_000
MIN_COMPOUND_PART = 3
B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
WORD = re.compile(r"\w+", re.UNICODE)
NOISE = re.compile(r"<[^>]*>|\[[^\]]*\]|/[^/]*/|\{[^}]*\}|\([^)]*\)")
SENSE = re.compile(r"^\s*\d+\.\s")
# Inflected endings → the ending of the headword, tried longest first, per language.
INFLECTIONS = {
    "en": (("ies", "y"), ("es", ""), ("s", ""), ("ing", ""), ("ed", "")),
    "fr": (("eaux", "eau"), ("aux", "al"), ("es", "e"), ("es", ""), ("s", ""), ("x", ""),
           ("e", "")),
    "de": (("ern", ""), ("en", ""), ("er", ""), ("es", ""), ("em", ""), ("e", ""), ("n", ""),
           ("s", "")),
    "it": (("chi", "co"), ("ghi", "go"), ("che", "ca"), ("ghe", "ga"), ("i", "o"), ("i", "e"),
           ("e", "a"), ("i", "a")),
    "es": (("ces", "z"), ("es", ""), ("s", "")),
}  # fmt: skip
# The linking letters of German compounds ("Arbeits|markt", "Frauen|haus").
LINKS = ("s", "es", "n", "en", "")


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
            add_translations(mapping, headword.lower(), entry_translations(entry))
    return {word: found for word, found in mapping.items() if found}


def add_translations(mapping, word, translations):
    known = mapping.setdefault(word, [])
    for translation in translations:
        if len(known) < MAX_TRANSLATIONS and translation not in known:
            known.append(translation)


def read_backwards(mapping):
    """{translation: [headwords]} of a dictionary: its reverse direction."""
    reverse = {}
    for word, translations in mapping.items():
        for translation in translations:
            add_translations(reverse, translation, [word])
    return reverse


def build_direction(source, target):
    """One direction's map: its dictionary, completed with the reverse one when small."""
    mapping = parse_pair(source, target)
    if len(mapping) < SMALL_DICTIONARY:
        for word, translations in read_backwards(parse_pair(target, source)).items():
            add_translations(mapping, word, translations)
    return mapping


class Dictionaries:
    """The directions built so far, in one SQLite file; one connection per thread."""

    def __init__(self, path):
        self.path = path
        self.local = threading.local()
        self.built = set()

    def connection(self):
        connection = getattr(self.local, "connection", None)
        if connection is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            connection = sqlite3.connect(self.path, timeout=120, isolation_level=None)
            connection.execute(
                "CREATE TABLE IF NOT EXISTS words (direction TEXT, word TEXT, folded TEXT,"
                " translations TEXT, PRIMARY KEY (direction, word)) WITHOUT ROWID")
            connection.execute(
                "CREATE INDEX IF NOT EXISTS words_folded ON words (direction, folded)")
            connection.execute("CREATE TABLE IF NOT EXISTS directions (direction TEXT PRIMARY KEY)")
            self.local.connection = connection
        return connection

    def ensure(self, direction):
        """Build `direction` ("de-en") unless it is there; concurrent builders wait."""
        if direction in self.built:
            return
        connection = self.connection()
        found = "SELECT 1 FROM directions WHERE direction = ?"
        if connection.execute(found, (direction,)).fetchone() is None:
            connection.execute("BEGIN IMMEDIATE")
            try:
                if connection.execute(found, (direction,)).fetchone() is None:
                    source, target = direction.split("-")
                    connection.executemany(
                        "INSERT OR REPLACE INTO words VALUES (?, ?, ?, ?)",
                        ((direction, word, fold_accents(word), json.dumps(translations,
                          ensure_ascii=False))
                         for word, translations in build_direction(source, target).items()),
                    )  # fmt: skip
                    connection.execute("INSERT INTO directions VALUES (?)", (direction,))
                connection.execute("COMMIT")
            except BaseException:
                connection.execute("ROLLBACK")
                raise
        self.built.add(direction)

    def get(self, source, target, word):
        """The translations of headword `word`, or None."""
        direction = f"{source}-{target}"
        self.ensure(direction)
        row = self.connection().execute(
            "SELECT translations FROM words WHERE direction = ? AND word = ?", (direction, word)
        ).fetchone()
        return json.loads(row[0]) if row else None

    def get_folded(self, source, target, word):
        """The translations of the headword that folds to `fold_accents(word)`, or None."""
        direction = f"{source}-{target}"
        self.ensure(direction)
        row = self.connection().execute(
            "SELECT translations FROM words INDEXED BY words_folded"
            " WHERE direction = ? AND folded = ? LIMIT 1",
            (direction, fold_accents(word)),
        ).fetchone()
        return json.loads(row[0]) if row else None


def database_path():
    """The lookup file, in the writable folder of caches (settings.DATA_CACHE_DIR)."""
    return Path(settings.DATA_CACHE_DIR) / f"dictionaries.v{CACHE_FORMAT}.db"


@cache
def dictionaries():
    return Dictionaries(database_path())


def build_all():
    """Build every direction now (`python -m search.dictionaries`, run by `make services`
    and the Dockerfile)."""
    for source in ISO_639_3:
        for target in ISO_639_3:
            if source != target:
                dictionaries().ensure(f"{source}-{target}")


def lookup(word, source, target):
    """Translations of `word` (lower case), or of its headword form, or []."""
    store = dictionaries()
    for candidate in headword_forms(word, source):
        found = store.get(source, target, candidate)
        if found:
            return found
    found = store.get_folded(source, target, word)
    if found:
        return found
    if source == "de":
        return compound_translations(word, source, target)
    return []


def headword_forms(word, language):
    """`word`, then the forms it may have as a headword without its inflection."""
    yield word
    for ending, replacement in INFLECTIONS.get(language, ()):
        if word.endswith(ending) and len(word) - len(ending) >= MIN_COMPOUND_PART:
            yield word[: -len(ending)] + replacement


def compound_translations(word, source, target):
    """A German compound as two headwords ("Berufsausbildung": beruf + ausbildung): the
    translations of its head (last part) first, then of its modifier; [] if it is no such
    compound. The longest head wins."""
    for split in range(MIN_COMPOUND_PART, len(word) - MIN_COMPOUND_PART + 1):
        modifier, head = word[:split], word[split:]
        head_translations = first_known(head, source, target)
        if not head_translations:
            continue
        for link in LINKS:
            if link and not modifier.endswith(link):
                continue
            stem = modifier[: len(modifier) - len(link)] if link else modifier
            modifier_translations = first_known(stem, source, target)
            if len(stem) >= MIN_COMPOUND_PART and modifier_translations:
                return head_translations[:2] + modifier_translations[:2]
    return []


def first_known(word, source, target):
    store = dictionaries()
    return next((found for form in headword_forms(word, source)
                 if (found := store.get(source, target, form))), [])  # fmt: skip


@lru_cache(maxsize=200_000)
def translate_word(word, source, target):
    """`word` in `target`: from the direction's map, else through English (a tuple)."""
    found = lookup(word, source, target)
    if found or PIVOT in (source, target):
        return tuple(found)
    through = []
    for english in lookup(word, source, PIVOT):
        for translation in dictionaries().get(PIVOT, target, english) or ():
            if translation not in through:
                through.append(translation)
    return tuple(through[:MAX_TRANSLATIONS])


def words_of(text):
    return [word.lower() for word in WORD.findall(split_elisions(text))]


def translate_query(words, language, targets):
    """{target language: [the translations of each word that has some]}, for every target
    but `language` itself."""
    expanded = {}
    for target in targets:
        if target == language or target not in ISO_639_3 or language not in ISO_639_3:
            continue
        groups = [list(found) for word in words
                  if (found := translate_word(word, language, target))]  # fmt: skip
        if groups:
            expanded[target] = groups
    return expanded


def gloss(text, source, target):
    """`text` rendered word by word in `target` (the first senses of each word; a word the
    dictionaries do not know is kept as it is, as names and acronyms should be)."""
    if not text or source == target or source not in ISO_639_3 or target not in ISO_639_3:
        return ""
    rendered = []
    for word in words_of(text):
        translations = translate_word(word, source, target) if len(word) > 2 else []
        rendered.extend(translations[:GLOSS_TRANSLATIONS] or [word])
    return " ".join(rendered)


if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kb.settings.dev")
    build_all()
