"""Keeping the index in step: the tasks against the real node, the signals that queue them,
and one path through a real Celery worker on the real broker."""

import time

import pytest
from celery.exceptions import Retry
from django.test import override_settings
from elastic_transport import ConnectionError as TransportConnectionError
from wagtail.models import PageViewRestriction

from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import TargetGroup, Theme
from search.client import get_client
from search.indexing import practice_source
from search.tasks import delete_practice, index_practice, reindex_organisation, write_document

from .helpers import indexed, indexed_ids, publish_new_revision

pytestmark = pytest.mark.django_db
WORKER_DEADLINE_SECONDS = 20




# The tasks, called directly


def test_index_practice_writes_the_live_revision(practice_index):
    practice = PracticePageFactory(title="Job coaching")

    assert index_practice(practice.pk) == "indexed"

    document = indexed(practice.pk)
    assert document["_source"]["title"] == "Job coaching"
    assert document["_version"] == practice.live_revision_id


def test_index_practice_deletes_what_is_no_longer_public(practice_index):
    practice = PracticePageFactory()
    index_practice(practice.pk)
    practice.unpublish()

    index_practice(practice.pk)

    assert indexed(practice.pk) is None


def test_tasks_for_pages_that_are_gone_or_no_practice_delete_quietly(practice_index):
    organisation = OrganisationPageFactory()

    assert index_practice(organisation.pk) == "deleted"
    assert index_practice(10**9) == "deleted"
    assert delete_practice(10**9) == "deleted"
    assert indexed_ids() == set()


def test_a_draft_and_a_restricted_practice_are_never_indexed(practice_index):
    draft = PracticePageFactory(live=False)
    restricted = PracticePageFactory()
    PageViewRestriction.objects.create(page=restricted, restriction_type=PageViewRestriction.LOGIN)

    index_practice(draft.pk)
    index_practice(restricted.pk)

    assert indexed_ids() == set()


def test_an_older_revision_arriving_late_does_not_overwrite_a_newer_one(practice_index):
    practice = PracticePageFactory(title="First title")
    late_document = practice_source(practice.pk)
    publish_new_revision(practice, title="Second title")
    index_practice(practice.pk)

    assert write_document(late_document) == "newer revision indexed"

    document = indexed(practice.pk)
    assert document["_source"]["title"] == "Second title"
    assert document["_version"] == practice.live_revision_id > late_document.version


def test_reindex_organisation_queues_each_of_its_practices(practice_index, eager_tasks):
    organisation = OrganisationPageFactory(title="Old name")
    practices = [PracticePageFactory(organisation=organisation) for _ in range(2)]
    other = PracticePageFactory()
    publish_new_revision(organisation, title="New name")

    assert reindex_organisation(organisation.pk) == 2

    assert indexed_ids() == {practice.pk for practice in practices}
    assert {indexed(p.pk)["_source"]["organisation_name"] for p in practices} == {"New name"}
    assert indexed(other.pk) is None


def test_an_unreachable_node_makes_the_task_retry_not_succeed(practice_index):
    practice = PracticePageFactory()
    get_client.cache_clear()
    try:
        with override_settings(ELASTICSEARCH_URL="http://127.0.0.1:9"):
            index_practice.push_request(
                called_directly=False, retries=4, id="retry", args=[practice.pk], kwargs={}
            )
            try:
                with pytest.raises(Retry) as retry:
                    index_practice.run(practice.pk)
            finally:
                index_practice.pop_request()
            eager = index_practice.apply(args=[practice.pk])
    finally:
        get_client.cache_clear()

    assert isinstance(retry.value.exc, TransportConnectionError)
    # Full jitter: a countdown anywhere up to retry_backoff × 2**retries seconds.
    assert 0 <= retry.value.when <= 2 * 2**4
    assert eager.state == "FAILURE"
    assert isinstance(eager.result, TransportConnectionError)
    assert indexed(practice.pk) is None


# The signals, through the on-commit hooks


@pytest.fixture
def on_commit(django_capture_on_commit_callbacks, eager_tasks):
    """Run the queued tasks when the block's changes commit, as a web request would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_publishing_indexes_and_unpublishing_removes(practice_index, on_commit):
    with on_commit():
        practice = PracticePageFactory(title="Peer mentoring")
    assert indexed(practice.pk)["_source"]["title"] == "Peer mentoring"

    with on_commit():
        publish_new_revision(practice, title="Peer mentoring for young adults")
    assert indexed(practice.pk)["_source"]["title"] == "Peer mentoring for young adults"

    with on_commit():
        practice.unpublish()
    assert indexed(practice.pk) is None


def test_deleting_a_practice_removes_it(practice_index, on_commit):
    with on_commit():
        practice = PracticePageFactory()
    assert indexed(practice.pk) is not None

    with on_commit():
        practice.delete()
    assert indexed(practice.pk) is None


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
    assert indexed(practice.pk) is not None

    with on_commit():
        restriction = PageViewRestriction.objects.create(
            page=organisation, restriction_type=PageViewRestriction.LOGIN
        )
    assert indexed(practice.pk) is None

    with on_commit():
        restriction.delete()
    assert indexed(practice.pk) is not None


def test_renaming_the_organisation_updates_its_practices(practice_index, on_commit):
    organisation = OrganisationPageFactory(title="Arbeit Plus")
    with on_commit():
        practice = PracticePageFactory(organisation=organisation)
    assert indexed(practice.pk)["_source"]["organisation_name"] == "Arbeit Plus"

    with on_commit():
        publish_new_revision(organisation, title="Arbeit Plus Wien")

    assert indexed(practice.pk)["_source"]["organisation_name"] == "Arbeit Plus Wien"


def test_moving_a_practice_changes_its_organisation_and_url(practice_index, on_commit):
    before, after = OrganisationPageFactory(), OrganisationPageFactory()
    with on_commit():
        practice = PracticePageFactory(organisation=before)

    with on_commit():
        practice.move(after, pos="last-child")

    source = indexed(practice.pk)["_source"]
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
    source = indexed(practice.pk)["_source"]
    assert "Logement" in source["suggest"]["input"]
    assert source["target_group"] == ["newcomers"]

    with on_commit():
        theme.delete()
    assert indexed(practice.pk)["_source"].get("theme", []) == []


# End to end, through a real worker


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_published_practice_reaches_the_index_through_the_worker(
    practice_index, indexing_worker
):
    practice = PracticePageFactory(title="Through the worker")

    deadline = time.monotonic() + WORKER_DEADLINE_SECONDS
    while (document := indexed(practice.pk)) is None and time.monotonic() < deadline:
        time.sleep(0.2)

    assert document is not None, "the worker did not index the practice within 20 s"
    assert document["_source"]["title"] == "Through the worker"
