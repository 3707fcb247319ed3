"""The interface in every site language: catalogues complete and compiled, pages translated.

The pages are checked against translations written out here, not read back from the
catalogues, so that a missing or stale .mo file (or a string left in English) fails.
Vocabulary labels are data (`practices/vocabulary_seed.py`), not catalogue entries: the
search facets and the practice sidebar must show them in the page's language too.
"""

import html
import re
from pathlib import Path

import polib
from django.conf import settings
from django.core.management import call_command
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from django.views.defaults import server_error
from wagtail.models import Locale

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import FundingProgramme, PathwayStage, TargetGroup, Theme
from practices.proposals import ProposalForm
from practices.vocabulary_seed import FUNDING_PROGRAMMES, PATHWAY_STAGES, TARGET_GROUPS, THEMES
from search.tests.helpers import RebuiltIndexTestCase

LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
TRANSLATED_LANGUAGES = ["fr", "de", "it", "es"]
LOCAL_NAMES = {"en": "English", "fr": "français", "de": "Deutsch", "it": "italiano",
               "es": "español"}
# Top-level entries of the project that hold no interface strings (or are not ours).
NOT_SCANNED = {"locale", "node_modules", "test-artifacts", "static", "media", "tests", "bench",
               "scripts"}

INTERFACE = {
    "fr": {
        "skip": "Aller au contenu principal", "practices": "Pratiques", "search": "Rechercher",
        "latest": "Dernières pratiques", "search_heading": "Rechercher des pratiques",
        "legends": ["Thème", "Public cible", "Étape du parcours", "Programme de financement",
                    "Active entre"],
        "glance": "En bref",
        "facts": ["Thèmes", "Publics cibles", "Étapes du parcours", "Programmes de financement",
                  "Langue de l'original"],
    },
    "de": {
        "skip": "Zum Hauptinhalt springen", "practices": "Praxisbeispiele", "search": "Suchen",
        "latest": "Neueste Praxisbeispiele", "search_heading": "Praxisbeispiele suchen",
        "legends": ["Thema", "Zielgruppe", "Phase des Integrationswegs", "Förderprogramm",
                    "Aktiv zwischen"],
        "glance": "Auf einen Blick",
        "facts": ["Themen", "Zielgruppen", "Phasen des Integrationswegs", "Förderprogramme",
                  "Sprache des Originals"],
    },
    "it": {
        "skip": "Vai al contenuto principale", "practices": "Pratiche", "search": "Cerca",
        "latest": "Ultime pratiche", "search_heading": "Cerca pratiche",
        "legends": ["Tema", "Gruppo destinatario", "Fase del percorso",
                    "Programma di finanziamento", "Attiva tra"],
        "glance": "In sintesi",
        "facts": ["Temi", "Gruppi destinatari", "Fasi del percorso", "Programmi di finanziamento",
                  "Lingua dell'originale"],
    },
    "es": {
        "skip": "Saltar al contenido principal", "practices": "Prácticas", "search": "Buscar",
        "latest": "Últimas prácticas", "search_heading": "Buscar prácticas",
        "legends": ["Tema", "Colectivo destinatario", "Etapa del itinerario",
                    "Programa de financiación", "Activa entre"],
        "glance": "De un vistazo",
        "facts": ["Temas", "Colectivos destinatarios", "Etapas del itinerario",
                  "Programas de financiación", "Idioma del original"],
    },
}
ENGLISH = ["Skip to main content", "Latest practices", "Apply filters", "At a glance",
           "Search practices", "Propose a practice"]

# The vocabulary terms the test practice carries, one per vocabulary: (facet, seed, slug).
TERMS = [("theme", THEMES, "integration"), ("target_group", TARGET_GROUPS, "young-people"),
         ("pathway_stage", PATHWAY_STAGES, "training"),
         ("funding_programme", FUNDING_PROGRAMMES, "esf-plus")]
SWITCHER_OPTION = re.compile(r'<option value="(\w+)" lang="\1"( selected)?>([^<]+)</option>')


def catalogues():
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def seed_label(seed, slug, language):
    return dict(seed)[slug][language]


def text_of(response):
    """The page's markup with entities decoded, so that apostrophes read as typed."""
    return html.unescape(response.content.decode())


