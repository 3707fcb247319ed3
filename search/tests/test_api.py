"""The JSON API: its answer, its refusals, its languages, its schema and its completions."""

from urllib.parse import quote

from practices.factories import PracticePageFactory
from practices.models import OrganisationPage, Theme
from search.api import RESULT_FIELDS
from search.backends.database import search_database
from search.params import PARAMETERS
from search.service import search_practices
from search.tests.helpers import RebuiltIndexTestCase
from search.tests.search_corpus import IndexedCorpusTestCase
from search.tests.test_fallback import elasticsearch_unreachable

BAD_PARAMETERS = [
    # (query string, parameter named in the answer)
    ("colour=blue", "colour"),
    ("theme=not-a-theme", "theme"),
    ("theme=integration&theme=nope", "theme"),
    ("country=XX", "country"),
    ("country=france", "country"),
    ("organisation=no-such-organisation", "organisation"),
    ("language=xx", "language"),
    ("target_group=aliens", "target_group"),
    ("pathway_stage=flying", "pathway_stage"),
    ("funding_programme=lottery", "funding_programme"),
    ("page=0", "page"),
    ("page=-1", "page"),
    ("page=two", "page"),
    ("page=999", "page"),
    ("page=100&page_size=101", "page_size"),
    ("page_size=0", "page_size"),
    ("page_size=101", "page_size"),
    ("page_size=ten", "page_size"),
    ("year_from=twenty", "year_from"),
    ("year_to=2020.5", "year_to"),
    ("year_from=2020&year_to=2010", "year_from"),
    ("sort=random", "sort"),
    ("q=" + "a" * 501, "q"),
    ("q=a&q=b", "q"),
    ("lang=xx", "lang"),
]


class SearchApiTests(IndexedCorpusTestCase):
    def get(self, query="", **headers):
        return self.client.get("/api/v1/search/?" + query, **headers)

    def test_answer_has_results_facets_and_backend(self):
        answer = self.get("q=digital+skills").json()
        searched = search_practices(self.params(q="digital skills"))
        self.assertEqual(answer["total"], searched.total)
        self.assertEqual([hit["id"] for hit in answer["results"]],
                         [hit["id"] for hit in searched.hits])
        self.assertEqual((answer["page"], answer["page_size"]), (1, 20))
        self.assertEqual(answer["backend"], "elasticsearch")
        self.assertEqual(set(answer["results"][0]), set(RESULT_FIELDS))
        self.assertEqual(
            set(answer["facets"]),
            {"theme", "country", "target_group", "pathway_stage", "funding_programme",
             "organisation", "language"},
        )
        for values in answer["facets"].values():
            for value in values:
                self.assertEqual(set(value), {"value", "label", "count", "selected"})

    def test_several_values_repeat_the_parameter(self):
        answer = self.get("country=BE&country=FR&page_size=100").json()
        expected = self.expected_ids(self.params(country=["BE", "FR"]))
        self.assertEqual({result["id"] for result in answer["results"]}, expected)
        selected = {v["value"] for v in answer["facets"]["country"] if v["selected"]}
        self.assertEqual(selected, {"BE", "FR"})

    def test_bad_parameters_are_refused_with_a_message(self):
        for query, parameter in BAD_PARAMETERS:
            with self.subTest(query=query[:40]):
                response = self.get(query)
                self.assertEqual(response.status_code, 400)
                answer = response.json()
                self.assertEqual(answer["parameter"], parameter)
                self.assertTrue(answer["error"])

    def test_a_query_of_many_words_is_answered_by_the_index(self):
        # Once, such queries made Elasticsearch refuse the request (more memory than it lets
        # one hold) and the database fallback fail: only the first 32 words are searched.
        pasted = ("Cooking school for refugees: newcomers learn a trade in a training kitchen, "
                  "with language lessons, mentoring and a placement in a restaurant, ") * 3
        letters = " ".join("abcdefghijklmnopqrstuvwxyz"[n % 26] for n in range(250))
        for q in [pasted, letters]:
            with self.subTest(q=q[:30]):
                answer = self.get("q=" + quote(q)).json()
                self.assertEqual(answer["backend"], "elasticsearch")
                self.assertGreater(answer["total"], 0)
        titles = [hit["title"] for hit in self.get("q=" + quote(pasted)).json()["results"]]
        self.assertEqual(titles[0], "Cooking school for refugees")

    def test_labels_follow_lang_or_accept_language(self):
        def theme_label(response):
            return {v["value"]: v["label"] for v in response.json()["facets"]["theme"]}

        self.assertEqual(theme_label(self.get("theme=integration&lang=fr"))["integration"],
                         "Insertion sociale et professionnelle")
        german = self.get("theme=integration", HTTP_ACCEPT_LANGUAGE="de")
        self.assertEqual(theme_label(german)["integration"], "Soziale und berufliche Integration")
        countries = {v["value"]: v["label"] for v in
                     self.get("country=DE&lang=fr").json()["facets"]["country"]}
        self.assertEqual(countries["DE"], "Allemagne")
        languages = {v["value"]: v["label"] for v in
                     self.get("language=de&lang=fr").json()["facets"]["language"]}
        self.assertEqual(languages["de"], "Allemand")

    def test_markup_in_a_summary_comes_back_escaped_in_the_highlight(self):
        result = self.get("q=evaluation").json()["results"][0]
        self.assertNotIn("<script>", result["highlight"])
        self.assertIn("&lt;script&gt;", result["highlight"])

    def test_unreachable_elasticsearch_answers_from_the_database(self):
        with elasticsearch_unreachable():
            answer = self.get("q=digital+skills").json()
        self.assertEqual(answer["backend"], "database")
        self.assertEqual(answer["total"], search_database(self.params(q="digital skills")).total)

    def test_no_results_come_with_a_suggestion(self):
        answer = self.get("q=cokng").json()
        self.assertEqual((answer["total"], answer["suggestion"]), (0, "cooking"))


