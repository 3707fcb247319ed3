"""What a visitor sees on the public pages of practices, organisations and themes."""

import json
import re

import pytest
import wagtail_factories
from django.core.files.base import ContentFile
from django.test import RequestFactory
from django.views.defaults import server_error
from wagtail.admin.rich_text.converters.contentstate import ContentstateConverter
from wagtail.documents.models import Document
from wagtail.models import Locale

from practices.blocks import RICH_TEXT_FEATURES
from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import PracticeAttachment, PracticeIndexPage, Theme
from practices.related import related_practices

pytestmark = pytest.mark.django_db

MARKUP_PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


def theme(slug):
    return Theme.objects.get(slug=slug)


def practice_index():
    return PracticeIndexPage.objects.get(locale__language_code="en")


def published_in_french(page):
    """The page's copy in the French tree of the site, as a translator would publish it."""
    french, _ = Locale.objects.get_or_create(language_code="fr")
    copy = page.get_translation_or_none(french) or page.copy_for_translation(
        french, copy_parents=True
    )
    copy.save_revision().publish()
    return copy


def typed_in_the_editor(text):
    """The rich text the admin's Draftail editor saves when someone types `text`."""
    contentstate = {
        "blocks": [{"key": "a1b2c", "type": "unstyled", "text": text, "depth": 0,
                    "inlineStyleRanges": [], "entityRanges": []}],
        "entityMap": {},
    }
    return ContentstateConverter(RICH_TEXT_FEATURES).to_database_format(json.dumps(contentstate))


def html_of(client, page_or_url):
    url = page_or_url if isinstance(page_or_url, str) else page_or_url.url
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def assert_no_live_markup(html, payload):
    assert payload not in html
    assert payload.replace("<", "&lt;").replace(">", "&gt;") in html


@pytest.fixture
def organisation():
    return OrganisationPageFactory(title="Atelier Passerelle", country="FR")


@pytest.fixture
def practice(organisation):
    return PracticePageFactory(
        organisation=organisation,
        title="Energy renovation worksite",
        summary="Trainees renovate social housing while preparing a qualification.",
        outcomes="164 trainees supported.\n\n58% moved on to a job or training.",
        resources="Two technical supervisors.",
        lessons_learned="Safety training took longer than planned.",
        transferability="Needs a social landlord committed for several years.",
        themes=[theme("integration"), theme("sustainability")],
        countries=["FR", "BE"],
        original_language="fr",
        start_year=2019,
        contact_name="Nadia Benali",
        contact_email="nadia@example.org",
        contact_is_public=False,
    )


