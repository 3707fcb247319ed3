"""Practice search on Elasticsearch: totals, facet counts, text matching, sorts and pages.

Every expected number is counted in Python from the corpus's own fields, never from a query.
"""

import random

from search.backends.elasticsearch import search_index
from search.params import SearchParams
from search.tests.search_corpus import (
    COUNTRIES,
    IndexedCorpusTestCase,
    expected_facet_counts,
)

FACET_NAMES = ["theme", "target_group", "pathway_stage", "funding_programme", "country",
               "organisation", "language"]  # fmt: skip


def random_filters(rng, corpus):
    """Up to three facets, each with one to three values seen in the corpus, and maybe years."""
    fields = {}
    for name in rng.sample(FACET_NAMES, rng.randint(0, 3)):
        seen = sorted({value for practice in corpus for value in getattr(practice, name)})
        fields[name] = rng.sample(seen, min(len(seen), rng.randint(1, 3)))
    if rng.random() < 0.3:
        fields["year_from"] = rng.randint(2008, 2024)
    if rng.random() < 0.3:
        fields["year_to"] = rng.randint(fields.get("year_from", 2008), 2026)
    return fields


def facet_counts(result):
    return {
        facet.name: {item.value: item.count for item in facet.values if item.count}
        for facet in result.facets
    }


class FacetCountTests(IndexedCorpusTestCase):
    def assert_counts_match_corpus(self, params):
        result = search_index(params)
        expected_ids = self.expected_ids(params)
        self.assertEqual(result.total, len(expected_ids), params)
        counts = facet_counts(result)
        for name in FACET_NAMES:
            self.assertEqual(
                counts[name], expected_facet_counts(self.corpus, params, name), (name, params)
            )
        return result

    def test_random_filter_combinations_count_like_the_database(self):
        rng = random.Random(7)
        for _attempt in range(40):
            fields = random_filters(rng, self.corpus)
            self.assert_counts_match_corpus(self.params(page_size=100, **fields))

    def test_every_hit_is_an_expected_practice(self):
        params = self.params(country=["BE", "FR"], page_size=100)
        result = search_index(params)
        self.assertEqual({hit["id"] for hit in result.hits}, self.expected_ids(params))

    def test_values_of_one_facet_widen_the_results(self):
        one = search_index(self.params(country=["BE"])).total
        both = search_index(self.params(country=["BE", "FR"])).total
        only_fr = search_index(self.params(country=["FR"])).total
        self.assertGreaterEqual(both, max(one, only_fr))
        self.assertEqual(both, len(self.expected_ids(self.params(country=["BE", "FR"]))))

    def test_two_facets_narrow_the_results(self):
        theme = sorted({value for practice in self.corpus for value in practice.theme})[0]
        narrowed = search_index(self.params(country=COUNTRIES[:2], theme=[theme]))
        self.assertLessEqual(narrowed.total, search_index(self.params(theme=[theme])).total)
        self.assertEqual(
            narrowed.total,
            len(self.expected_ids(self.params(country=COUNTRIES[:2], theme=[theme]))),
        )

    def test_a_facet_counts_its_other_values_despite_its_own_selection(self):
        result = search_index(self.params(country=["BE"]))
        country = next(facet for facet in result.facets if facet.name == "country")
        values = {item.value for item in country.values}
        self.assertIn("FR", values)
        self.assertTrue(next(item for item in country.values if item.value == "BE").selected)

    def test_year_range_keeps_practices_active_in_it(self):
        result = search_index(self.params(year_from=2016, year_to=2017, page_size=100))
        titles = {hit["title"] for hit in result.hits}
        self.assertIn("Cooking school for refugees", titles)  # 2015–2018
        self.assertNotIn("Digital skills for older workers", titles)  # from 2020
        self.assertNotIn("Skills passport", titles)  # 2019–2022

    def test_an_ongoing_practice_is_active_after_its_start(self):
        result = search_index(self.params(year_from=2030, page_size=100))
        titles = {hit["title"] for hit in result.hits}
        self.assertIn("Digital skills for older workers", titles)
        self.assertNotIn("Skills passport", titles)


