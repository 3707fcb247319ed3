"""The search page, as a visitor without JavaScript uses it and assistive technology reads it."""

import re
from html.parser import HTMLParser

from search.backends.database import search_database
from search.backends.elasticsearch import search_index
from search.tests.search_corpus import IndexedCorpusTestCase
from search.tests.test_fallback import elasticsearch_unreachable


class Outline(HTMLParser):
    """The tags, labels and inline scripts of a page, enough to check its structure."""

    def __init__(self):
        super().__init__()
        self.tags, self.label_for, self.ids, self.inline_scripts = [], set(), set(), 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and "for" in attrs:
            self.label_for.add(attrs["for"])
        if tag == "script" and "src" not in attrs:
            self.inline_scripts += 1

    def all(self, tag):
        return [attrs for name, attrs in self.tags if name == tag]


def outline(response):
    parser = Outline()
    parser.feed(response.content.decode())
    return parser


class SearchPageTests(IndexedCorpusTestCase):
    def get(self, query="", language="en"):
        return self.client.get(f"/{language}/search/?{query}")

    def test_form_is_usable_without_javascript(self):
        page = outline(self.get())
        forms = page.all("form")
        search_form = next(form for form in forms if form.get("role") == "search")
        self.assertEqual(search_form.get("method"), "get")
        self.assertEqual(len(page.all("h1")), 1)
        self.assertTrue(page.all("fieldset") and page.all("legend"))
        for field in page.all("input") + page.all("select"):
            if field.get("type") not in ("hidden", "submit"):
                self.assertIn(field.get("id"), page.label_for, field)
        self.assertTrue(any(b.get("type") == "submit" for b in page.all("button")))
        self.assertEqual(page.inline_scripts, 0)
        scripts = [script["src"] for script in page.all("script")]
        self.assertEqual(scripts, ["/static/search/search.js"])

    def test_results_list_titles_counts_and_an_announced_status(self):
        response = self.get("q=digital+skills")
        total = search_index(self.params(q="digital skills")).total
        self.assertContains(response, f'aria-live="polite">{total} results</p>')
        self.assertContains(response, 'aria-live="polite"')
        self.assertContains(response, "Digital skills for older workers")
        self.assertContains(response, "<mark>")

    def test_facets_show_labels_in_the_page_language(self):
        response = self.get("theme=integration", language="fr")
        self.assertContains(response, "Insertion sociale et professionnelle")

    def test_selected_filters_are_removable_chips(self):
        response = self.get("country=BE&country=FR&year_from=2010")
        chips = re.findall(r'class="search-chip" href="([^"]+)"', response.content.decode())
        self.assertEqual(len(chips), 3)
        self.assertIn("?year_from=2010&amp;country=FR", chips)
        self.assertContains(response, "Clear all filters")
        self.assertEqual(self.get("country=FR&year_from=2010").status_code, 200)

    def test_pagination_links_to_every_page(self):
        response = self.get("page_size=10&sort=title")
        pages = {int(n) for n in re.findall(r"[?&](?:amp;)?page=(\d+)", response.content.decode())}
        self.assertEqual(pages, {1, 2, 3})
        self.assertContains(response, 'aria-current="page"')

    def test_no_results_offer_a_correction_and_a_filter_to_remove(self):
        response = self.get("q=cokng")
        self.assertContains(response, "Did you mean")
        self.assertContains(response, "?q=cooking")
        response = self.get("q=passport&year_to=2010")
        total = search_index(self.params(q="passport")).total
        self.assertContains(response, f'<a href="?q=passport">without “Years”: {total} result')

    def test_bad_parameter_shows_its_message_with_the_form(self):
        response = self.get("page_size=500&q=%3Cb%3Ehello")
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, "page_size must be", status_code=400)
        self.assertContains(response, 'id="search-q"', status_code=400)
        self.assertContains(response, 'value="&lt;b&gt;hello"', status_code=400)

    def test_markup_never_comes_back_unescaped(self):
        for query in ["q=evaluation", "q=%3Cscript%3Ealert(1)%3C/script%3E", "q=outcomes"]:
            response = self.get(query)
            self.assertNotIn("<script>alert", response.content.decode())
        self.assertContains(self.get("q=evaluation"), "&lt;script&gt;")

    def test_reduced_mode_is_announced_when_elasticsearch_is_down(self):
        with elasticsearch_unreachable():
            response = self.get("q=digital+skills")
        self.assertContains(response, "reduced mode")
        total = search_database(self.params(q="digital skills")).total
        self.assertContains(response, f'aria-live="polite">{total} results</p>')


def result_titles(response):
    return re.findall(r'<h3[^>]*>\s*<a [^>]*>([^<]+)</a>', response.content.decode())


class LongQueryTests(IndexedCorpusTestCase):
    def test_the_page_says_when_words_were_left_out(self):
        words = " ".join(["cooking"] * 40)
        left_out = self.client.get("/en/search/", {"q": words})
        self.assertContains(left_out, "Only the first 32 words were searched.")
        self.assertContains(left_out, "Cooking school for refugees")
        kept = self.client.get("/en/search/", {"q": " ".join(["cooking"] * 32)})
        self.assertNotContains(kept, "words were searched")


class SharedLinkTests(IndexedCorpusTestCase):
    """A link from a newsletter or an old bookmark always opens a search page."""

    def test_tracking_and_other_unknown_parameters_are_ignored(self):
        plain = self.client.get("/en/search/?q=digital+skills")
        tracked = self.client.get(
            "/en/search/?q=digital+skills&utm_source=newsletter&utm_medium=email"
            "&utm_campaign=march&fbclid=IwAR0abc&gclid=Cj0KCQ&anything=else"
        )
        self.assertEqual(tracked.status_code, 200)
        self.assertContains(tracked, "Digital skills for older workers")
        self.assertNotContains(tracked, "no longer exist")
        self.assertEqual(result_titles(tracked), result_titles(plain))
        self.assertTrue(result_titles(plain))

    def test_a_facet_value_that_no_longer_exists_is_dropped_with_a_notice(self):
        response = self.client.get("/en/search/?theme=integration&theme=renamed-theme-2019")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "no longer exist")
        self.assertContains(response, "Theme: renamed-theme-2019")
        chips = re.findall(r'class="search-chip" href="([^"]+)"', response.content.decode())
        self.assertEqual(len(chips), 1)
        self.assertNotIn("renamed-theme-2019", " ".join(chips))

    def test_the_stale_value_is_escaped_in_the_notice(self):
        response = self.client.get("/en/search/?country=%3Cb%3Exx")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("<B>XX", response.content.decode())
        self.assertContains(response, "&lt;B&gt;XX")

    def test_a_malformed_value_is_still_refused(self):
        response = self.client.get("/en/search/?year_from=soon&utm_source=newsletter")
        self.assertContains(response, "year_from must be a year", status_code=400)

    def test_the_json_api_stays_strict(self):
        unknown = self.client.get("/api/v1/search/?q=digital&utm_source=newsletter")
        stale = self.client.get("/api/v1/search/?theme=renamed-theme-2019")
        self.assertEqual(unknown.status_code, 400)
        self.assertEqual(unknown.json()["parameter"], "utm_source")
        self.assertEqual(stale.status_code, 400)
        self.assertEqual(stale.json()["parameter"], "theme")
