"""When Elasticsearch cannot be reached, PostgreSQL answers the same search the same way.

The node is never stopped: settings point the client at a closed port instead.
"""

import random
import socket
import threading
from contextlib import contextmanager

from django.test import override_settings

from search.backends.database import search_database
from search.backends.elasticsearch import search_index
from search.client import get_client
from search.service import search_practices
from search.tests.search_corpus import IndexedCorpusTestCase, expected_facet_counts
from search.tests.test_queries import FACET_NAMES, facet_counts, random_filters


def closed_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def elasticsearch_unreachable():
    get_client.cache_clear()
    try:
        with override_settings(ELASTICSEARCH_URL=f"http://127.0.0.1:{closed_port()}"):
            yield
    finally:
        get_client.cache_clear()


@contextmanager
def elasticsearch_silent():
    """The client pointed at a port that takes connections and never answers; yields the
    list of the connections taken."""
    taken, stop = [], threading.Event()
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        server.settimeout(0.05)

        def take():
            while not stop.is_set():
                try:
                    taken.append(server.accept()[0])
                except TimeoutError:
                    pass

        taker = threading.Thread(target=take)
        taker.start()
        get_client.cache_clear()
        url = f"http://127.0.0.1:{server.getsockname()[1]}"
        try:
            with override_settings(ELASTICSEARCH_URL=url, ELASTICSEARCH_TIMEOUT=0.5):
                yield taken
        finally:
            stop.set()
            taker.join()
            get_client.cache_clear()
            for connection in taken:
                connection.close()


class FallbackTests(IndexedCorpusTestCase):
    def test_after_a_timeout_the_next_searches_do_not_wait_for_the_node(self):
        with elasticsearch_silent() as taken, override_settings(ELASTICSEARCH_RETRY_AFTER=60):
            results = [search_practices(self.params(q=words))
                       for words in ["digital skills", "mentoring", "passport"]]  # fmt: skip
        self.assertEqual([result.backend for result in results], ["database"] * 3)
        self.assertEqual(len(taken), 1)
        self.assertEqual(results[1].hits, search_database(self.params(q="mentoring")).hits)

    def test_once_the_pause_is_over_a_search_tries_the_node_again(self):
        with elasticsearch_silent() as taken, override_settings(ELASTICSEARCH_RETRY_AFTER=0):
            for words in ["digital skills", "mentoring"]:
                self.assertEqual(search_practices(self.params(q=words)).backend, "database")
        self.assertEqual(len(taken), 2)

    def test_unreachable_elasticsearch_is_answered_from_the_database(self):
        with elasticsearch_unreachable():
            result = search_practices(self.params(q="digital skills"))
        self.assertEqual(result.backend, "database")
        titles = [hit["title"] for hit in result.hits]
        # Both words are in two practices only: practices with one of them follow.
        self.assertEqual(set(titles[:2]), {"Digital skills for older workers", "Skills passport"})
        self.assertGreater(len(titles), 2)
        for hit in result.hits[2:]:
            self.assertRegex(f"{hit['title']} {hit['summary']}".lower(), "digital|skills")

    def test_the_database_gives_the_totals_and_facet_counts_of_elasticsearch(self):
        rng = random.Random(11)
        for attempt in range(30):
            fields = random_filters(rng, self.corpus)
            if attempt % 3 == 0:
                fields["q"] = rng.choice(["digital", "skills", "mentoring", "adults", "cooking"])
            params = self.params(page_size=100, **fields)
            from_index, from_database = search_index(params), search_database(params)
            self.assertEqual(from_database.total, from_index.total, params)
            self.assertEqual(facet_counts(from_database), facet_counts(from_index), params)
            self.assertEqual(
                {hit["id"] for hit in from_database.hits}, {hit["id"] for hit in from_index.hits}
            )

    def test_database_facets_exclude_their_own_filter(self):
        params = self.params(country=["BE"], theme=["integration"])
        counts = facet_counts(search_database(params))
        for name in FACET_NAMES:
            self.assertEqual(counts[name], expected_facet_counts(self.corpus, params, name))

    def test_database_sorts_and_pages_like_the_index(self):
        for sort in ["newest", "title"]:
            for page in [1, 2]:
                params = self.params(sort=sort, page=page, page_size=10)
                self.assertEqual(
                    [hit["id"] for hit in search_database(params).hits],
                    [hit["id"] for hit in search_index(params).hits],
                    params,
                )

    def test_database_hits_carry_the_api_fields_of_the_index(self):
        params = self.params(q="passport")
        from_index, from_database = search_index(params).hits[0], search_database(params).hits[0]
        for name in ["id", "title", "url", "summary", "language", "themes", "countries",
                     "target_groups", "organisation", "start_year", "end_year"]:
            self.assertEqual(sorted_if_list(from_database[name]), sorted_if_list(from_index[name]))

    def test_database_names_the_filter_to_remove(self):
        params = self.params(q="passport", year_to=2010)
        self.assertEqual(search_database(params).relaxations, search_index(params).relaxations)
        self.assertEqual(search_database(params).relaxations, [("year", 1)])


def sorted_if_list(value):
    return sorted(value) if isinstance(value, list) else value