class TextQueryTests(IndexedCorpusTestCase):
    def titles(self, q, **fields):
        result = search_index(self.params(q=q, page_size=100, **fields))
        return [hit["title"] for hit in result.hits]

    def test_words_are_all_required(self):
        titles = self.titles("digital skills")
        self.assertIn("Digital skills for older workers", titles)
        self.assertIn("Skills passport", titles)
        self.assertNotIn("Cooking school for refugees", titles)

    def test_a_few_matches_are_followed_by_practices_with_any_of_the_words(self):
        # Two of the three words are in the cooking school's summary, one in the digital
        # skills course's: most words find one practice, too few to stop there.
        titles = self.titles("kitchen newcomers libraries")
        self.assertEqual(titles[0], "Cooking school for refugees")
        self.assertIn("Digital skills for older workers", titles)

    def test_a_quoted_phrase_keeps_its_word_order(self):
        titles = self.titles('"digital skills"')
        self.assertIn("Digital skills for older workers", titles)
        self.assertNotIn("Skills passport", titles)

    def test_a_one_letter_typo_still_finds(self):
        self.assertIn("Cooking school for refugees", self.titles("refugess"))
        self.assertIn("Cooking school for refugees", self.titles("cooknig school"))

    def test_accents_do_not_matter(self):
        self.assertIn("Cooking school for refugees", self.titles("réfugees"))

    def test_search_syntax_is_searched_as_text_and_never_fails(self):
        # Each piece of query syntax beside a word: the word still finds its practice.
        for syntax in ["title:(foo", "*", "AND (", "\\", "/", "~~", "((", "||",
                       "foo^", "[1 TO", "{", "<script>", "a:b:c", "?", "/regex/", "!", "&&"]:
            self.assertIn("Cooking school for refugees", self.titles(f"cooking {syntax}"), syntax)
        # An unclosed quote is a phrase to the end of the text: one no practice contains.
        self.assertEqual(self.titles('cooking "unclosed'), [])

    def test_title_matches_rank_before_summary_matches(self):
        titles = self.titles("passport")
        self.assertEqual(titles[0], "Skills passport")

    def test_highlight_marks_the_words_found(self):
        result = search_index(self.params(q="libraries"))
        self.assertIn("<mark>libraries</mark>", result.hits[0]["highlight"])

    def test_highlight_escapes_markup_of_the_summary(self):
        result = search_index(self.params(q="evaluation"))
        highlight = result.hits[0]["highlight"]
        self.assertIn("<mark>Evaluation</mark>", highlight)
        self.assertNotIn("<script>", highlight)
        self.assertIn("&lt;script&gt;", highlight)

    def test_did_you_mean_offers_a_word_of_the_index(self):
        result = search_index(self.params(q="cokng"))
        self.assertEqual(result.total, 0)
        self.assertEqual(result.suggestion, "cooking")
        self.assertGreater(search_index(self.params(q=result.suggestion)).total, 0)

    def test_no_results_names_the_filter_to_remove(self):
        params = self.params(q="cooking", country=[c for c in COUNTRIES if c not in
                             self.cooking_countries()] or ["LU"])
        result = search_index(params)
        self.assertEqual(result.total, 0)
        self.assertEqual(result.relaxations, [("country", 1)])

    def cooking_countries(self):
        return next(p.country for p in self.corpus if p.title.startswith("Cooking"))

    def test_empty_query_browses_everything(self):
        result = search_index(SearchParams(page_size=100))
        self.assertEqual(result.total, len(self.corpus))
        self.assertTrue(all(facet.values for facet in result.facets))


class SortAndPageTests(IndexedCorpusTestCase):
    def test_newest_first(self):
        hits = search_index(self.params(sort="newest", page_size=100)).hits
        by_order = sorted(self.corpus, key=lambda practice: -practice.published_order)
        self.assertEqual([hit["id"] for hit in hits], [practice.id for practice in by_order])

    def test_title_order_ignores_case_and_accents(self):
        hits = search_index(self.params(sort="title", page_size=100)).hits
        titles = [hit["title"] for hit in hits]
        self.assertEqual(titles, sorted(titles, key=str.casefold))

    def test_pages_cover_every_result_once(self):
        seen = []
        total = len(self.corpus)
        for page in range(1, -(-total // 7) + 1):
            result = search_index(self.params(sort="title", page=page, page_size=7))
            self.assertEqual(result.total, total)
            seen.extend(hit["id"] for hit in result.hits)
        self.assertEqual(sorted(seen), sorted(practice.id for practice in self.corpus))

    def test_a_page_past_the_last_is_refused(self):
        from search.params import InvalidParameter

        with self.assertRaises(InvalidParameter) as raised:
            search_index(self.params(page=99, page_size=10))
        self.assertEqual(raised.exception.parameter, "page")
