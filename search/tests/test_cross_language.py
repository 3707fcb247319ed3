"""Search across languages: a practice is one document holding every live version, the
visitor's version shown, practices counted once, German words reaching English and French
practices.

Translations are made as a person would without machine translation: the page is copied
into the other locale tree (`copy_for_translation`), its text rewritten and published.
"""

import pytest
from wagtail.models import Locale

from practices.factories import OrganisationPageFactory, PracticePageFactory
from search.backends.database import search_database, suggest_from_database
from search.backends.elasticsearch import search_index
from search.index_admin import measure_drift
from search.params import SearchParams
from search.service import suggest_titles
from search.tests.helpers import RebuiltIndexTestCase, indexed
from search.text import sort_key


def locale(code):
    return Locale.objects.get_or_create(language_code=code)[0]


def translate(page, code, **text):
    """Publish a translation of `page` into locale `code`, with `text` as its fields."""
    copy = page.copy_for_translation(locale(code), copy_parents=True)
    for name, value in text.items():
        setattr(copy, name, value)
    copy.save_revision().publish()
    copy.refresh_from_db()
    return copy


def publish_french_organisation():
    """A new organisation's copy in the French tree (publishing copies it into each locale)."""
    organisation = OrganisationPageFactory(title="Passerelle Emploi")
    french = organisation.get_translation_or_none(locale("fr"))
    if french is None:
        french = organisation.copy_for_translation(locale("fr"), copy_parents=True)
        french.save_revision().publish()
    return french.specific


class CrossLanguageTests(RebuiltIndexTestCase):
    @classmethod
    def setUpTestData(cls):
        english = OrganisationPageFactory(title="Work Bridge")
        french = publish_french_organisation()
        cls.youth = PracticePageFactory(
            organisation=french, original_language="fr", title="Formation des jeunes au numérique",
            summary="Former les jeunes aux métiers du numérique.", outcomes="",
        )
        cls.youth_en = translate(
            cls.youth, "en", title="Training young people in digital trades",
            summary="Training young people for digital jobs.",
        )
        cls.disability = PracticePageFactory(
            organisation=english, original_language="en", title="Jobs and disability",
            summary="Helping people with a disability find work.", outcomes="",
        )
        cls.unemployment = PracticePageFactory(
            organisation=french, original_language="fr", title="Le chômage de longue durée",
            summary="Accompagner vers l'emploi après des années de chômage.", outcomes="",
        )
        cls.gardening = PracticePageFactory(
            organisation=english, original_language="en", title="Community gardening",
            summary="Growing vegetables together.", outcomes="",
        )
        cls.rebuild_index()

    def search(self, q="", lang="en", backend=search_index, **fields):
        return backend(SearchParams(q=q, lang=lang, page_size=100, **fields))

    def test_a_practice_is_one_document_with_each_version_in_its_language_fields(self):
        document = indexed(self.youth)["_source"]
        self.assertEqual(document["page_ids"], [self.youth.pk, self.youth_en.pk])
        self.assertEqual(
            {code: item["state"] for code, item in document["versions"].items()},
            {"fr": "original", "en": "machine"},
        )
        self.assertEqual(document["machine_locales"], ["en"])
        self.assertEqual(document["language"], "fr")  # the original's language
        self.assertEqual(document["title_en"], "Training young people in digital trades")
        self.assertEqual(document["title_fr"], "Formation des jeunes au numérique")
        self.assertEqual(document["title_sort_en"], "training young people in digital trades")
        self.assertEqual(document["title_sort_it"], "formation des jeunes au numerique")
        # Italian, German and Spanish have no version: a gloss of the original, not shown.
        self.assertEqual(document["glossed_locales"], ["de", "it", "es"])
        self.assertNotIn("title_de", document)

    def test_an_english_query_finds_the_french_practice_once_through_its_english_version(self):
        for backend in (search_index, search_database):
            result = self.search("training young people", backend=backend)
            ids = [hit["id"] for hit in result.hits]
            self.assertEqual(ids[0], self.youth_en.pk, backend)
            self.assertNotIn(self.youth.pk, ids)
            self.assertEqual(result.hits[0]["url"], self.youth_en.url)
            self.assertEqual(result.hits[0]["language"], "fr")

    def test_a_visitor_gets_the_version_in_their_language_whichever_version_matched(self):
        for backend in (search_index, search_database):
            french = self.search("training young people", lang="fr", backend=backend)
            self.assertEqual(french.hits[0]["id"], self.youth.pk, backend)
            self.assertNotIn(self.youth_en.pk, [hit["id"] for hit in french.hits])
            self.assertEqual(french.hits[0]["url"], self.youth.url)
            self.assertEqual(french.hits[0]["title"], self.youth.title)
            english = self.search("formation jeunes", lang="en", backend=backend)
            self.assertEqual(english.hits[0]["id"], self.youth_en.pk, backend)

    def test_completions_are_in_the_visitors_language_once_per_practice(self):
        for suggest in (suggest_titles, suggest_from_database):
            for typed in ("Formation des", "Training young"):
                english = suggest(typed, 10, "en")
                self.assertEqual(english, [{"text": self.youth_en.title,
                                            "url": self.youth_en.url}], (suggest, typed))
                french = suggest(typed, 10, "fr")
                self.assertEqual(french, [{"text": self.youth.title, "url": self.youth.url}])
            # No Italian version: the original.
            self.assertEqual(suggest("Training young", 10, "it")[0]["text"], self.youth.title)

    def test_without_a_version_in_their_language_a_visitor_gets_the_original(self):
        for sort in ("relevance", "newest", "title"):
            result = self.search(lang="it", sort=sort)
            ids = {hit["id"] for hit in result.hits}
            self.assertIn(self.youth.pk, ids, sort)
            self.assertNotIn(self.youth_en.pk, ids, sort)

    def test_totals_and_facets_count_practices_not_versions(self):
        for backend in (search_index, search_database):
            for lang in ("en", "fr", "de"):
                result = self.search(lang=lang, backend=backend)
                self.assertEqual(result.total, 4, (backend, lang))
                self.assertEqual(len(result.hits), 4, (backend, lang))
                language = next(facet for facet in result.facets if facet.name == "language")
                counts = {item.value: item.count for item in language.values if item.count}
                self.assertEqual(counts, {"fr": 2, "en": 2}, (backend, lang))

    def test_pages_are_pages_of_practices(self):
        first = search_index(SearchParams(lang="en", page=1, page_size=3))
        second = search_index(SearchParams(lang="en", page=2, page_size=3))
        ids = [hit["id"] for hit in first.hits + second.hits]
        self.assertEqual(len(ids), 4)
        self.assertEqual(len(set(ids)), 4)
        self.assertNotIn(self.youth.pk, ids)  # its English version stands for it

    def test_a_german_query_reaches_english_and_french_practices(self):
        expectations = {
            "Ausbildung junger Menschen": self.youth.pk,
            "Arbeitslosigkeit": self.unemployment.pk,
            "Behinderung": self.disability.pk,
        }
        for query, expected in expectations.items():
            result = self.search(query, lang="de")
            self.assertEqual(result.hits[0]["id"], expected, query)

    def test_a_highlight_comes_from_the_version_shown(self):
        result = self.search("training young people", lang="en")
        self.assertIn("<mark>", result.hits[0]["highlight"])
        self.assertIn("digital jobs", result.hits[0]["highlight"])

    def test_reconciliation_counts_practices(self):
        drift = measure_drift()
        self.assertEqual((drift.practices, drift.versions, drift.indexed), (4, 5, 4))
        self.assertTrue(drift.clean)


