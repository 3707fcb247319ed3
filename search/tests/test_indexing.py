"""What a practice becomes in the index, and which practices get there."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import PathwayStage, TargetGroup, Theme
from search.client import get_client
from search.documents import PracticeDocument, alias_name, language_fields, neutral_fields
from search.indexing import indexable_practices, practice_source, practice_sources
from search.tasks import index_practice
from search.text import fold_accents, sort_key, split_elisions, word_prefixes

from .helpers import refresh

pytestmark = pytest.mark.django_db


def test_fold_accents_removes_diacritics_elisions_and_expands_ligatures():
    assert fold_accents("Éducation à l'emploi, Straße, cœur, Łódź, dell’arte, women's") == (
        "Education a emploi, Strasse, coeur, Lodz, arte, women s"
    )
    assert fold_accents("") == ""
    assert sort_key("  Été   Chaud ") == "ete chaud"
    assert sort_key("L'été") == "ete"


def test_elisions_are_split_off_however_the_apostrophe_is_typed():
    assert split_elisions("l'apprentissage d’accompagnement dell'inclusione all’inserimento") == (
        "apprentissage accompagnement inclusione inserimento"
    )
    assert split_elisions("aujourd'hui, women's rights") == "aujourd'hui, women's rights"


def test_word_prefixes_meet_across_inflections_and_languages():
    assert word_prefixes("Formation, formazione, formación") == "forma forma forma"
    assert word_prefixes("lavorativo lavoro") == "lavor lavor"


def test_text_fields_boost_the_title():
    assert language_fields("fr") == ["title_fr^3", "summary_fr^2", "body_fr^1", "outcomes_fr^1"]
    assert neutral_fields()[0] == "title_neutral^3"


def test_document_carries_what_the_practice_shows():
    organisation = OrganisationPageFactory(title="Réseau Insertion")
    theme = Theme.objects.create(
        name="Égalité", slug="egalite", labels={"de": "Gleichstellung"}
    )
    practice = PracticePageFactory(
        organisation=organisation,
        title="Éducation des enfants",
        summary="Les enfants apprennent.",
        outcomes="Résultats",
        original_language="fr",
        countries=["fr", "be"],
        start_year=2020,
        themes=[theme],
        target_groups=list(TargetGroup.objects.all()[:2]),
        pathway_stages=list(PathwayStage.objects.all()[:1]),
        source_id="src-1",
    )
    page = indexable_practices().get(pk=practice.pk)

    document = practice_source(practice.translation_key).source

    assert document["translation_key"] == str(practice.translation_key)
    assert document["page_ids"] == [practice.pk] and document["original_id"] == practice.pk
    assert document["url"] == f"/en/practices/{organisation.slug}/{practice.slug}/"
    assert document["versions"]["en"]["url"] == document["url"]
    assert document["versions"]["en"]["state"] == "original"
    assert document["organisation"] == organisation.slug
    assert document["organisation_name"] == "Réseau Insertion"
    assert document["theme"] == ["egalite"]
    assert sorted(document["country"]) == ["BE", "FR"]
    assert document["target_group"] == [term.slug for term in page.target_groups.all()]
    assert len(document["target_group"]) == 2
    assert document["language"] == "fr"
    assert document["title_fr"] == "Éducation des enfants"
    assert document["title_neutral"] == ["Education des enfants"]
    assert document["title_sort_fr"] == document["title_sort_en"] == "education des enfants"
    assert document["summary_neutral"] == ["Les enfants apprennent."]
    assert "title_en" not in document
    # No version in English: a dictionary gloss of the French text, for matching only.
    assert "en" in document["glossed_locales"]
    assert "Éducation des enfants" not in document["gloss_en"]
    assert {"Éducation des enfants", "Education des enfants", "Égalité", "Gleichstellung"} <= set(
        document["suggest"]["input"]
    )


def test_a_language_without_analyzer_gets_only_the_neutral_fields():
    practice = PracticePageFactory(title="Werk voor jongeren", original_language="nl")

    document = practice_source(practice.translation_key).source

    assert document["title_neutral"] == ["Werk voor jongeren"]
    assert not {f"title_{code}" for code in ["en", "fr", "de", "it", "es"]} & set(document)


def test_only_live_public_practices_are_indexable():
    organisation = OrganisationPageFactory()
    public = PracticePageFactory(organisation=organisation)
    draft = PracticePageFactory(organisation=organisation, live=False)
    restricted = PracticePageFactory(organisation=organisation)
    PageViewRestriction.objects.create(
        page=restricted, restriction_type=PageViewRestriction.LOGIN
    )
    restricted_organisation = OrganisationPageFactory()
    hidden = PracticePageFactory(organisation=restricted_organisation)
    PageViewRestriction.objects.create(
        page=restricted_organisation, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )

    ids = set(indexable_practices().values_list("pk", flat=True))

    assert public.pk in ids
    assert not {draft.pk, restricted.pk, hidden.pk} & ids


def test_bulk_documents_take_a_constant_number_of_queries():
    themes = list(Theme.objects.all()[:2])
    for organisation in [OrganisationPageFactory(), OrganisationPageFactory()]:
        for _ in range(3):
            PracticePageFactory(
                organisation=organisation,
                themes=themes,
                target_groups=list(TargetGroup.objects.all()[:2]),
            )

    def queries_for(limit):
        practices = indexable_practices().filter(
            pk__in=indexable_practices().values("pk")[:limit]
        )
        with CaptureQueriesContext(connection) as queries:
            documents = list(practice_sources(practices))
        assert len(documents) == limit
        return len(queries.captured_queries)

    assert queries_for(6) == queries_for(2)


def test_a_source_is_what_the_document_class_would_send():
    """The plain dicts of bulk indexing hold what PracticeDocument.to_dict() gives."""
    organisation = OrganisationPageFactory(title="Équipe")
    practices = [
        PracticePageFactory(
            organisation=organisation,
            title=f"Practice {number}",
            outcomes="",
            original_language=language,
            countries=countries,
            themes=list(Theme.objects.all()[:number]),
            target_groups=list(TargetGroup.objects.all()[:number]),
            pathway_stages=list(PathwayStage.objects.all()[:number]),
            source_id="" if number else "src",
        )
        for number, language, countries in [(0, "en", []), (1, "fr", ["be"]), (2, "nl", ["de"])]
    ]

    sources = list(practice_sources())

    assert {practice.id for practice in sources} == {str(p.translation_key) for p in practices}
    for practice in sources:
        document = PracticeDocument(meta={"id": practice.id}, **practice.source)
        assert document.to_dict() == practice.source


def test_the_language_analyzers_stem_and_the_neutral_fields_fold(practice_index):
    practice = PracticePageFactory(
        title="Les enfants travaillent à l'été", summary="Été", original_language="fr"
    )
    index_practice(str(practice.translation_key))
    refresh()

    def hits(field, text):
        response = get_client().search(
            index=alias_name(), query={"match": {field: text}}, source=False
        )
        return [hit["_id"] for hit in response["hits"]["hits"]]

    key = str(practice.translation_key)
    assert hits("title_fr", "enfant travailler") == [key]
    assert hits("title_neutral", fold_accents("été")) == [key]
    assert hits("title_fr", "les") == []  # a French stop word
    assert hits("title_fr", "été") == [key]  # "l'été": the French chain splits the elision
