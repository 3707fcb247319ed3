"""A practice in five languages is one document, counted once, found from each language;
a German practice, which no machine translator reaches, is found from the other four.

Translations are written as a person would (`copy_for_translation`, then published), so
the test does not depend on a machine translator.
"""

from practices.factories import OrganisationPageFactory, PracticePageFactory
from search.backends.elasticsearch import search_index
from search.params import SearchParams
from search.tests.helpers import RebuiltIndexTestCase, indexed
from search.tests.test_cross_language import publish_french_organisation, translate

BIKES = {
    "en": ("Bicycle repair workshop for young jobseekers",
           "Young people repair donated bicycles and learn a trade."),
    "de": ("Fahrradwerkstatt für junge Arbeitsuchende",
           "Junge Menschen reparieren gespendete Fahrräder und lernen einen Beruf."),
    "it": ("Ciclofficina per giovani in cerca di lavoro",
           "I giovani riparano biciclette donate e imparano un mestiere."),
    "es": ("Taller de bicicletas para jóvenes desempleados",
           "Los jóvenes reparan bicicletas donadas y aprenden un oficio."),
}
QUERIES = {
    "fr": "réparation de vélos",
    "en": "bike repair",
    "de": "Fahrräder reparieren",
    "it": "riparare biciclette",
    "es": "reparar bicicletas",
}
# Queries for a German practice about living on one's own with a disability.
TO_GERMAN = {
    "en": "independent living disability",
    "fr": "logement autonome handicap",
    "it": "vita indipendente disabilità",
    "es": "vida independiente discapacidad",
}


class EveryLanguageTests(RebuiltIndexTestCase):
    @classmethod
    def setUpTestData(cls):
        french = publish_french_organisation()
        cls.bikes = PracticePageFactory(
            organisation=french, original_language="fr",
            title="Atelier vélo solidaire pour jeunes en insertion",
            summary="Des jeunes réparent des vélos donnés et apprennent un métier.", outcomes="",
        )  # fmt: skip
        cls.versions = {"fr": cls.bikes}
        for code, (title, summary) in BIKES.items():
            cls.versions[code] = translate(cls.bikes, code, title=title, summary=summary)
        german = OrganisationPageFactory(title="Lebenshilfe Nord")
        cls.living = PracticePageFactory(
            organisation=german, original_language="de",
            title="Selbstständiges Wohnen für Erwachsene mit Behinderung",
            summary="Erwachsene mit Behinderung lernen, unabhängig in einer eigenen Wohnung "
                    "zu leben.", outcomes="",
        )  # fmt: skip
        english = OrganisationPageFactory(title="Green Hands")
        cls.gardens = PracticePageFactory(
            organisation=english, original_language="en", title="Community gardens",
            summary="Growing vegetables together as a first step back into work.", outcomes="",
        )  # fmt: skip
        cls.rebuild_index()

    def test_five_versions_are_one_document(self):
        document = indexed(self.bikes)["_source"]
        self.assertEqual(sorted(document["versions"]), ["de", "en", "es", "fr", "it"])
        self.assertEqual(set(document["page_ids"]), {page.pk for page in self.versions.values()})
        self.assertEqual(document.get("glossed_locales", []), [])

    def test_the_practice_counts_once_in_the_total_and_every_facet(self):
        for lang in QUERIES:
            result = search_index(SearchParams(lang=lang, page_size=100))
            self.assertEqual(result.total, 3, lang)
            self.assertEqual(len(result.hits), 3, lang)
            for facet in result.facets:
                counts = {item.value: item.count for item in facet.values}
                if facet.name == "language":
                    self.assertEqual(counts, {"fr": 1, "de": 1, "en": 1}, lang)
                if facet.name == "organisation":
                    self.assertEqual(sum(counts.values()), 3, lang)

    def test_it_is_found_from_a_query_in_each_language_as_the_visitor_version(self):
        for lang, query in QUERIES.items():
            with self.subTest(lang=lang):
                result = search_index(SearchParams(q=query, lang=lang))
                self.assertEqual(result.total, 1)
                self.assertEqual(result.hits[0]["id"], self.versions[lang].pk)
                self.assertEqual(result.hits[0]["title"], self.versions[lang].title)
                self.assertIn("<mark>", result.hits[0]["highlight"])

    def test_a_query_in_another_language_than_the_page_is_still_found(self):
        for lang, query in QUERIES.items():
            with self.subTest(lang=lang):
                page = "de" if lang != "de" else "it"
                result = search_index(SearchParams(q=query, lang=page))
                self.assertEqual(result.hits[0]["id"], self.versions[page].pk)

    def test_a_german_practice_is_found_from_every_other_language(self):
        for lang, query in TO_GERMAN.items():
            with self.subTest(lang=lang):
                result = search_index(SearchParams(q=query, lang=lang))
                self.assertEqual(result.hits[0]["id"], self.living.pk)
                # Its passage is its own German summary, never the gloss.
                self.assertIn("Erwachsene", result.hits[0]["highlight"])
