"""Whatever a visitor sends to search or to the proposal form: never a 500, never live markup.

Each fuzz test runs `FUZZ_EXAMPLES` generated requests through the Django test client
against the real PostgreSQL and Elasticsearch, on a small data set built once per class.
"""

from urllib.parse import urlencode

from django.core import mail
from django.test import override_settings
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from wagtail.models import Revision, WorkflowState

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import PracticePage, PracticeProposal, Theme
from search.client import get_client
from search.index_admin import alias_targets, rebuild
from search.params import PARAMETERS
from tests.abuse.markup import IMAGE, JAVASCRIPT_URL, PAYLOADS, SCRIPT, SVG, live_markup

FUZZ_EXAMPLES = 2000
FUZZ = settings(
    max_examples=FUZZ_EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    database=None,
)
FORM_URL = "/en/practices/propose/"

MARKUP = st.sampled_from([*PAYLOADS, JAVASCRIPT_URL, f"skills {SCRIPT}", f"{IMAGE} digital"])
SEARCH_VALUES = st.one_of(
    MARKUP,
    st.sampled_from([
        "integration", "BE", "fr", "en", "2015", "0", "-3", "101", "newest", "title", "*",
        '"digital skills"', "a AND (", "title:(foo", "\\", "\x00", "２０２０", "", " ", "é",
    ]),
    st.text(max_size=60),
    st.integers(min_value=-10, max_value=20_000).map(str),
)
SEARCH_QUERIES = st.lists(
    st.tuples(st.sampled_from([*PARAMETERS, "bogus", "q[]", ""]), SEARCH_VALUES), max_size=6
)
SUGGEST_QUERIES = st.lists(
    st.tuples(st.sampled_from(["q", "q", "lang", "bogus"]), SEARCH_VALUES), max_size=3
)


def proposal_field(valid):
    return st.one_of(st.just(valid), MARKUP, MARKUP.map(lambda m: f"{valid} {m}"),
                     st.text(max_size=80), st.just(""), st.just("x" * 500))


PROPOSALS = st.fixed_dictionaries({
    "title": proposal_field("Repair café for job seekers"),
    "summary": proposal_field("Unemployed adults repair appliances."),
    "description": proposal_field("Participants meet twice a week.\n\nA coach helps."),
    "outcomes": proposal_field("12 of 20 found work."),
    "organisation_name": proposal_field("Atelier Solidaire"),
    "proposer_name": proposal_field("Camille Martin"),
    "proposer_email": st.one_of(st.just("camille@example.org"), MARKUP,
                                st.just(f"a{SVG}@example.org"), st.text(max_size=30)),
    "countries": st.lists(st.sampled_from(["BE", "FR", "XX", SCRIPT, ""]), max_size=3),
    "themes": st.lists(st.sampled_from(["1", "2", "999999", "-1", "abc", SCRIPT]), max_size=3),
    "original_language": st.sampled_from(["", "fr", "en", "xx", SCRIPT]),
    "consent": st.sampled_from(["on", "", None]),
    "homepage": st.sampled_from(["", "", "", "http://spam.example", SCRIPT]),
})


class SearchFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        organisation = OrganisationPageFactory(title=f"Fuzz org {IMAGE}")
        for title, summary in [
            ("Digital skills workshop", f"Digital skills {SCRIPT} for adults."),
            (f"Mentoring {SVG}", f"Mentoring young people {IMAGE} into work."),
            ("Bakery apprenticeship", "An apprenticeship in a social bakery."),
        ]:
            PracticePageFactory(organisation=organisation, title=title, summary=summary)
        PracticePageFactory(organisation=organisation, title="Digital draft", live=False)
        rebuild()
        get_client().indices.refresh(index=alias_targets())

    def assert_inert(self, response):
        content = response.content.decode()
        self.assertIsNone(live_markup(content))

    def assert_served_as_data(self, response):
        """JSON fields are data (titles keep their characters); never sniffed as HTML."""
        self.assertEqual(response["Content-Type"].split(";")[0], "application/json")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")

    @FUZZ
    @given(SEARCH_QUERIES)
    def test_search_api(self, pairs):
        response = self.client.get("/api/v1/search/?" + urlencode(pairs))
        self.assertIn(response.status_code, (200, 400, 404))  # 404: a page past the last
        self.assert_served_as_data(response)
        for hit in response.json().get("results", []):
            self.assertNotEqual(hit["title"], "Digital draft")
            self.assertIsNone(live_markup(hit["highlight"] or ""))

    @FUZZ
    @given(SUGGEST_QUERIES)
    def test_suggest_api(self, pairs):
        response = self.client.get("/api/v1/suggest/?" + urlencode(pairs))
        self.assertIn(response.status_code, (200, 400))
        self.assert_served_as_data(response)

    @FUZZ
    @given(SEARCH_QUERIES)
    def test_search_page(self, pairs):
        response = self.client.get("/en/search/?" + urlencode(pairs))
        self.assertIn(response.status_code, (200, 400))
        self.assert_inert(response)
        self.assertNotIn("Digital draft", response.content.decode())


@override_settings(RATELIMIT_ENABLE=False)
class ProposalFuzzTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.theme_ids = [str(pk) for pk in Theme.objects.values_list("pk", flat=True)[:2]]

    def counts(self):
        return (PracticePage.objects.count(), PracticeProposal.objects.count(),
                Revision.objects.count(), WorkflowState.objects.count(), len(mail.outbox))

    @FUZZ
    @given(PROPOSALS)
    def test_proposal_form(self, proposal):
        data = {name: value for name, value in proposal.items() if value is not None}
        data["themes"] = [self.theme_ids[0] if value == "1" else value for value in data["themes"]]
        before = self.counts()
        response = self.client.post(FORM_URL, data)
        self.assertIn(response.status_code, (200, 302, 400))
        after = self.counts()
        if response.status_code == 302:
            self.assertEqual([b - a for a, b in zip(before, after, strict=True)], [1, 1, 1, 1, 1])
            practice = PracticePage.objects.latest("pk")
            self.assertFalse(practice.live)
            for block in practice.get_latest_revision_as_object().body:
                self.assertIsNone(live_markup(block.render()))
        else:
            self.assertEqual(after, before, "an invalid proposal created something")
            self.assert_inert_form(response)

    def assert_inert_form(self, response):
        content = response.content.decode()
        self.assertIsNone(live_markup(content))
        self.assertIn('name="title"', content)