def publish_with_german_translation(capture_on_commit_callbacks, title, german_title):
    """A French original and its German translation, published one after the other (German:
    no machine translation makes it first); (original, translation)."""
    with capture_on_commit_callbacks(execute=True):
        organisation = publish_french_organisation()
        original = PracticePageFactory(
            organisation=organisation, original_language="fr", title=title
        )
    with capture_on_commit_callbacks(execute=True):
        translation = translate(original, "de", title=german_title)
    return original, translation


@pytest.mark.django_db(transaction=False)
def test_publishing_and_unpublishing_a_translation_reindexes_its_practice(
    practice_index, eager_tasks, django_capture_on_commit_callbacks
):
    original, translation = publish_with_german_translation(
        django_capture_on_commit_callbacks, "Ateliers d'écriture", "Schreibwerkstätten"
    )
    document = indexed(original)["_source"]
    assert translation.pk in document["page_ids"]
    assert document["versions"]["de"]["state"] == "machine"
    assert document["title_de"] == "Schreibwerkstätten"
    assert document["title_sort_de"] == "schreibwerkstatten"
    assert "de" not in document.get("glossed_locales", [])
    found = search_index(SearchParams(q="Schreibwerkstätten", lang="de"))
    assert found.hits[0]["id"] == translation.pk
    with django_capture_on_commit_callbacks(execute=True):
        translation.unpublish()
    document = indexed(original)["_source"]
    assert translation.pk not in document["page_ids"]
    assert "title_de" not in document
    assert document["title_sort_de"] == sort_key(original.title)


@pytest.mark.django_db(transaction=False)
def test_a_practice_whose_original_is_unpublished_is_counted_through_its_translation(
    practice_index, eager_tasks, django_capture_on_commit_callbacks
):
    original, translation = publish_with_german_translation(
        django_capture_on_commit_callbacks, "Jardins partagés", "Gemeinschaftsgärten"
    )
    with django_capture_on_commit_callbacks(execute=True):
        original.unpublish()
    document = indexed(original)["_source"]
    assert translation.pk in document["page_ids"]
    assert original.pk not in document["page_ids"]
    result = search_index(SearchParams(lang="en"))
    language = next(facet for facet in result.facets if facet.name == "language")
    assert (result.total, [(item.value, item.count) for item in language.values]) == (
        1, [("fr", 1)]
    )
    assert result.hits[0]["id"] in document["page_ids"]