class SuggestApiTests(IndexedCorpusTestCase):
    def test_completes_titles(self):
        answer = self.client.get("/api/v1/suggest/?q=cook").json()
        texts = [item["text"] for item in answer["suggestions"]]
        self.assertIn("Cooking school for refugees", texts)

    def test_bad_parameters_are_refused(self):
        for query in ["q=" + "a" * 101, "page=2", "lang=xx"]:
            self.assertEqual(self.client.get("/api/v1/suggest/?" + query).status_code, 400)

    def test_completes_from_the_database_without_elasticsearch(self):
        with elasticsearch_unreachable():
            answer = self.client.get("/api/v1/suggest/?q=cook").json()
        self.assertEqual([item["text"] for item in answer["suggestions"]],
                         ["Cooking school for refugees"])


def resolved(schema, node):
    """`node` with its `$ref` followed into the schema's components."""
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


class SchemaTests(IndexedCorpusTestCase):
    def test_schema_is_openapi_3_and_lists_every_parameter(self):
        schema = self.client.get("/api/v1/schema/").json()
        self.assertTrue(schema["openapi"].startswith("3."))
        operation = schema["paths"]["/api/v1/search/"]["get"]
        self.assertEqual({p["name"] for p in operation["parameters"]}, set(PARAMETERS))
        answer = resolved(schema, operation["responses"]["200"]["content"]["application/json"]
                          ["schema"])
        hit = resolved(schema, answer["properties"]["results"]["items"])
        self.assertEqual(set(hit["required"]), set(RESULT_FIELDS))
        self.assertEqual(set(schema["paths"]), {
            "/api/v1/search/", "/api/v1/suggest/", "/api/v1/practices/",
            "/api/v1/practices/{source_id}/"})

    def test_facet_parameters_list_their_allowed_values(self):
        schema = self.client.get("/api/v1/schema/").json()
        parameters = {parameter["name"]: parameter["schema"] for parameter in
                      schema["paths"]["/api/v1/search/"]["get"]["parameters"]}
        self.assertEqual(set(parameters["theme"]["items"]["enum"]),
                         set(Theme.objects.values_list("slug", flat=True)))
        self.assertEqual(set(parameters["organisation"]["items"]["enum"]), set(
            OrganisationPage.objects.live().public().values_list("slug", flat=True)))
        self.assertIn("FR", parameters["country"]["items"]["enum"])
        self.assertEqual(parameters["sort"]["enum"], ["relevance", "newest", "title"])
        self.assertEqual(parameters["page_size"]["maximum"], 100)

    def test_a_new_theme_is_in_the_next_schema(self):
        Theme.objects.create(name="Brand new", slug="brand-new")
        schema = self.client.get("/api/v1/schema/").json()
        theme = next(parameter for parameter in schema["paths"]["/api/v1/search/"]["get"]
                     ["parameters"] if parameter["name"] == "theme")
        self.assertIn("brand-new", theme["schema"]["items"]["enum"])


class SuggestLimitTests(RebuiltIndexTestCase):
    """Twelve practices complete "mentor": the answer lists ten of them."""

    @classmethod
    def setUpTestData(cls):
        for number in range(12):
            PracticePageFactory(title=f"Mentoring circle {number}")
        cls.rebuild_index()

    def test_at_most_ten_of_the_completing_practices(self):
        texts = [item["text"] for item in
                 self.client.get("/api/v1/suggest/?q=mentor").json()["suggestions"]]
        self.assertEqual(len(texts), 10)
        self.assertTrue(all(text.startswith("Mentoring circle ") for text in texts), texts)
        self.assertEqual(len(set(texts)), 10)
