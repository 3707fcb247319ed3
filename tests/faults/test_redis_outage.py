"""Redis stopped: the site keeps serving and saving; indexing missed meanwhile is recovered.

Redis is both Django's cache and Celery's broker. Without it pages render (the cache
ignores errors), logged-in editors keep editing (sessions are in PostgreSQL), /healthz
names cache and broker, and a publish still succeeds although its index job cannot be
queued (kb/celery.py). When Redis is back the worker takes jobs again, and a reconcile
indexes the practice whose job was lost.
"""

import warnings

import pytest

from practices.factories import PASSWORD, OrganisationPageFactory, PracticePageFactory, UserFactory
from practices.models import PracticePage
from practices.tests.admin_forms import practice_form_data
from search import index_admin
from search.tests.helpers import publish_new_revision

from .conftest import wait_for
from .helpers import (
    drift,
    index_matches_database,
    indexed_fingerprint,
    wait_for_index_to_match,
)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def edit_in_admin(client, page, title, **actions):
    data = practice_form_data(title, slug=page.slug, **actions)
    return client.post(f"/admin/pages/{page.pk}/edit/", data)


def report_how_the_worker_rode_out_the_outage(worker, start_worker):
    """Says which happened: the worker reconnected by itself (it retries the broker for as
    long as it is gone, kb/settings/base.py), or it exited and is started again, as its
    supervisor would (docker-compose's `restart:`, `make run`'s scripts/run-site.sh)."""
    if worker.process.poll() is None:
        print("\nRedis outage: the worker stayed up and reconnected by itself")
        return
    message = (f"Redis outage: the worker exited (status {worker.process.returncode}) "
               "instead of reconnecting; started again, as its supervisor would")
    print(f"\n{message}")
    warnings.warn(message, stacklevel=2)
    start_worker("indexing")


def test_site_serves_and_saves_without_redis_and_reconcile_recovers_the_missed_job(
    client, practice_index, start_worker, services
):
    worker = start_worker("indexing")
    organisation = OrganisationPageFactory(title="Work Integration Cooperative")
    shown, drafted, published = (
        PracticePageFactory(organisation=organisation, title=title)
        for title in ["Repair cafe", "Bicycle workshop", "Community kitchen"]
    )
    wait_for_index_to_match("the worker to index the three practices")
    editor = UserFactory(is_superuser=True, is_staff=True)
    login = {"username": editor.username, "password": PASSWORD}
    assert client.post("/admin/login/", login).status_code == 302

    services.stop("redis")
    for url in ["/en/", shown.url, "/en/search/?q=repair"]:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Repair cafe" in client.get("/en/search/?q=repair").content.decode()
    health = client.get("/healthz")
    assert health.status_code == 503
    components = health.json()["components"]
    assert components["cache"]["status"] == components["broker"]["status"] == "error"
    assert components["database"]["status"] == "ok"

    assert edit_in_admin(client, drafted, "Bicycle repair workshop").status_code == 302
    assert PracticePage.objects.get(pk=drafted.pk).get_latest_revision_as_object().title == (
        "Bicycle repair workshop"
    )
    response = edit_in_admin(client, published, "Community kitchen and cafe",
                             **{"action-publish": "1"})  # fmt: skip
    assert response.status_code == 302
    published.refresh_from_db()
    assert published.title == "Community kitchen and cafe"
    assert published.live_revision_id == published.latest_revision_id

    services.start("redis")
    report_how_the_worker_rode_out_the_outage(worker, start_worker)
    assert drift().stale == [str(published.translation_key)], (
        "the publish's index job was not lost")
    resumed = publish_new_revision(shown, title="Repair cafe on Saturdays")
    wait_for(
        lambda: f"{shown.pk}:{resumed.live_revision_id}:" in indexed_fingerprint(shown),
        "the worker to take jobs from Redis again",
    )
    index_admin.reconcile()
    assert index_matches_database()
