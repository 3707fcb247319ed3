"""What a visitor typed, taken apart before a query is built from it.

    text = QueryText.parse('"garde d'enfants" horaires -nuit')
    text.words       'horaires'              plain words: ranked, most of them required
    text.phrases     ["garde d'enfants"]     required, word for word (accents folded)
    text.excluded    ["nuit"]                no result contains them

Only double quotes and a leading minus are syntax; every other character is text, so no
input can fail to parse (the node's query parser never sees what a visitor typed).
"""

import re
from dataclasses import dataclass, field

from search.text import first_words

# Words required of a query of n words: a majority (all of 1 or 2, 2 of 3, 3 of 4 or 5, 4 of
# 6 or 7…), in Elasticsearch's `minimum_should_match` syntax; `required_words` says the same.
MINIMUM_SHOULD_MATCH = "-49%"
# When most words find fewer practices than this (a page), practices with any one of the
# words follow them, ranked below: a natural query rarely has all its words in one practice,
# and a visitor who sees three results would rather see more than stop there.
FEW_RESULTS = 10
# The words of a query that are searched: the first 32, counting phrases and exclusions, as
# well-known web search engines do. A pasted paragraph still finds what its beginning
# describes, and no query grows into more clauses than the node can hold in memory.
MAX_WORDS = 32
TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')
# Characters that are never a word of their own: a lone "-", "*" or "|" is not text.
PUNCTUATION = re.compile(r"^[\W_]+$")


@dataclass(frozen=True)
class QueryText:
    words: str = ""
    phrases: list = field(default_factory=list)
    excluded: list = field(default_factory=list)

    @classmethod
    def parse(cls, text):
        words, phrases, excluded = [], [], []
        for minus, quoted, plain in TOKEN.findall(searched_part(text)):
            if plain:
                if plain.startswith("-") and not PUNCTUATION.match(plain[1:] or "-"):
                    excluded.append(plain[1:])
                elif not PUNCTUATION.match(plain):
                    words.append(plain)
            elif quoted.strip():
                (excluded if minus else phrases).append(" ".join(quoted.split()))
        return cls(" ".join(words), phrases, excluded)

    @property
    def is_empty(self):
        return not (self.words or self.phrases)

    @property
    def is_plain(self):
        """Only words: what may be matched again forgiving typing mistakes."""
        return bool(self.words) and not (self.phrases or self.excluded)


def searched_part(text):
    """What of `text` is searched: its first MAX_WORDS words."""
    return first_words(text, MAX_WORDS)


def required_words(count):
    """How many of `count` words MINIMUM_SHOULD_MATCH requires."""
    return count - count * 49 // 100
