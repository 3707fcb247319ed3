"""The sentence embeddings that rank practices by meaning, run with numpy."""

import numpy as np

from search.embeddings import DIMENSIONS, embed


def test_embeddings_are_unit_vectors_in_the_order_given():
    texts = ["Bicycle repair workshop", "A much longer text about a community garden " * 5]
    vectors = np.array(embed(texts))
    assert vectors.shape == (2, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(np.array(embed(texts[::-1]))[::-1], vectors, atol=1e-5)


def test_a_paraphrase_is_nearer_than_a_text_about_something_else():
    query, paraphrase, other = embed([
        "jobs for people leaving prison",
        "Employment of ex-offenders after their release",
        "Bicycle repair workshop for young people",
    ])
    assert np.dot(query, paraphrase) > np.dot(query, other) + 0.2
