"""E-mail alerts end to end: subscribed from a search page, confirmed by the mailed link
(double opt-in), digests of exactly the new matching practices in the page's language sent
by a real Celery worker, and a one-click unsubscribe that deletes the address."""

import re
import time
from datetime import timedelta
from html import unescape

import pytest
from django.core import mail
from django.test import Client
from django.utils import timezone

from alerts.models import Alert
from alerts.tasks import queue_alert_digests, send_alert_digest
from practices.factories import OrganisationPageFactory, PracticePageFactory
from practices.models import PracticePage, Theme
from search.params import parse_search_params
from search.service import search_practices

DEADLINE_SECONDS = 90
ADDRESS = "ana@example.org"


def wait_for(condition, description):
    deadline = time.monotonic() + DEADLINE_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting for {description}")
        time.sleep(0.3)


def subscribe(client, search_url, address=ADDRESS, frequency="weekly"):
    """Follow the search page's alert link and send its form, as a visitor would."""
    page = client.get(search_url).content.decode()
    link = unescape(re.search(r'<p class="search-alert"><a href="([^"]+)"', page).group(1))
    form = client.get(link).content.decode()
    search = unescape(re.search(r'name="search" value="([^"]*)"', form).group(1))
    language = search_url.split("/")[1]
    return client.post(f"/{language}/alerts/new/",
                       {"search": search, "email": address, "frequency": frequency})


def confirmation_link(message):
    return re.search(r"http://[^\s]+/alerts/confirm/[^\s/]+/", message.body).group(0)


def indexed_titles():
    return {hit["title"] for hit in
            search_practices(parse_search_params({"page_size": ["100"]})).hits}


def backdate(practice, when):
    PracticePage.objects.filter(translation_key=practice.translation_key).update(
        first_published_at=when)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_confirmed_alert_gets_exactly_the_new_matches_in_its_language_then_unsubscribes(
    mailing_worker, practice_index, settings
):
    integration = Theme.objects.get(slug="integration")
    organisation = OrganisationPageFactory(title="Alpha Inclusion")
    old = PracticePageFactory(organisation=organisation, title="Old job club",
                              themes=[integration])
    visitor = Client()

    response = subscribe(visitor, "/fr/search/?theme=integration")
    assert response.status_code == 200
    [confirmation] = mail.outbox
    assert confirmation.to == [ADDRESS]
    assert confirmation.subject == "Confirmez votre alerte de nouvelles pratiques"
    assert "Thème : " in confirmation.body or "Thème: " in confirmation.body
    assert confirmation.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    alert = Alert.objects.get()
    assert alert.language == "fr" and alert.confirmed_at is None
    assert queue_alert_digests() == 0  # nothing but the confirmation before it is confirmed

    confirmed = visitor.get(confirmation_link(confirmation)).content.decode()
    assert "Votre alerte est active" in confirmed
    alert.refresh_from_db()
    assert alert.confirmed_at is not None

    new_match = PracticePageFactory(organisation=organisation, title="Repair cafe",
                                    themes=[integration])
    PracticePageFactory(organisation=organisation, title="Night school")  # another theme
    wait_for(lambda: {"Repair cafe", "Night school", "Old job club"} <= indexed_titles(),
             "the worker to index the new practices")
    # A day has passed: the alert was confirmed yesterday, the practices published since.
    now = timezone.now()
    Alert.objects.filter(pk=alert.pk).update(checked_until=now - timedelta(days=7, hours=1))
    backdate(old, now - timedelta(days=30))
    for practice in PracticePage.objects.exclude(translation_key=old.translation_key):
        backdate(practice, now - timedelta(hours=2))

    queue_alert_digests.delay()
    wait_for(lambda: len(mailing_worker.messages()) == 1
             or not Alert.objects.filter(last_sent_at__isnull=True, checked_until__lt=now).exists(),
             "the digest")
    [digest] = mailing_worker.messages()
    body = digest.get_body().get_content()
    assert digest["To"] == ADDRESS
    assert digest["Subject"].strip() == "1 nouvelle pratique correspond à votre recherche"
    assert "Repair cafe" in body and new_match.url in body
    assert "Old job club" not in body and "Night school" not in body
    unsubscribe_url = re.search(r"<(http://[^>]+)>", digest["List-Unsubscribe"]).group(1)
    assert unsubscribe_url in body
    assert digest["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    # At most one mail per period: the next run finds the alert not due.
    send_alert_digest(alert.pk)
    assert len(mailing_worker.messages()) == 1

    path = unsubscribe_url.split("://", 1)[1].split("/", 1)[1]
    page = visitor.get("/" + path)
    assert page.status_code == 200 and "désabonné" in page.content.decode()
    assert not Alert.objects.filter(email=ADDRESS).exists()


@pytest.mark.django_db
def test_no_mail_when_nothing_new(practice_index):
    alert = Alert.objects.create(email=ADDRESS, search="theme=integration", language="en",
                                 confirmed_at=timezone.now(),
                                 checked_until=timezone.now() - timedelta(days=8))
    assert send_alert_digest(alert.pk) == 0
    assert mail.outbox == []
    alert.refresh_from_db()
    assert alert.checked_until > timezone.now() - timedelta(minutes=6)


@pytest.mark.django_db
def test_one_click_unsubscribe_by_post_as_mail_clients_do():
    alert = Alert.objects.create(email=ADDRESS, language="en", confirmed_at=timezone.now(),
                                 checked_until=timezone.now())
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/en/alerts/unsubscribe/{alert.token}/",
                           {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert not Alert.objects.exists()


@pytest.mark.django_db
def test_subscriptions_are_rate_limited_per_address_and_validated(practice_index, settings):
    settings.ALERT_ADDRESS_RATE_LIMIT = "2/h"
    client = Client()
    for _attempt in range(2):
        assert subscribe(client, "/en/search/?q=mentoring").status_code == 200
    assert subscribe(client, "/en/search/?q=mentoring").status_code == 429
    other = Client(REMOTE_ADDR="10.0.0.9")
    assert subscribe(other, "/en/search/?q=mentoring").status_code == 429  # same address
    assert Alert.objects.count() == 2
    bad = client.post("/en/alerts/new/", {"search": "q=x", "email": "not-an-address",
                                          "frequency": "weekly"})
    assert bad.status_code == 400 and "aria-invalid" in bad.content.decode()
    assert client.post("/en/alerts/new/", {"search": "year_from=soon", "email": ADDRESS,
                                           "frequency": "daily"}).status_code == 400


@pytest.mark.django_db
def test_the_honeypot_sends_nothing(practice_index):
    client = Client()
    response = client.post("/en/alerts/new/", {"search": "q=mentoring", "email": ADDRESS,
                                                "frequency": "weekly", "homepage": "spam"})
    assert response.status_code == 200
    assert not Alert.objects.exists() and mail.outbox == []
