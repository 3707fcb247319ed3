"""Markup stored in every field a partner, an editor or a visitor writes is inert everywhere.

A partner writes a practice through Wagtail's real edit view with markup in every field, the
organisation's profile carries markup too, and a visitor proposes a practice full of it;
then every public page, the search page and API, and the admin views that show them are read
back: the markup is there as text, never as live HTML, and no link has a javascript: URL.
"""

import pytest
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.utils.html import escape
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
)
from practices.models import OrganisationPage, PracticeIndexPage, PracticePage, Theme
from practices.tests.admin_forms import practice_form_data
from search.tests.helpers import RebuiltIndexTestCase
from tests.abuse.markup import ALL_PAYLOADS, IMAGE, JAVASCRIPT_URL, SCRIPT, SVG, live_markup

EVIL_EMAIL = '"<script>alert(1)</script>"@example.org'


def practice_payload_form(theme):
    """The practice editor's form with markup in every field a partner can write."""
    return practice_form_data(
        f"Evil practice {SCRIPT}",
        slug="evil-practice",
        summary=f"Evil summary {IMAGE} {SVG}",
        body=streamfield([
            ("heading", f"Heading {SCRIPT}"),
            ("paragraph", rich_text(f"<p>Paragraph {escape(IMAGE)} {escape(SVG)}</p>")),
            ("quote", f"Quote {SVG} {SCRIPT}"),
        ]),
        outcomes=f"Outcomes {ALL_PAYLOADS}",
        resources=f"Resources {ALL_PAYLOADS}",
        lessons_learned=f"Lessons {ALL_PAYLOADS}",
        transferability=f"Transfer {ALL_PAYLOADS}",
        keywords=f'"{SCRIPT}", "{IMAGE}"',
        themes=f"\"{theme.name}\"",
        website="https://example.org/evil?q=%3Cscript%3E",
        contact_name=f"Contact {SVG}",
        contact_email=EVIL_EMAIL,
        contact_is_public="on",
        seo_title=f"SEO {SCRIPT}",
        search_description=f"Description {SVG}",
    )


def proposal_form(theme):
    return {
        "title": f"Proposed {SCRIPT}", "summary": f"Proposed summary {IMAGE}",
        "description": f"Proposed {SVG}\n\n{SCRIPT} {JAVASCRIPT_URL}",
        "outcomes": f"Proposed outcomes {ALL_PAYLOADS}", "themes": [theme.pk],
        "countries": ["BE"], "original_language": "en",
        "organisation_name": f"Proposer org {SCRIPT}", "proposer_name": f"Proposer {IMAGE}",
        "proposer_email": EVIL_EMAIL, "consent": "on", "homepage": "",
    }


