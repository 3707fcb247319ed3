"""Deployment hardening: `check --deploy`, security headers, secure cookies, login lockout."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import override_settings

from practices.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kb.settings.production",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "DEBUG": "false",
    "ALLOWED_HOSTS": "kb.example.org",
}
LOGIN_URL = "/admin/login/"
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*application/(ld\+)?json)[^>]*>")
INLINE_HANDLER_OR_STYLE = re.compile(r"<[^>]+\s(on[a-z]+|style)\s*=", re.IGNORECASE)


def database_url_of_this_run():
    """The subprocess reads this run's test database, where the migrations have run."""
    database = settings.DATABASES["default"]
    return (
        f"postgres://{database['USER']}:{database['PASSWORD']}@{database['HOST']}:"
        f"{database['PORT']}/{database['NAME']}"
    )


def run_with_production_settings(code):
    return subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, **PRODUCTION_ENV, "DATABASE_URL": database_url_of_this_run()},
        cwd=settings.BASE_DIR, capture_output=True, text=True,
    )


def test_check_deploy_is_clean_with_production_settings():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        env={**os.environ, **PRODUCTION_ENV}, cwd=settings.BASE_DIR, capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_response_has_secure_cookies_and_hsts():
    # Production serves collected static files; this test has none, so it finds them as dev does.
    code = """
import kb.settings.production as production
production.STORAGES["staticfiles"]["BACKEND"] = (
    "django.contrib.staticfiles.storage.StaticFilesStorage")
import django; django.setup()
from django.test import Client
client = Client(HTTP_HOST="kb.example.org")
response = client.get("/admin/login/", secure=True)
print(response.status_code, response["Strict-Transport-Security"])
print(response.cookies["csrftoken"]["secure"])
insecure = client.get("/en/", secure=False)
print(insecure.status_code, insecure["Location"])
from django.conf import settings
print(settings.SESSION_COOKIE_SECURE, settings.SESSION_COOKIE_HTTPONLY)
"""
    result = run_with_production_settings(code)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "200 max-age=31536000; includeSubDomains; preload"
    assert lines[1] == "True"
    assert lines[2] == "301 https://kb.example.org/en/"
    assert lines[3] == "True True"


@pytest.mark.parametrize("url", ["/en/", "/en/search/?q=x", "/en/practices/propose/",
                                 "/api/v1/search/", LOGIN_URL])
def test_security_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = dict(part.strip().split(" ", 1) for part in
                  response["Content-Security-Policy"].split(";"))
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    if url.startswith("/admin/"):
        # Wagtail's admin writes inline scripts (kb/security.py): only there.
        assert policy["script-src"] == "'self' 'unsafe-inline'"
    else:
        assert policy["script-src"] == "'self'"
        assert policy["style-src"] == "'self'"
        assert policy["frame-ancestors"] == "'none'"


@pytest.mark.parametrize("url", ["/en/", "/en/practices/", "/en/search/?q=skills",
                                 "/en/practices/propose/", "/en/no-such-page/"])
def test_public_pages_have_no_inline_script_or_style(client, url):
    content = client.get(url).content.decode()
    assert not INLINE_SCRIPT.search(content)
    assert not INLINE_HANDLER_OR_STYLE.search(content)


def test_public_templates_have_no_inline_script_or_style():
    templates = [path for folder in ["templates", "search/templates", "home/templates"]
                 for path in Path(settings.BASE_DIR, folder).rglob("*.html")]
    assert templates
    offending = [str(path) for path in templates
                 if INLINE_SCRIPT.search(path.read_text())
                 or INLINE_HANDLER_OR_STYLE.search(path.read_text())]
    assert offending == []


def login(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password}, follow=False)


def test_admin_login_locks_out_after_five_failures(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = login(client, user.username, "wrong")
        assert response.status_code == 200
        assert "_auth_user_id" not in client.session
    response = login(client, user.username, "wrong")
    assert response.status_code == 429
    assert "locked for 15 minutes" in response.content.decode()
    response = login(client, user.username, PASSWORD)
    assert response.status_code == 429, "a locked-out login succeeded with the right password"
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/").status_code == 302


def test_lockout_is_per_username_and_address(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, "someone-else", "wrong")
    assert login(client, user.username, PASSWORD).status_code == 302
    other_address = client.__class__(REMOTE_ADDR="10.9.8.7")
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.username, "wrong")
    assert login(client, user.username, PASSWORD).status_code == 429
    assert login(other_address, user.username, PASSWORD).status_code == 302


@override_settings(AXES_FAILURE_LIMIT=5)
def test_success_resets_the_failure_count(client):
    user = UserFactory(is_superuser=True, is_staff=True)
    for _round in range(3):
        for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
            login(client, user.username, "wrong")
        assert login(client, user.username, PASSWORD).status_code == 302
        client.logout()
