"""The client's address behind the trusted proxies, and the API's per-client rate limit."""

import secrets

import pytest
from django.test import RequestFactory, override_settings

from kb.client_address import client_address

SCHEMA_URL = "/api/v1/schema/"


def request_from(peer, forwarded=None):
    headers = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded is not None else {}
    return RequestFactory().get("/", REMOTE_ADDR=peer, **headers)


@override_settings(TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_header_is_never_read():
    assert client_address(request_from("198.51.100.7", "203.0.113.9")) == "198.51.100.7"


@override_settings(TRUSTED_PROXY_COUNT=1)
@pytest.mark.parametrize("forwarded, expected", [
    ("203.0.113.9", "203.0.113.9"),  # what the proxy appended
    ("10.0.0.1, 203.0.113.9", "203.0.113.9"),  # the client's own entry stands to the left
    ("10.0.0.1,203.0.113.9 ", "203.0.113.9"),
    ("2001:db8::1", "2001:db8::1"),
    ("", "192.0.2.1"),  # did not pass the proxy
    (None, "192.0.2.1"),
    ("not-an-address", "192.0.2.1"),
])
def test_behind_one_proxy_its_entry_is_the_client(forwarded, expected):
    assert client_address(request_from("192.0.2.1", forwarded)) == expected


@override_settings(TRUSTED_PROXY_COUNT=2)
def test_behind_two_proxies_the_second_entry_from_the_right_is_the_client():
    request = request_from("192.0.2.1", "10.0.0.1, 203.0.113.9, 198.51.100.2")
    assert client_address(request) == "203.0.113.9"
    assert client_address(request_from("192.0.2.1", "198.51.100.2")) == "192.0.2.1"


def random_address():
    return "198.18." + ".".join(str(secrets.randbelow(254) + 1) for _ in range(2))


@pytest.mark.django_db
@override_settings(API_RATE_LIMIT="3/m")
def test_the_api_answers_429_with_retry_after_past_the_limit_per_client(client):
    address, other = random_address(), random_address()
    answers = [client.get(SCHEMA_URL, REMOTE_ADDR=address) for _ in range(4)]

    assert [answer.status_code for answer in answers[:3]] == [200, 200, 200]
    refused = answers[3]
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert refused["Content-Type"].startswith("application/json")
    assert "Too many requests" in refused.json()["error"]
    assert client.get(SCHEMA_URL, REMOTE_ADDR=other).status_code == 200
    assert client.get("/healthz/live", REMOTE_ADDR=address).status_code == 200
