"""Practices found and ranked by what they are about, across languages, beside their words.

The practices are written in one language each, with no translation, so that a query in
another language shares none of their words: what finds them is the multilingual embedding
(search.embeddings) of the query and of each practice's title and summary.
"""

from unittest import mock

from practices.factories import OrganisationPageFactory, PracticePageFactory
from search.backends.elasticsearch import ranking, search_index
from search.backends.elasticsearch.matching import MEANING, MEANING_WEIGHT, WORDS
from search.params import SearchParams
from search.tests.helpers import RebuiltIndexTestCase

PRACTICES = [
    ("de", "Straßenzeitung von Wohnungslosen",
     "Wohnungslose Menschen verkaufen jeden Monat ein Heft auf der Straße und verdienen so "
     "ihr eigenes Geld."),
    ("fr", "Atelier vélo solidaire",
     "Des jeunes sans emploi réparent des vélos donnés et les revendent à petit prix."),
    ("it", "Corso di cucina per rifugiati",
     "Rifugiati e richiedenti asilo imparano il mestiere di cuoco in una cucina professionale."),
]  # fmt: skip
# Further practices, each in a language of its own, for the pages.
FILLER = "Gartenarbeit und Landschaftspflege für Langzeitarbeitslose"


class MeaningTests(RebuiltIndexTestCase):
    @classmethod
    def setUpTestData(cls):
        organisation = OrganisationPageFactory(title="Netzwerk Nord")
        cls.practices = {
            title: PracticePageFactory(organisation=organisation, original_language=language,
                                       title=title, summary=summary, outcomes="")
            for language, title, summary in PRACTICES
        }  # fmt: skip
        cls.fillers = [
            PracticePageFactory(organisation=organisation, original_language="de",
                                title=f"{FILLER} {number}", outcomes="",
                                summary="Langzeitarbeitslose pflegen Grünanlagen der Stadt.")
            for number in range(6)
        ]  # fmt: skip
        cls.rebuild_index()

    def test_a_description_in_another_language_finds_the_practice_it_describes(self):
        queries = {
            "en": "magazine sold in the street by people without a home",
            "es": "revista vendida en la calle por personas sin hogar",
            "it": "giornale venduto per strada da chi non ha una casa",
        }
        street_paper = self.practices["Straßenzeitung von Wohnungslosen"]
        for language, query in queries.items():
            with self.subTest(language=language):
                result = search_index(SearchParams(q=query, lang=language))
                self.assertEqual(result.hits[0]["id"], street_paper.pk)

    def test_practices_found_by_meaning_are_counted_in_the_total_and_the_facets(self):
        result = search_index(SearchParams(
            q="young unemployed people fixing bicycles", lang="en", page_size=100))  # fmt: skip
        self.assertEqual(result.hits[0]["id"], self.practices["Atelier vélo solidaire"].pk)
        self.assertEqual(result.total, len(result.hits))
        languages = next(facet for facet in result.facets if facet.name == "language")
        self.assertEqual(sum(value.count for value in languages.values), result.total)

    def test_a_word_or_two_find_nothing_by_meaning_alone(self):
        street_paper = self.practices["Straßenzeitung von Wohnungslosen"].pk
        described = search_index(SearchParams(q="magazine sold by rough sleepers", lang="en"))
        self.assertEqual(described.hits[0]["id"], street_paper)
        named = search_index(SearchParams(q="rough sleepers", lang="en"))
        self.assertNotIn(street_paper, [hit["id"] for hit in named.hits])

    def test_pages_of_ranked_results_follow_each_other(self):
        query = "Langzeitarbeitslose pflegen Grünanlagen und Gärten in der Stadt"
        # A window smaller than the results: the second page straddles its end.
        with mock.patch("search.backends.elasticsearch.searching.RANKED_WINDOW", 3):
            one_page = search_index(SearchParams(q=query, lang="de", page_size=8))
            pages = [search_index(SearchParams(q=query, lang="de", page=page, page_size=2))
                     for page in (1, 2, 3, 4)]  # fmt: skip
        self.assertGreaterEqual(one_page.total, 8)
        self.assertEqual([hit["id"] for page in pages for hit in page.hits],
                         [hit["id"] for hit in one_page.hits])  # fmt: skip
        self.assertEqual({page.total for page in pages}, {one_page.total})


def test_meaning_outranks_words_alone_and_ties_keep_their_order():
    def hit(name, words=None, cosine=None):
        scores = {}
        if words is not None:
            scores[WORDS] = words
        if cosine is not None:
            scores[MEANING] = (1 + cosine) / 2 * MEANING_WEIGHT
        return {"_id": name, "matched_queries": scores}

    hits = [hit("words only", words=20.0), hit("both", words=10.0, cosine=0.86),
            hit("meaning only", cosine=0.88), hit("far", words=1.0, cosine=0.70),
            hit("far too", words=1.0, cosine=0.70)]  # fmt: skip
    order = [hit["_id"] for hit in ranking.ranked(hits)]
    assert order == ["both", "meaning only", "words only", "far", "far too"]
