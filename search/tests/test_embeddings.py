"""The multilingual sentence embeddings that find and rank practices by meaning."""

import numpy as np

from search.embeddings import DIMENSIONS, embed_passages, embed_query


def test_embeddings_are_unit_vectors_in_the_order_given():
    texts = ["Bicycle repair workshop", "A much longer text about a community garden " * 5]
    vectors = np.array(embed_passages(texts))
    assert vectors.shape == (2, DIMENSIONS)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert np.allclose(np.array(embed_passages(texts[::-1]))[::-1], vectors, atol=1e-4)


def test_a_query_is_nearest_the_practice_about_it_in_another_language():
    practices = np.array(embed_passages([
        "Straßenzeitung: Obdachlose verkaufen ein Magazin und verdienen ihr eigenes Geld",
        "Atelier vélo solidaire : des jeunes réparent des vélos et les revendent",
        "Corso di cucina per rifugiati che cercano lavoro nella ristorazione",
    ]))  # fmt: skip
    for query in ["rivista venduta dai senzatetto", "street newspaper sold by homeless people",
                  "revista vendida por personas sin hogar"]:  # fmt: skip
        similarities = practices @ np.array(embed_query([query]))
        assert similarities.argmax() == 0, query


def test_a_query_with_its_translations_is_one_unit_vector():
    vector = np.array(embed_query(["trabajo tras la cárcel", "work after prison"]))
    assert vector.shape == (DIMENSIONS,)
    assert np.isclose(np.linalg.norm(vector), 1.0, atol=1e-5)
