"""PostgreSQL stopped and started under a running server: requests fail cleanly, then recover.

While the database is down every request is answered promptly with an error page (500,
or 503 from /healthz), none hangs; once it is back the same running server (pytest-django's
`live_server`, a threaded WSGI server) answers again without a restart of its own.
"""

import json
import threading
import urllib.error
import urllib.request

import pytest

from practices.factories import PracticePageFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# A hang shows up as a timeout far beyond any clean answer.
REQUEST_TIMEOUT_SECONDS = 30


def fetch(url):
    """(status, body) of a GET; error statuses are answers too."""
    try:
        with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_SECONDS) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def answers(url):
    """The status of a GET, or None when nothing accepts the connection."""
    try:
        return fetch(url)[0]
    except urllib.error.URLError:
        return None


def health(url):
    status, body = fetch(f"{url}/healthz")
    return status, json.loads(body)["components"]


class Poller(threading.Thread):
    """Requests `urls` in turn until stopped, recording each status or error."""

    def __init__(self, urls):
        super().__init__(daemon=True)
        self.urls, self.outcomes, self.done = urls, [], threading.Event()

    def run(self):
        while not self.done.is_set():
            for url in self.urls:
                try:
                    self.outcomes.append(fetch(url)[0])
                except OSError as error:  # a timeout or a dropped connection
                    self.outcomes.append(type(error).__name__)


def test_requests_fail_cleanly_while_postgres_is_down_and_succeed_after(live_server, services):
    site = live_server.url
    practice = PracticePageFactory(title="Supported employment")
    pages = [f"{site}/en/", f"{site}{practice.url}"]
    assert [answers(url) for url in pages] == [200, 200]

    poller = Poller([*pages, f"{site}/healthz"])
    poller.start()
    try:
        services.stop("postgres")
        during = [answers(url) for url in pages]
        health_during = health(site)
        services.start("postgres")
    finally:
        poller.done.set()
        poller.join(timeout=2 * REQUEST_TIMEOUT_SECONDS)

    assert during == [500, 500]
    assert health_during[0] == 503
    assert health_during[1]["database"]["status"] == "error"
    assert poller.outcomes and set(poller.outcomes) <= {200, 500, 503}, poller.outcomes
    assert [answers(url) for url in pages] == [200, 200]
    assert health(site)[1]["database"]["status"] == "ok"
