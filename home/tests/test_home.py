"""The home page: the latest live practices, the themes with their counts, the ways in."""

import pytest
from wagtail.models import Site

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import Theme

pytestmark = pytest.mark.django_db


def home_html(client, language="en"):
    response = client.get(f"/{language}/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def organisation():
    return OrganisationPageFactory(title="Cooperativa Sociale Il Ponte", country="IT")


def test_latest_practices_are_live_ones_only(client, organisation):
    PracticePageFactory(organisation=organisation, title="Social laundry")
    PracticePageFactory(organisation=organisation, title="Secret draft", live=False)
    html = home_html(client)
    assert "Social laundry" in html
    assert "Secret draft" not in html


def test_unpublished_practices_disappear(client, organisation):
    practice = PracticePageFactory(organisation=organisation, title="Withdrawn practice")
    assert "Withdrawn practice" in home_html(client)
    practice.unpublish()
    assert "Withdrawn practice" not in home_html(client)


def test_themes_link_to_their_page_with_live_practice_counts(client, organisation):
    integration = Theme.objects.get(slug="integration")
    PracticePageFactory(organisation=organisation, themes=[integration])
    PracticePageFactory(organisation=organisation, themes=[integration])
    PracticePageFactory(organisation=organisation, themes=[integration], live=False)
    html = home_html(client)
    assert (
        '<a href="/en/practices/themes/integration/">Social and professional integration</a>\n'
        '          <span class="count">2 practices</span>'
    ) in html
    assert (
        '<a href="/en/practices/themes/disability/">Disability</a>\n'
        '          <span class="count">0 practices</span>'
    ) in html


def test_theme_labels_follow_the_visitor_language(client):
    assert 'practices/themes/disability/">Behinderung</a>' in home_html(client, "de")


def test_calls_to_search_and_to_propose(client):
    html = home_html(client)
    assert '<form class="hero__search" action="/en/search/" method="get" role="search">' in html
    assert '<label for="home-search">' in html
    assert 'href="/en/practices/propose/">Propose a practice</a>' in html


def test_empty_state_before_any_practice(client):
    assert "No practice has been published yet." in home_html(client)


def test_page_structure_is_accessible(client):
    html = home_html(client)
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#main">' in html
    assert '<main id="main"' in html
    assert '<html lang="en">' in html
    assert "//cdn" not in html and "https://" not in html.split("<body")[0]


@pytest.mark.parametrize("payload", ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"])
def test_markup_in_titles_summaries_and_intro_is_shown_literally(client, organisation, payload):
    PracticePageFactory(organisation=organisation, title=f"Title {payload}",
                        slug="markup", summary=f"Summary {payload}")
    home = Site.objects.get(is_default_site=True).root_page.specific
    home.intro = f"Intro {payload}"
    home.save_revision().publish()
    html = home_html(client)
    assert payload not in html
    escaped = payload.replace("<", "&lt;").replace(">", "&gt;")
    for field in ["Title", "Summary", "Intro"]:
        assert f"{field} {escaped}" in html
