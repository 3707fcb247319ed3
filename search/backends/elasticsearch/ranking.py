"""The order of the first results: how well the words match, and how near the meaning is.

Elasticsearch adds the two scores (search.backends.elasticsearch.matching), but the words'
score has no fixed scale: the best match of one query scores 6 and of another 26, while
cosine similarities of this model fall between 0.75 and 0.9 for any query. The first
RANKED_WINDOW practices of Elasticsearch's order are therefore ordered again, each by

    WORDS_SHARE × words / best words  +  (1 − WORDS_SHARE) × meaning

where meaning is the cosine's part above MEANING_FLOOR, as a share of the best's (below
the floor, a practice is not near at all). Both parts run from 0 to 1 whatever the query,
and the meaning weighs more: it is the better judge of what a practice is about, and the
words confirm it (measured in bench/relevance.py, the README's relevance section).
"""

from .matching import MEANING, WORDS, cosine_of

RANKED_WINDOW = 50
WORDS_SHARE = 0.3
MEANING_FLOOR = 0.78


def ranked(hits):
    """`hits` (from a request with named query scores) in the order above; ties keep
    Elasticsearch's order."""
    words = [hit.get("matched_queries", {}).get(WORDS, 0.0) for hit in hits]
    nearness = [meaning_above_floor(hit) for hit in hits]
    best_words = max(words, default=0.0) or 1.0
    best_nearness = max(nearness, default=0.0) or 1.0
    scores = [WORDS_SHARE * word / best_words + (1 - WORDS_SHARE) * near / best_nearness
              for word, near in zip(words, nearness, strict=True)]  # fmt: skip
    order = sorted(range(len(hits)), key=lambda index: (-scores[index], index))
    return [hits[index] for index in order]


def meaning_above_floor(hit):
    score = hit.get("matched_queries", {}).get(MEANING)
    return 0.0 if score is None else max(0.0, cosine_of(score) - MEANING_FLOOR)