class TestPracticePage:
    def test_shows_the_practice_in_its_language(self, client, practice):
        html = html_of(client, practice)
        assert '<article class="practice" lang="fr">' in html
        assert "<h1>Energy renovation worksite</h1>" in html
        assert "Trainees renovate social housing" in html
        assert "<p>164 trainees supported.</p>" in html
        assert "<p>58% moved on to a job or training.</p>" in html
        for heading in ["Resources needed", "Difficulties met and lessons learned",
                        "Potential for transfer"]:
            assert heading in html
        assert html.count("<h1") == 1

    def test_facts_link_to_the_search_filtered_by_each(self, client, practice, organisation):
        html = html_of(client, practice)
        assert f'<a href="{organisation.url}">Atelier Passerelle</a>' in html
        assert (
            '<a href="/en/search/?theme=integration">Social and professional integration</a>'
        ) in html
        assert '<a href="/en/search/?country=FR">France</a>' in html
        assert '<a href="/en/search/?country=BE">Belgium</a>' in html
        assert '<a href="/en/search/?language=fr" lang="fr">français</a>' in html
        assert "since 2019, ongoing" in html

    def test_theme_labels_follow_the_visitor_language(self, client, practice):
        html = html_of(client, published_in_french(practice))
        assert (
            '<a href="/fr/search/?theme=integration">Insertion sociale et professionnelle</a>'
        ) in html

    def test_years_of_a_finished_practice_show_as_a_range(self, client, organisation):
        finished = PracticePageFactory(organisation=organisation, start_year=2018, end_year=2022)
        assert '<a href="/en/search/?year_from=2018&amp;year_to=2022">2018–2022</a>' in html_of(
            client, finished
        )

    def test_contact_shown_only_with_consent(self, client, practice):
        assert "nadia@example.org" not in html_of(client, practice)
        practice.contact_is_public = True
        practice.save_revision().publish()
        html = html_of(client, practice)
        assert "Nadia Benali" in html
        assert 'href="mailto:nadia@example.org"' in html

    def test_attachments_show_title_type_and_size(self, client, practice):
        document = Document(title="Training plan")
        document.file.save("training-plan.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 2048))
        PracticeAttachment.objects.create(practice=practice, document=document)
        html = html_of(client, practice)
        assert "Training plan" in html
        assert "(PDF, 2.0\xa0KB)" in html

    def test_hero_image_has_its_title_as_alternative_text(self, client, organisation):
        image = wagtail_factories.ImageFactory(title="Trainees insulating a roof")
        with_image = PracticePageFactory(organisation=organisation, hero_image=image)
        assert re.search(r'<img class="practice__hero"[^>]*alt="Trainees insulating a roof"',
                         html_of(client, with_image))

    def test_body_blocks_are_rendered(self, client, organisation):
        image = wagtail_factories.ImageFactory(title="Workshop")
        practice = PracticePageFactory(
            organisation=organisation,
            body=[
                ("heading", "How a week runs"),
                ("paragraph", typed_in_the_editor("Three mornings a week.")),
                ("image", {"image": image, "caption": "The training kitchen"}),
                ("quote", "It changed how I see myself."),
            ],
        )
        html = html_of(client, practice)
        assert '<h2 class="block-heading">How a week runs</h2>' in html
        assert ">Three mornings a week.</p>" in html
        assert re.search(r'<img [^>]*alt="The training kitchen"', html)
        assert "<figcaption>The training kitchen</figcaption>" in html
        assert "It changed how I see myself." in html

    @pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
    def test_markup_typed_in_any_field_is_shown_literally(self, client, organisation, payload):
        practice = PracticePageFactory(
            organisation=organisation,
            title=f"Title {payload}",
            slug="markup",
            summary=f"Summary {payload}",
            outcomes=f"Outcomes {payload}",
            contact_name=f"Contact {payload}",
            contact_is_public=True,
            body=[
                ("heading", f"Heading {payload}"),
                ("paragraph", typed_in_the_editor(f"Paragraph {payload}")),
                ("quote", f"Quote {payload}"),
            ],
        )
        html = html_of(client, practice)
        assert_no_live_markup(html, payload)
        for field in ["Title", "Summary", "Outcomes", "Contact", "Heading", "Paragraph", "Quote"]:
            assert f"{field} {payload.replace('<', '&lt;').replace('>', '&gt;')}" in html

    def test_related_practices_are_listed(self, client, practice, organisation):
        PracticePageFactory(organisation=organisation, title="Bicycle workshop",
                            themes=[theme("sustainability")])
        assert "Bicycle workshop" in html_of(client, practice)


class TestRelatedPractices:
    def test_most_shared_themes_first_without_itself_drafts_or_unrelated(self, organisation):
        practice = PracticePageFactory(
            organisation=organisation,
            themes=[theme("integration"), theme("disability"), theme("well-being")],
        )
        PracticePageFactory(organisation=organisation, themes=[theme("integration")])
        three_shared = PracticePageFactory(
            organisation=organisation,
            themes=[theme("integration"), theme("disability"), theme("well-being")],
        )
        two_shared = PracticePageFactory(
            organisation=organisation, themes=[theme("disability"), theme("well-being")]
        )
        PracticePageFactory(organisation=organisation, themes=[theme("sustainability")])
        PracticePageFactory(organisation=organisation, themes=[theme("integration")], live=False)
        newest_one_shared = PracticePageFactory(
            organisation=organisation, themes=[theme("integration")]
        )

        assert list(related_practices(practice)) == [three_shared, two_shared, newest_one_shared]

    def test_a_practice_without_themes_has_none(self, organisation):
        practice = PracticePageFactory(organisation=organisation)
        PracticePageFactory(organisation=organisation, themes=[theme("integration")])
        assert list(related_practices(practice)) == []


class TestOrganisationPage:
    def test_lists_live_practices_never_drafts(self, client, organisation):
        PracticePageFactory(organisation=organisation, title="Published practice")
        PracticePageFactory(organisation=organisation, title="Unfinished draft", live=False)
        html = html_of(client, organisation)
        assert "Published practice" in html
        assert "Unfinished draft" not in html
        assert '<a href="/en/search/?organisation=atelier-passerelle">' in html
        assert html.count("<h1") == 1

    def test_shows_country_and_website(self, client):
        organisation = OrganisationPageFactory(
            title="Zavod Mostovi", country="SI", website="https://mostovi.example.org"
        )
        html = html_of(client, organisation)
        assert "Slovenia" in html
        assert 'href="https://mostovi.example.org"' in html

    def test_helpful_empty_state(self, client, organisation):
        PracticePageFactory(organisation=organisation, live=False)
        html = html_of(client, organisation)
        assert "Atelier Passerelle has not published a practice yet" in html

    @pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
    def test_markup_in_name_and_description_is_shown_literally(self, client, payload):
        organisation = OrganisationPageFactory(
            title=f"Name {payload}", description=f"Description {payload}"
        )
        assert_no_live_markup(html_of(client, organisation), payload)


class TestPracticeIndexPage:
    def test_lists_organisations_with_their_live_practice_counts(self, client, organisation):
        PracticePageFactory(organisation=organisation)
        PracticePageFactory(organisation=organisation)
        PracticePageFactory(organisation=organisation, live=False)
        OrganisationPageFactory(title="Fundacja Nowy Start", country="PL")
        html = html_of(client, practice_index())
        assert re.search(r"Atelier Passerelle</a>\s*<span[^>]*>France</span>\s*"
                         r'<span class="count">2 practices</span>', html)
        assert re.search(r"Fundacja Nowy Start</a>\s*<span[^>]*>Poland</span>\s*"
                         r'<span class="count">0 practices</span>', html)

    def test_unpublished_organisations_are_not_listed(self, client, organisation):
        assert "Atelier Passerelle" in html_of(client, practice_index())
        organisation.unpublish()
        assert "Atelier Passerelle" not in html_of(client, practice_index())

    def test_links_to_the_proposal_form(self, client):
        assert 'href="/en/practices/propose/">Propose a practice</a>' in html_of(
            client, practice_index()
        )

    @pytest.mark.parametrize("payload", MARKUP_PAYLOADS)
    def test_markup_in_organisation_names_is_shown_literally(self, client, payload):
        OrganisationPageFactory(title=f"Name {payload}")
        assert_no_live_markup(html_of(client, practice_index()), payload)


class TestThemePage:
    def test_shows_the_theme_and_its_live_practices(self, client, organisation):
        integration = theme("integration")
        integration.description = "Bringing people back into society and work."
        integration.save()
        PracticePageFactory(organisation=organisation, title="On the theme", themes=[integration])
        PracticePageFactory(organisation=organisation, title="Draft on the theme",
                            themes=[integration], live=False)
        PracticePageFactory(organisation=organisation, title="Another theme",
                            themes=[theme("disability")])
        html = html_of(client, "/en/practices/themes/integration/")
        assert "<h1>Social and professional integration</h1>" in html
        assert "Bringing people back into society and work." in html
        assert "On the theme" in html
        assert "Draft on the theme" not in html
        assert "Another theme" not in html

    def test_empty_theme_says_so(self, client):
        html = html_of(client, "/en/practices/themes/well-being/")
        assert "No practice on this theme has been published yet." in html

    def test_unknown_theme_is_not_found(self, client):
        response = client.get("/en/practices/themes/no-such-theme/")
        assert response.status_code == 404
        assert "Page not found" in response.content.decode()


def test_server_error_page_renders_without_a_request_context():
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()