class TranslatedPagesTests(RebuiltIndexTestCase):
    """A practice published in every language, indexed on the real node."""

    @classmethod
    def setUpTestData(cls):
        organisation = OrganisationPageFactory(title="Passerelle Emploi", country="FR")
        practice = PracticePageFactory(
            organisation=organisation, title="Mentoring for young jobseekers",
            original_language="en", start_year=2019,
            themes=[Theme.objects.get(slug="integration")],
            target_groups=[TargetGroup.objects.get(slug="young-people")],
            pathway_stages=[PathwayStage.objects.get(slug="training")],
            funding_programmes=[FundingProgramme.objects.get(slug="esf-plus")],
        )
        cls.urls = {"en": practice.url}
        for language in TRANSLATED_LANGUAGES:
            locale, _created = Locale.objects.get_or_create(language_code=language)
            copy = practice.copy_for_translation(locale, copy_parents=True)
            copy.save_revision().publish()
            copy.refresh_from_db()
            cls.urls[language] = copy.url
        cls.rebuild_index()

    def page(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return text_of(response)

    def assert_common_interface(self, text, language):
        strings = INTERFACE[language]
        self.assertIn(f'<html lang="{language}">', text)
        self.assertIn(f'<a class="skip-link" href="#main">{strings["skip"]}</a>', text)
        self.assertIn(f'<li><a href="/{language}/practices/">{strings["practices"]}</a></li>',
                      text)
        for english in ENGLISH:
            self.assertNotIn(english, text)

    def test_home_page_interface_is_translated(self):
        for language in TRANSLATED_LANGUAGES:
            with self.subTest(language=language):
                text = self.page(f"/{language}/")
                self.assert_common_interface(text, language)
                self.assertIn(f'<h2 id="latest-heading">{INTERFACE[language]["latest"]}</h2>',
                              text)
                self.assertIn(f'<button type="submit">{INTERFACE[language]["search"]}</button>',
                              text)

    def test_search_page_interface_and_facets_are_translated(self):
        for language in TRANSLATED_LANGUAGES:
            with self.subTest(language=language):
                text = self.page(f"/{language}/search/")
                strings = INTERFACE[language]
                self.assert_common_interface(text, language)
                self.assertIn(f"<h1>{strings['search_heading']}</h1>", text)
                self.assertIn(f'<button type="submit">{strings["search"]}</button>', text)
                for legend in strings["legends"]:
                    self.assertIn(f"<legend>{legend}</legend>", text)
                for _facet, seed, slug in TERMS:
                    label = re.escape(seed_label(seed, slug, language))
                    self.assertRegex(text, rf'>{label} <span class="facet-count">\(\d+\)')

    def test_practice_page_interface_and_vocabulary_are_translated(self):
        for language in TRANSLATED_LANGUAGES:
            with self.subTest(language=language):
                text = self.page(self.urls[language])
                strings = INTERFACE[language]
                self.assert_common_interface(text, language)
                self.assertIn(f'<h2 id="facts-heading">{strings["glance"]}</h2>', text)
                for fact in strings["facts"]:
                    self.assertIn(f"<dt>{fact}</dt>", text)
                for facet, seed, slug in TERMS:
                    label = seed_label(seed, slug, language)
                    self.assertIn(
                        f'<a href="/{language}/search/?{facet}={slug}">{label}</a>', text
                    )

    def test_language_switcher_lists_every_language_by_its_own_name(self):
        for language in TRANSLATED_LANGUAGES:
            with self.subTest(language=language):
                text = self.page(f"/{language}/")
                options = SWITCHER_OPTION.findall(text)
                self.assertEqual({code: name for code, _selected, name in options}, LOCAL_NAMES)
                self.assertEqual([code for code, selected, _name in options if selected],
                                 [language])

    def test_search_errors_are_in_the_page_language(self):
        expected = {"fr": "year_from doit être une année, par exemple 2021.",
                    "de": "year_from muss eine Jahreszahl sein, zum Beispiel 2021.",
                    "it": "year_from deve essere un anno, ad esempio 2021.",
                    "es": "year_from debe ser un año, por ejemplo 2021."}
        for language, message in expected.items():
            with self.subTest(language=language):
                response = self.client.get(f"/{language}/search/?year_from=soon")
                self.assertEqual(response.status_code, 400)
                self.assertIn(f"<p>{message}</p>", text_of(response))


def test_every_catalogue_is_complete_without_fuzzy_or_obsolete_entries():
    found = {path.parts[-3] for path in catalogues()}
    assert found == set(TRANSLATED_LANGUAGES)
    for path in catalogues():
        po = polib.pofile(str(path))
        assert po.metadata["Language"] == path.parts[-3], path
        assert not po.metadata_is_fuzzy, path
        assert len(po.translated_entries()) > 200, path
        assert [e.msgid for e in po.untranslated_entries()] == [], path
        assert [e.msgid for e in po.fuzzy_entries()] == [], path
        assert [e.msgid for e in po.obsolete_entries()] == [], path


def test_translations_keep_placeholders_and_plural_forms():
    placeholder = re.compile(r"%(?:\([a-z_]+\))?[sd]")
    for path in catalogues():
        po = polib.pofile(str(path))
        plurals = int(re.search(r"nplurals=(\d+)", po.metadata["Plural-Forms"]).group(1))
        for entry in po.translated_entries():
            expected = sorted(placeholder.findall(entry.msgid))
            if entry.msgid_plural:
                assert len(entry.msgstr_plural) == plurals, (path, entry.msgid)
                for form in entry.msgstr_plural.values():
                    assert sorted(placeholder.findall(form)) == expected, (path, entry.msgid)
            else:
                assert sorted(placeholder.findall(entry.msgstr)) == expected, (path, entry.msgid)


def test_catalogues_hold_every_string_the_code_marks(tmp_path, monkeypatch):
    """makemessages, run on a copy of the project's sources, finds nothing new nor gone."""
    for entry in Path(settings.BASE_DIR).iterdir():
        if not entry.name.startswith(".") and entry.name not in NOT_SCANNED:
            (tmp_path / entry.name).symlink_to(entry)
    (tmp_path / "locale").mkdir()
    monkeypatch.chdir(tmp_path)
    for domain in ["django", "djangojs"]:
        call_command("makemessages", locale=TRANSLATED_LANGUAGES, domain=domain, symlinks=True,
                     ignore_patterns=["tests"], verbosity=0)
    extracted = sorted((tmp_path / "locale").glob("*/LC_MESSAGES/*.po"))
    assert extracted, "makemessages extracted nothing"
    for path in extracted:
        committed = LOCALE_DIR / path.relative_to(tmp_path / "locale")
        assert committed.exists(), f"{committed} is missing"
        msgids = {entry.msgid for entry in polib.pofile(str(path))}
        assert msgids == {entry.msgid for entry in polib.pofile(str(committed))}, committed


def test_compiled_catalogues_match_their_sources():
    """`make messages` compiled each catalogue after its last change."""
    for path in catalogues():
        compiled = path.with_suffix(".mo")
        assert compiled.exists(), f"{compiled} is missing: run `make messages`"
        source = {(entry.msgid, entry.msgstr, tuple(entry.msgstr_plural.items()))
                  for entry in polib.pofile(str(path)).translated_entries()}
        built = {(entry.msgid, entry.msgstr, tuple(entry.msgstr_plural.items()))
                 for entry in polib.mofile(str(compiled)) if entry.msgid}
        assert built == source, f"{compiled} is stale: run `make messages`"


def test_proposal_form_and_acknowledgement_follow_the_visitor_language():
    with translation.override("de"):
        form = ProposalForm()
        assert str(form.fields["title"].label) == "Titel des Praxisbeispiels"
        subject = render_to_string("practices/emails/proposal_acknowledgement_subject.txt",
                                   {"practice": {"title": "Jobcoaching"}})
        assert subject.strip() == "Ihr Vorschlag „Jobcoaching“ ist eingegangen"
    with translation.override("es"):
        body = render_to_string("practices/emails/proposal_acknowledgement.txt",
                                {"practice": {"title": "Huerto social"}, "proposer_name": "Ana"})
        assert "Estimado/a Ana:" in body
        assert "Gracias por proponer la práctica «Huerto social»" in body


def test_server_error_page_is_in_the_active_language():
    with translation.override("it"):
        response = server_error(RequestFactory().get("/it/"))
    text = response.content.decode()
    assert response.status_code == 500
    assert '<html lang="it">' in text
    assert "<h1>Si è verificato un errore</h1>" in text
