"""What a practice becomes in the index, and which practices get there."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import PathwayStage, TargetGroup, Theme
from search.client import get_client
from search.documents import (
    NEUTRAL_FIELDS,
    PracticeDocument,
    alias_name,
    language_fields_for,
    text_fields_for,
)
from search.indexing import indexable_practices, practice_source, practice_sources
from search.tasks import index_practice
from search.text import fold_accents, sort_key

from .helpers import indexed, refresh

pytestmark = pytest.mark.django_db


def test_fold_accents_removes_diacritics_and_expands_ligatures():
    assert fold_accents("Éducation à l'emploi, Straße, cœur, Łódź, dell’arte") == (
        "Education a l emploi, Strasse, coeur, Lodz, dell arte"
    )
    assert fold_accents("") == ""
    assert sort_key("  Été   Chaud ") == "ete chaud"
    assert sort_key("L'été") == "l ete"


def test_text_fields_boost_the_title_and_cover_the_language_and_neutral_fields():
    fields = text_fields_for("fr")
    assert "title_fr^3" in fields and "title_neutral^3" in fields
    assert not any(field.startswith("title_en") for field in fields)
    assert set(NEUTRAL_FIELDS) <= set(fields)
    every_language = language_fields_for(None)
    assert {"body_en^1", "body_de^1", "body_es^1"} <= set(every_language)
    assert language_fields_for("nl") == every_language


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

    document = practice_source(practice.pk).source

    assert document["id"] == practice.pk
    assert document["revision_id"] == practice.live_revision_id
    assert document["url"] == f"/en/practices/{organisation.slug}/{practice.slug}/"
    assert document["organisation"] == organisation.slug
    assert document["organisation_name"] == "Réseau Insertion"
    assert document["theme"] == ["egalite"]
    assert sorted(document["country"]) == ["BE", "FR"]
    assert document["target_group"] == [term.slug for term in page.target_groups.all()]
    assert len(document["target_group"]) == 2
    assert document["language"] == "fr"
    assert document["title"] == document["title_fr"] == "Éducation des enfants"
    assert document["title_neutral"] == "Education des enfants"
    assert document["title_sort"] == "education des enfants"
    assert document["summary_neutral"] == "Les enfants apprennent."
    assert "title_en" not in document
    assert {"Éducation des enfants", "Education des enfants", "Égalité", "Gleichstellung"} <= set(
        document["suggest"]["input"]
    )


def test_a_language_without_analyzer_gets_only_the_neutral_fields():
    practice = PracticePageFactory(title="Werk voor jongeren", original_language="nl")

    document = practice_source(practice.pk).source

    assert document["title_neutral"] == "Werk voor jongeren"
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

    assert [practice.id for practice in sources] == [practice.pk for practice in practices]
    for practice in sources:
        document = PracticeDocument(meta={"id": practice.id}, **practice.source)
        assert document.to_dict() == practice.source
        assert practice.version == practice.source["revision_id"]


def test_the_language_analyzers_stem_and_the_neutral_fields_fold(practice_index):
    practice = PracticePageFactory(
        title="Les enfants travaillent à l'été", summary="Été", original_language="fr"
    )
    index_practice(practice.pk)
    refresh()

    def hits(field, text):
        response = get_client().search(
            index=alias_name(), query={"match": {field: text}}, source=False
        )
        return [int(hit["_id"]) for hit in response["hits"]["hits"]]

    assert hits("title_fr", "enfant travailler") == [practice.pk]
    assert hits("title_neutral", fold_accents("été")) == [practice.pk]
    assert hits("title_fr", "les") == []  # a French stop word
    assert indexed(practice.pk)["_version"] == practice.live_revision_id