@override_settings(RATELIMIT_ENABLE=False)
class StoredMarkupTests(RebuiltIndexTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.theme = Theme.objects.order_by("pk").first()
        cls.organisation = OrganisationPageFactory(
            title=f"Evil org {IMAGE}", description=f"Org description {ALL_PAYLOADS}",
            website="https://example.org/org",
        )
        cls.partner = PartnerUserFactory(organisation=cls.organisation)
        cls.editor = SecretariatUserFactory()
        practice = PracticePageFactory(organisation=cls.organisation, title="Placeholder")
        client = Client()
        client.force_login(cls.partner)
        edit_url = f"/admin/pages/{practice.pk}/edit/"
        response = client.post(edit_url, practice_payload_form(cls.theme))
        assert response.status_code == 302, "the partner's edit was not saved"
        PracticePage.objects.get(pk=practice.pk).get_latest_revision().publish()
        cls.practice = PracticePage.objects.get(pk=practice.pk)
        response = Client().post("/en/practices/propose/", proposal_form(cls.theme))
        assert response.status_code == 302, "the proposal was not accepted"
        cls.proposal = PracticePage.objects.get(title=f"Proposed {SCRIPT}")
        cls.rebuild_index()

    def assert_inert(self, url, user=None, expect=None):
        if user:
            self.client.force_login(user)
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        content = response.content.decode()
        self.assertIsNone(live_markup(content), url)
        if expect:
            self.assertIn(expect, content, f"{url} does not show the stored text")
        return content

    def test_markup_was_stored_as_text(self):
        self.assertEqual(self.practice.title, f"Evil practice {SCRIPT}")
        self.assertEqual(self.practice.contact_email, EVIL_EMAIL)

    def test_public_pages_render_it_inert(self):
        index = PracticeIndexPage.objects.get(locale__language_code="en")
        escaped_title = "Evil practice &lt;script&gt;alert(1)&lt;/script&gt;"
        for url in [self.practice.url, self.organisation.url, "/en/", index.theme_url(self.theme)]:
            self.assert_inert(url, expect=escaped_title)
        self.assert_inert(index.url, expect="Evil org &lt;img src=x onerror=alert(1)&gt;")
        practice_page = self.assert_inert(self.practice.url, expect="Contact &quot;&gt;&lt;svg")
        self.assertIn("Heading &lt;script&gt;", practice_page)
        self.assert_inert(self.organisation.url, expect="Org description &lt;script&gt;")

    def test_search_page_and_highlights_render_it_inert(self):
        for query in ["alert", "evil", "onerror", "svg"]:
            content = self.assert_inert(f"/en/search/?q={query}", expect="<mark>")
            self.assertNotIn("Proposed", content, "a proposal (a draft) is searchable")

    def test_api_highlight_is_escaped_json(self):
        response = self.client.get("/api/v1/search/", {"q": "alert evil"})
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json")
        hits = response.json()["results"]
        self.assertEqual([hit["title"] for hit in hits], [self.practice.title])
        self.assertIn("<mark>", hits[0]["highlight"])
        self.assertIn("&lt;", hits[0]["highlight"])
        self.assertIsNone(live_markup(hits[0]["highlight"]))

    def test_admin_views_render_it_inert(self):
        proposal_index = self.proposal.get_parent()
        for user in [self.partner, self.editor]:
            self.assert_inert(f"/admin/pages/{self.practice.pk}/edit/", user)
            self.assert_inert(f"/admin/pages/{self.organisation.pk}/", user, "Evil practice")
            self.assert_inert(f"/admin/pages/{self.organisation.pk}/edit/", user)
            self.assert_inert("/admin/", user)
        for url in [f"/admin/pages/{self.proposal.pk}/edit/", f"/admin/pages/{proposal_index.pk}/",
                    "/admin/reports/workflow/", f"/admin/pages/{self.proposal.pk}/history/"]:
            self.assert_inert(url, self.editor, "Proposed")
        self.assert_inert("/admin/", self.editor, "Proposed &lt;script&gt;")


@pytest.mark.django_db
@pytest.mark.parametrize("url", [JAVASCRIPT_URL, "JavaScript:alert(1)", "data:text/html,<b>x</b>",
                                 " javascript:alert(1)", "vbscript:msgbox(1)"])
@pytest.mark.parametrize("model", [OrganisationPage, PracticePage])
def test_website_fields_refuse_non_web_urls(model, url):
    field = model._meta.get_field("website")
    with pytest.raises(ValidationError):
        field.clean(url, None)


@pytest.mark.django_db
def test_partner_cannot_save_a_javascript_website(client):
    organisation = OrganisationPageFactory(title="Scheme org")
    client.force_login(PartnerUserFactory(organisation=organisation))
    practice = PracticePageFactory(organisation=organisation, title="Scheme practice", live=False)
    data = practice_form_data("Scheme practice", slug=practice.slug, website=JAVASCRIPT_URL)
    response = client.post(f"/admin/pages/{practice.pk}/edit/", data)
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert practice.get_latest_revision_as_object().website == ""
    org_data = nested_form_data({
        "title": "Scheme org", "slug": organisation.slug, "country": "BE",
        "website": JAVASCRIPT_URL, "description": "", "logo": "", "seo_title": "",
        "search_description": "", "comments": inline_formset([]),
    })
    response = client.post(f"/admin/pages/{organisation.pk}/edit/", org_data)
    assert response.status_code == 200
    assert "Enter a valid URL" in response.content.decode()
    assert Page.objects.get(pk=organisation.pk).specific.get_latest_revision_as_object().website \
        != JAVASCRIPT_URL
