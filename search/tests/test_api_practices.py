"""The API's record of one practice and the harvest of every practice, against the database."""

import pytest
from django.test import Client
from django.utils import timezone
from wagtail.models import Locale, PageViewRestriction

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import PracticePage
from translation import machine
from translation.translators import get_translator

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationPageFactory(title="Inclusion Lyon")


def get(path, **headers):
    return Client().get(path, **headers)


def test_the_record_of_a_practice_by_its_source_id_or_page_id(organisation):
    practice = PracticePageFactory(
        organisation=organisation, title="Job coaching", source_id="P-1", outcomes="Jobs.",
        contact_name="Ana Costa", contact_email="ana@example.org", contact_is_public=False)

    by_source = get("/api/v1/practices/P-1/")
    by_page = get(f"/api/v1/practices/{practice.pk}/")

    assert by_source.status_code == 200
    assert by_source.json() == by_page.json()
    record = by_source.json()
    assert (record["title"], record["outcomes"], record["organisation"]) == (
        "Job coaching", "Jobs.", "Inclusion Lyon")
    assert record["url"] == f"http://testserver{practice.url}"
    assert record["versions"] == {"en": {"url": record["url"], "state": "original"}}
    assert (record["contact_name"], record["contact_email"]) == ("", ""), "no consent"
    assert record["updated_at"].startswith(str(practice.last_published_at.year))


def test_the_contact_is_given_with_consent(organisation):
    PracticePageFactory(organisation=organisation, source_id="P-1", contact_name="Ana Costa",
                        contact_email="ana@example.org", contact_is_public=True)

    record = get("/api/v1/practices/P-1/").json()

    assert (record["contact_name"], record["contact_email"]) == ("Ana Costa", "ana@example.org")


def test_a_draft_a_private_or_an_unknown_practice_is_a_json_404(organisation):
    PracticePageFactory(organisation=organisation, source_id="draft", live=False)
    private = PracticePageFactory(organisation=organisation, source_id="private")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    unpublished = PracticePageFactory(organisation=organisation, source_id="gone")
    unpublished.unpublish()

    for key in ["draft", "private", "gone", "nothing", str(private.pk), "99999999"]:
        response = get(f"/api/v1/practices/{key}/")
        assert response.status_code == 404, key
        assert response.json()["parameter"] == "source_id"


def test_the_record_in_the_language_asked_for_lists_every_version(
    organisation, django_capture_on_commit_callbacks
):
    french = organisation.get_translation(Locale.objects.get(language_code="fr"))
    original = PracticePageFactory(
        organisation=french, title="Accompagnement vers l'emploi", source_id="P-fr",
        summary="Des coachs suivent les jeunes jusqu'au premier emploi.",
        original_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        machine.translate_into(
            original, Locale.objects.get(language_code="en"), get_translator())

    english = get("/api/v1/practices/P-fr/?lang=en").json()
    as_written = get("/api/v1/practices/P-fr/?lang=fr").json()
    german = get("/api/v1/practices/P-fr/", HTTP_ACCEPT_LANGUAGE="de").json()

    assert as_written["title"] == "Accompagnement vers l'emploi"
    assert as_written["locale"] == "fr" and english["locale"] == "en"
    assert english["title"] != as_written["title"]
    assert english["language"] == "fr", "the language it was written in"
    assert set(english["versions"]) == {"en", "fr"}
    assert english["versions"]["fr"]["state"] == "original"
    assert english["versions"]["en"]["state"] == "machine"
    assert german["locale"] == "fr", "no German version: the original"


def test_the_harvest_reads_every_live_practice_by_cursor_oldest_change_first(organisation):
    practices = [PracticePageFactory(organisation=organisation, title=f"Practice {n}",
                                     source_id=f"P-{n}") for n in range(7)]
    PracticePageFactory(organisation=organisation, source_id="draft", live=False)
    changed = practices[2]
    changed.title = "Practice 2, changed"
    changed.save_revision().publish()

    seen, url = [], "/api/v1/practices/?page_size=3"
    while url:
        answer = get(url).json()
        assert len(answer["results"]) <= 3
        seen.extend(record["source_id"] for record in answer["results"])
        url = answer["next"]
        assert url is None or url.startswith("http://testserver/api/v1/practices/?")

    assert seen == ["P-0", "P-1", "P-3", "P-4", "P-5", "P-6", "P-2"]


def test_the_harvest_since_a_moment(organisation):
    PracticePageFactory(organisation=organisation, source_id="old")
    moment = timezone.now()
    PracticePageFactory(organisation=organisation, source_id="new")

    answer = Client().get("/api/v1/practices/", {"updated_since": moment.isoformat()}).json()

    assert [record["source_id"] for record in answer["results"]] == ["new"]
    assert answer["next"] is None


def test_the_harvest_refuses_a_cursor_it_did_not_give_and_a_bad_date(organisation):
    for query, parameter in [("cursor=nonsense", "cursor"), ("cursor=e30", "cursor"),
                             ("updated_since=yesterday", "updated_since"),
                             ("page_size=101", "page_size"), ("colour=blue", "colour")]:
        response = get(f"/api/v1/practices/?{query}")
        assert response.status_code == 400, query
        assert response.json()["parameter"] == parameter


def test_unpublishing_removes_a_practice_from_the_harvest(organisation):
    practice = PracticePageFactory(organisation=organisation, source_id="P-1")
    assert [r["source_id"] for r in get("/api/v1/practices/").json()["results"]] == ["P-1"]

    PracticePage.objects.get(pk=practice.pk).unpublish()

    assert get("/api/v1/practices/").json()["results"] == []
