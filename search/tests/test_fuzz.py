"""Any query string a visitor or a client can send: never a server error, never raw markup."""

from urllib.parse import urlencode

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from search.params import PARAMETERS
from search.tests.search_corpus import IndexedCorpusTestCase

MARKUP = "<script>alert(1)</script>"
NAMES = st.sampled_from([*PARAMETERS, "bogus", "q[]", ""])
VALUES = st.one_of(
    st.sampled_from([
        "integration", "BE", "fr", "en", "young-people", "training", "esf-plus", "2015", "0",
        "-3", "101", "title", "newest", MARKUP, '"digital skills"', "title:(foo", "*", "a AND (",
        "\\", "/", "corpus-org-0", "9999", "1e3", "２０２０", "", " ", "\x00", "é", "skills~2",
    ]),
    st.text(max_size=40),
    st.integers(min_value=-10, max_value=10_001).map(str),
)
QUERIES = st.lists(st.tuples(NAMES, VALUES), max_size=6)


class FuzzTests(HypothesisTestCase, IndexedCorpusTestCase):
    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(QUERIES)
    def test_api_answers_200_or_400_with_a_message(self, pairs):
        response = self.client.get("/api/v1/search/?" + urlencode(pairs))
        self.assertIn(response.status_code, (200, 400, 404))
        answer = response.json()
        if response.status_code == 404:
            self.assertEqual(answer["parameter"], "page", "only a page past the last")
        elif response.status_code == 400:
            self.assertTrue(answer["error"])
            self.assertIn(answer["parameter"], {name for name, _value in pairs})
        else:
            self.assertEqual(answer["page"], int(dict(pairs).get("page", "").strip() or 1))
            self.assertLessEqual(len(answer["results"]), answer["page_size"])

    @settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(QUERIES)
    def test_page_answers_200_or_400_and_never_reflects_markup(self, pairs):
        response = self.client.get("/en/search/?" + urlencode(pairs))
        self.assertIn(response.status_code, (200, 400))
        html = response.content.decode()
        self.assertNotIn(MARKUP, html)
        self.assertNotIn("<script>alert", html)
        self.assertIn('id="search-q"', html)
