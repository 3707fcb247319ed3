"""A query's machine translations and meaning are computed once for every web process
(search.backends.elasticsearch.plan): a query asked before is still read in every language
while the translator is down, and a translation that failed is asked again next time."""

from django.core.cache import cache
from django.test import override_settings

from search.backends.elasticsearch.plan import QueryPlan
from search.params import SearchParams
from search.tests.helpers import RebuiltIndexTestCase
from search.tests.test_fallback import closed_port

QUERY = SearchParams(q="atelier de réparation de vélos", lang="fr")


def translator_down():
    return override_settings(APERTIUM_URL=f"http://127.0.0.1:{closed_port()}")


class QueryCacheTests(RebuiltIndexTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.rebuild_index()

    def setUp(self):
        cache.clear()

    def test_a_query_asked_before_keeps_its_translations_while_the_translator_is_down(self):
        asked = QueryPlan.of(QUERY)
        self.assertIn("en", asked.translations)
        with translator_down():
            again = QueryPlan.of(QUERY)
        self.assertEqual(again.translations, asked.translations)
        self.assertEqual(again.meaning, asked.meaning)

    def test_a_translation_that_failed_is_asked_again(self):
        with translator_down():
            failed = QueryPlan.of(QUERY)
        self.assertEqual(failed.translations, {})
        self.assertIsNotNone(failed.meaning)  # from the words and their dictionary glosses
        translated = QueryPlan.of(QUERY)
        self.assertIn("en", translated.translations)
        self.assertNotEqual(translated.meaning, failed.meaning)
