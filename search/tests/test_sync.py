"""Keeping the index in step: the tasks against the real node, the signals that queue them,
and one path through a real Celery worker on the real broker."""

import time

import pytest
from celery.exceptions import Retry
from django.test import override_settings
from elastic_transport import ConnectionError as TransportConnectionError
from wagtail.models import PageViewRestriction

from conftest import delete_test_indices
from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import TargetGroup, Theme
from search.client import get_client
from search.documents import alias_name
from search.indexing import practice_source
from search.tasks import index_practice, reindex_organisation, write_document

from .helpers import indexed, indexed_ids, indexed_versions, publish_new_revision

pytestmark = pytest.mark.django_db
WORKER_DEADLINE_SECONDS = 20




# The tasks, called directly


def test_index_practice_writes_the_practice_as_it_is_now(practice_index):
    practice = PracticePageFactory(title="Job coaching")

    assert index_practice(str(practice.translation_key)) == "indexed"

    document = indexed(practice)
    assert document["_source"]["title_en"] == "Job coaching"
    assert document["_source"]["page_ids"] == [practice.pk]
    assert f"{practice.pk}:{practice.live_revision_id}:original" == (
        document["_source"]["fingerprint"])


def test_index_practice_deletes_what_is_no_longer_public(practice_index):
    practice = PracticePageFactory()
    index_practice(str(practice.translation_key))
    practice.unpublish()

    index_practice(str(practice.translation_key))

    assert indexed(practice) is None


def test_tasks_for_pages_that_are_gone_or_no_practice_delete_quietly(practice_index):
    organisation = OrganisationPageFactory()

    assert index_practice(str(organisation.translation_key)) == "deleted"
    assert index_practice("00000000-0000-0000-0000-000000000000") == "deleted"
    assert indexed_ids() == set()


def test_a_task_without_an_index_creates_none_under_the_alias_name(practice_index):
    delete_test_indices()

    assert index_practice("00000000-0000-0000-0000-000000000000") == "deleted"

    assert not get_client().indices.exists(index=alias_name())


def test_a_draft_and_a_restricted_practice_are_never_indexed(practice_index):
    draft = PracticePageFactory(live=False)
    restricted = PracticePageFactory()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    index_practice(str(draft.translation_key))
    index_practice(str(restricted.translation_key))

    assert indexed_ids() == set()


def test_an_older_revision_arriving_late_does_not_overwrite_a_newer_one(practice_index):
    practice = PracticePageFactory(title="First title")
    late_document = practice_source(practice.translation_key)
    publish_new_revision(practice, title="Second title")
    index_practice(str(practice.translation_key))

    assert write_document(late_document) == "newer revision indexed"

    document = indexed(practice)
    assert document["_source"]["title_en"] == "Second title"
    assert document["_version"] > late_document.version


def test_reindex_organisation_queues_each_of_its_practices(practice_index, eager_tasks):
    organisation = OrganisationPageFactory(title="Old name")
    practices = [PracticePageFactory(organisation=organisation) for _ in range(2)]
    other = PracticePageFactory()
    publish_new_revision(organisation, title="New name")

    assert reindex_organisation(organisation.pk) == 2

    assert indexed_ids() == {practice.pk for practice in practices}
    assert {indexed(p)["_source"]["organisation_name"] for p in practices} == {"New name"}
    assert indexed(other) is None


def test_an_unreachable_node_makes_the_task_retry_not_succeed(practice_index):
    practice = PracticePageFactory()
    key = str(practice.translation_key)
    get_client.cache_clear()
    try:
        with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
            index_practice.push_request(
                called_directly=False, retries=4, id="retry", args=[key], kwargs={}
            )
            try:
                with pytest.raises(Retry) as retry:
                    index_practice.run(key)
            finally:
                index_practice.pop_request()
            eager = index_practice.apply(args=[key])
    finally:
        get_client.cache_clear()

    assert isinstance(retry.value.exc, TransportConnectionError)
    # Full jitter: a countdown anywhere up to retry_backoff × 2**retries seconds.
    assert 0 <= retry.value.when <= 2 * 2**4
    assert eager.state == "FAILURE"
    assert isinstance(eager.result, TransportConnectionError)
    assert indexed(practice) is None


