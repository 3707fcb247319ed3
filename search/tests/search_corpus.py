"""A seeded corpus of practices, indexed with the production code, for the query-side tests.

    class MyTests(IndexedCorpusTestCase):     # 25+ practices in the database and the index
        def test_something(self):
            self.expected_total(params)        # counted in Python from the database

The expected counts are computed from the practices' own fields, independently of both the
Elasticsearch queries and the PostgreSQL fallback.
"""

import random
from dataclasses import dataclass

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import FundingProgramme, PathwayStage, TargetGroup, Theme
from search.params import SearchParams
from search.tests.helpers import RebuiltIndexTestCase

SEED = 20_240_611
COUNTRIES = ["BE", "FR", "DE", "IT", "ES", "PT"]
LANGUAGES = ["en", "fr", "de", "it"]
WORDS = [
    "mentoring", "apprenticeship", "coaching", "digital", "skills", "workshop", "housing",
    "guidance", "volunteering", "employment", "literacy", "gardening", "recycling", "bakery",
]  # fmt: skip

SPECIAL_PRACTICES = [
    {"title": "Cooking school for refugees", "summary": "A kitchen where newcomers train as cooks.",
     "start_year": 2015, "end_year": 2018},
    {"title": "Digital skills for older workers",
     "summary": "Digital skills courses in public libraries.", "start_year": 2020},
    {"title": "Skills passport", "summary": "Recognising skills gained in digital volunteering.",
     "start_year": 2019, "end_year": 2022},
    {"title": "Markup in a summary",
     "summary": 'Evaluation <script>alert("x")</script> of <b>bold</b> outcomes.'},
]


@dataclass
class CorpusPractice:
    """What the tests need to know about an indexed practice, read back from the database."""

    id: int
    title: str
    theme: frozenset
    target_group: frozenset
    pathway_stage: frozenset
    funding_programme: frozenset
    country: frozenset
    organisation: frozenset
    language: frozenset
    start_year: int | None
    end_year: int | None
    published_order: int


def build_corpus():
    """Create the practices and return them as CorpusPractice, in publication order."""
    rng = random.Random(SEED)
    organisations = [OrganisationPageFactory(title=f"Corpus Org {n}") for n in range(4)]
    vocab = {
        "themes": list(Theme.objects.all()),
        "target_groups": list(TargetGroup.objects.all()[:5]),
        "pathway_stages": list(PathwayStage.objects.all()),
        "funding_programmes": list(FundingProgramme.objects.all()[:4]),
    }
    specs = [dict(spec) for spec in SPECIAL_PRACTICES]
    for number in range(22):
        words = rng.sample(WORDS, 3)
        start = rng.choice([None, *range(2008, 2024)])
        end = rng.choice([None, None, start + rng.randint(0, 6)]) if start else None
        specs.append({
            "title": f"{words[0].capitalize()} and {words[1]} {number}",
            "summary": f"A practice of {words[0]}, {words[1]} and {words[2]} for adults.",
            "start_year": start, "end_year": end,
        })
    practices = []
    for order, spec in enumerate(specs):
        practice = PracticePageFactory(
            organisation=rng.choice(organisations),
            countries=rng.sample(COUNTRIES, rng.randint(0, 2)),
            original_language=rng.choice(LANGUAGES),
            outcomes=f"Outcome {order}: {rng.randint(5, 90)} people found work.",
            **{name: rng.sample(terms, rng.randint(0, 2)) for name, terms in vocab.items()},
            **spec,
        )
        practices.append(practice)
    return [corpus_practice(practice, order) for order, practice in enumerate(practices)]


def corpus_practice(practice, order):
    return CorpusPractice(
        id=practice.pk,
        title=practice.title,
        theme=frozenset(item.tag.slug for item in practice.theme_items.all()),
        target_group=frozenset(practice.target_groups.values_list("slug", flat=True)),
        pathway_stage=frozenset(practice.pathway_stages.values_list("slug", flat=True)),
        funding_programme=frozenset(practice.funding_programmes.values_list("slug", flat=True)),
        country=frozenset(str(code) for code in practice.countries),
        organisation=frozenset([practice.get_parent().slug]),
        language=frozenset([practice.original_language]),
        start_year=practice.start_year,
        end_year=practice.end_year,
        published_order=order,
    )


def in_year_range(practice, year_from, year_to):
    if practice.start_year is None:
        return year_from is None and year_to is None
    if year_to is not None and practice.start_year > year_to:
        return False
    return year_from is None or practice.end_year is None or practice.end_year >= year_from


def matches(practice, params, ignore=None):
    """Whether `practice` passes the filters of `params` (the text query aside)."""
    for name, values in params.filters:
        if name != ignore and not getattr(practice, name) & values:
            return False
    return ignore == "year" or in_year_range(practice, params.year_from, params.year_to)


def expected_facet_counts(corpus, params, facet):
    counts = {}
    for practice in corpus:
        if matches(practice, params, ignore=facet):
            for value in getattr(practice, facet):
                counts[value] = counts.get(value, 0) + 1
    return counts


class IndexedCorpusTestCase(RebuiltIndexTestCase):
    """The corpus in the test database and in a fresh index built by `index_admin.rebuild`."""

    @classmethod
    def setUpTestData(cls):
        cls.corpus = build_corpus()
        cls.rebuild_index()

    def expected_ids(self, params):
        return {practice.id for practice in self.corpus if matches(practice, params)}

    def params(self, **fields):
        selected = {
            name: frozenset(fields.pop(name, ()))
            for name in ["theme", "target_group", "pathway_stage", "funding_programme",
                         "country", "organisation", "language"]
        }
        filters = tuple((name, values) for name, values in selected.items() if values)
        return SearchParams(filters=filters, **fields)
