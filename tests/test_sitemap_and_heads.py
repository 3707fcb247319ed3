"""Found by search engines in every language: the sitemap of every locale tree (parsed as
XML, checked against the database), robots.txt, and each page's canonical address, hreflang
alternates, Open Graph tags and schema.org JSON-LD."""

import json
import re
from xml.etree import ElementTree

import pytest
from django.test import Client
from wagtail.models import Locale, Page, PageViewRestriction

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import Theme
from translation import machine
from translation.translators import get_translator

pytestmark = pytest.mark.django_db
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
BASE = "http://testserver"


@pytest.fixture
def translated_practice(django_capture_on_commit_callbacks):
    """A French original, machine-translated into English and Spanish."""
    organisation = OrganisationPageFactory(title="Atelier Passerelle", country="FR")
    french = organisation.get_translation(Locale.objects.get(language_code="fr"))
    original = PracticePageFactory(
        organisation=french, title="Chantier d'insertion", original_language="fr",
        summary="Des salariés en insertion rénovent des logements.", countries=["FR"],
        themes=[Theme.objects.get(slug="integration")], start_year=2019)
    with django_capture_on_commit_callbacks(execute=True):
        for code in ["en", "es"]:
            machine.translate_into(
                original, Locale.objects.get(language_code=code), get_translator())
    return original


def sitemap_urls():
    root = ElementTree.fromstring(Client().get("/sitemap.xml").content)
    assert root.tag == f"{SITEMAP}urlset"
    return {
        url.findtext(f"{SITEMAP}loc"): {
            link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        for url in root.findall(f"{SITEMAP}url")
    }


def test_the_sitemap_lists_every_live_public_page_of_every_locale_with_its_versions(
    translated_practice
):
    draft = PracticePageFactory(organisation=translated_practice.get_parent(), live=False)
    private = PracticePageFactory(organisation=translated_practice.get_parent())
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")

    urls = sitemap_urls()

    public = Page.objects.live().public().filter(depth__gt=1).select_related("locale")
    assert set(urls) == {BASE + page.url for page in public}
    assert {page.locale.language_code for page in public} == {"en", "fr", "de", "it", "es"}
    for page in public:
        versions = page.get_translations(inclusive=True).live().public()
        assert urls[BASE + page.url] == {
            version.locale.language_code: BASE + version.url for version in versions}
    assert set(urls[BASE + translated_practice.url]) == {"fr", "en", "es"}
    assert BASE + private.url not in urls and not any(str(draft.pk) in url for url in urls)


def test_robots_txt_names_the_sitemap():
    response = Client().get("/robots.txt")
    assert response.status_code == 200
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode().splitlines()
    assert "Disallow: /admin/" in response.content.decode()


def head_links(html):
    canonical = re.findall(r'<link rel="canonical" href="([^"]+)">', html)
    alternates = dict(re.findall(r'<link rel="alternate" hreflang="(\w+)" href="([^"]+)">', html))
    return canonical, alternates


def test_every_page_has_a_canonical_address_and_its_language_versions(translated_practice):
    english = translated_practice.get_translation(Locale.objects.get(language_code="en"))
    canonical, alternates = head_links(Client().get(english.url).content.decode())
    assert canonical == [BASE + english.url]
    assert alternates == {
        "fr": BASE + translated_practice.url, "en": BASE + english.url,
        "es": BASE + translated_practice.get_translation(
            Locale.objects.get(language_code="es")).url}

    for path in ["/fr/", "/de/search/?q=x", "/it/practices/", "/es/practices/themes/integration/"]:
        canonical, alternates = head_links(Client().get(path).content.decode())
        assert canonical == [BASE + path.split("?")[0]], path
        assert set(alternates) == {"en", "fr", "de", "it", "es"}, path
        rest = path.split("/", 2)[2].split("?")[0]
        assert alternates["de"] == f"{BASE}/de/{rest}"


def structured(html):
    [data] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(data)


def test_a_practice_page_carries_open_graph_and_json_ld_with_its_translations(
    translated_practice
):
    html = Client().get(translated_practice.url).content.decode()
    properties = re.findall(r'<meta property="(og:[\w:]+)" content="([^"]*)">', html)
    assert ("og:type", "article") in properties
    assert ("og:title", "Chantier d&#x27;insertion") in properties
    assert ("og:url", BASE + translated_practice.url) in properties
    assert ("og:locale", "fr") in properties
    assert {value for name, value in properties if name == "og:locale:alternate"} == {"en", "es"}

    data = structured(html)
    assert (data["@type"], data["name"], data["inLanguage"]) == (
        "CreativeWork", "Chantier d'insertion", "fr")
    assert data["author"]["name"] == "Atelier Passerelle"
    assert data["spatialCoverage"] == [{"@type": "Country", "name": "France", "identifier": "FR"}]
    assert data["about"] == ["Insertion sociale et professionnelle"]
    assert data["temporalCoverage"] == "2019/.."
    assert {work["inLanguage"] for work in data["workTranslation"]} == {"en", "es"}

    english = translated_practice.get_translation(Locale.objects.get(language_code="en"))
    translated = structured(Client().get(english.url).content.decode())
    assert translated["inLanguage"] == "en"
    assert translated["translationOfWork"]["url"] == BASE + translated_practice.url
    assert "workTranslation" not in translated


def test_json_ld_cannot_close_its_script_element():
    practice = PracticePageFactory(title="</script><script>alert(1)</script>")
    html = Client().get(practice.url).content.decode()
    assert "<script>alert(1)" not in html
    assert structured(html)["name"] == "</script><script>alert(1)</script>"