# The signals, through the on-commit hooks


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks, eager_tasks):
    """Run the queued tasks when the block's changes commit, as a web request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_publishing_indexes_and_unpublishing_removes(practice_index, on_commit):
    with on_commit():
        practice = PracticePageFactory(title="Peer mentoring")
    assert indexed(practice)["_source"]["title_en"] == "Peer mentoring"

    with on_commit():
        publish_new_revision(practice, title="Peer mentoring for young adults")
    assert indexed(practice)["_source"]["title_en"] == "Peer mentoring for young adults"

    with on_commit():
        practice.unpublish()
    # Its machine translations (made by the eager translation jobs) are still public.
    assert practice.pk not in indexed_versions(practice)
    assert len(indexed_versions(practice)) == 3


def test_deleting_a_practice_removes_it(practice_index, on_commit):
    with on_commit():
        practice = PracticePageFactory()
    assert indexed(practice) is not None

    with on_commit():
        practice.delete()
    assert practice.pk not in indexed_versions(practice)


def test_a_draft_never_appears(practice_index, on_commit):
    with on_commit():
        draft = PracticePageFactory(live=False)
        draft.title = "Still a draft"
        draft.save_revision()
    assert indexed_ids() == set()


def test_a_view_restriction_removes_the_practices_under_it(practice_index, on_commit):
    organisation = OrganisationPageFactory()
    with on_commit():
        practice = PracticePageFactory(organisation=organisation)
    assert indexed(practice) is not None

    with on_commit():
        restriction = PageViewRestriction.objects.create(
            page=organisation, restriction_type=PageViewRestriction.LOGIN
        )
    assert practice.pk not in indexed_versions(practice)

    with on_commit():
        restriction.delete()
    assert practice.pk in indexed_versions(practice)


def test_renaming_the_organisation_updates_its_practices(practice_index, on_commit):
    organisation = OrganisationPageFactory(title="Arbeit Plus")
    with on_commit():
        practice = PracticePageFactory(organisation=organisation)
    assert indexed(practice)["_source"]["organisation_name"] == "Arbeit Plus"

    with on_commit():
        publish_new_revision(organisation, title="Arbeit Plus Wien")

    assert indexed(practice)["_source"]["organisation_name"] == "Arbeit Plus Wien"


def test_moving_a_practice_changes_its_organisation_and_url(practice_index, on_commit):
    before, after = OrganisationPageFactory(), OrganisationPageFactory()
    with on_commit():
        practice = PracticePageFactory(organisation=before)

    with on_commit():
        practice.move(after, pos="last-child")

    source = indexed(practice)["_source"]
    assert source["organisation"] == after.slug
    assert source["url"].startswith(f"/en/practices/{after.slug}/")


def test_relabelling_or_deleting_a_term_updates_its_practices(practice_index, on_commit):
    theme = Theme.objects.create(name="Housing", slug="housing")
    group = TargetGroup.objects.create(label="Migrants", slug="migrants")
    with on_commit():
        practice = PracticePageFactory(themes=[theme], target_groups=[group])

    with on_commit():
        theme.labels = {"fr": "Logement"}
        theme.save()
        group.slug = "newcomers"
        group.save()
    source = indexed(practice)["_source"]
    assert "Logement" in source["suggest"]["input"]
    assert source["target_group"] == ["newcomers"]

    with on_commit():
        theme.delete()
    assert indexed(practice)["_source"].get("theme", []) == []


# End to end, through a real worker


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_published_practice_reaches_the_index_through_the_worker(
    practice_index, indexing_worker
):
    practice = PracticePageFactory(title="Through the worker")

    deadline = time.monotonic() + WORKER_DEADLINE_SECONDS
    while (document := indexed(practice)) is None and time.monotonic() < deadline:
        time.sleep(0.2)

    assert document is not None, "the worker did not index the practice within 20 s"
    assert document["_source"]["title_en"] == "Through the worker"
