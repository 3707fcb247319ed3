"""Behind a real nginx, each client is itself: its own proposal limit, its own login lockout.

Debian's nginx (scripts/install-nginx.sh) runs with the repository's `deploy/nginx-site.conf`
on 127.0.0.1, in front of gunicorn with the production settings and
`TRUSTED_PROXY_COUNT=1`. Two clients connect from two loopback addresses of their own
(127.x.y.z, chosen at random so that counts left in the cache by an earlier run never
meet this one); everything they send goes through nginx, as on a real site.
"""

import http.client
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.conf.global_settings import PASSWORD_HASHERS as PRODUCTION_HASHERS
from django.test import override_settings

from conftest import stop_process
from practices.factories import PASSWORD, UserFactory
from practices.models import PracticePage, Theme

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

SITE_CONF = Path(settings.BASE_DIR) / "deploy" / "nginx-site.conf"
PROPOSAL_LIMIT = 2
LOGIN_URL = "/admin/login/"
PROPOSE_URL = "/en/practices/propose/"
START_TIMEOUT_SECONDS = 60
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def random_loopback_address():
    return "127." + ".".join(str(secrets.randbelow(250) + 2) for _ in range(3))


def wait_until_answering(port, process, name):
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{name} exited with status {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{name} did not answer within {START_TIMEOUT_SECONDS} s")


def production_environment():
    database = settings.DATABASES["default"]
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "kb.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "DEBUG": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "false",  # nginx here speaks plain HTTP on loopback
        "DATABASE_URL": (f"postgres://{database['USER']}:{database['PASSWORD']}@"
                         f"{database['HOST']}:{database['PORT']}/{database['NAME']}"),
        "REDIS_URL": settings.CACHES["default"]["LOCATION"],
        "CELERY_BROKER_URL": settings.CELERY_BROKER_URL,
        "ELASTICSEARCH_INDEX_PREFIX": settings.ELASTICSEARCH_INDEX_PREFIX,
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
        "PROPOSAL_RATE_LIMIT": f"{PROPOSAL_LIMIT}/h",
        "TRUSTED_PROXY_COUNT": "1",
    }


def nginx_config(folder, listen_port, upstream_port):
    """The repository's site, on the test's ports, in a main configuration of its own."""
    site = SITE_CONF.read_text()
    site = site.replace("listen 127.0.0.1:8080;", f"listen 127.0.0.1:{listen_port};")
    site = site.replace("proxy_pass http://127.0.0.1:8000;",
                        f"proxy_pass http://127.0.0.1:{upstream_port};")
    (folder / "site.conf").write_text(site)
    temp = {name: folder / name for name in ["body", "proxy", "fastcgi", "uwsgi", "scgi"]}
    (folder / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{}}
http {{
    access_log {folder}/access.log;
    client_body_temp_path {temp["body"]};
    proxy_temp_path {temp["proxy"]};
    fastcgi_temp_path {temp["fastcgi"]};
    uwsgi_temp_path {temp["uwsgi"]};
    scgi_temp_path {temp["scgi"]};
    include {folder}/site.conf;
}}
""")
    return folder / "nginx.conf"


@pytest.fixture(scope="module")
def proxied_site(django_db_setup):
    """The port of nginx, in front of gunicorn with the production settings."""
    assert shutil.which("nginx"), "nginx is missing: scripts/install-nginx.sh installs it"
    environment = production_environment()
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput"],
                   cwd=settings.BASE_DIR, env=environment, check=True, capture_output=True)
    gunicorn_port, nginx_port = free_port(), free_port()
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kb.wsgi:application", "--bind",
         f"127.0.0.1:{gunicorn_port}", "--workers", "2", "--log-level", "warning"],
        cwd=settings.BASE_DIR, env=environment,
    )
    folder = Path(tempfile.mkdtemp(prefix="kb-nginx-"))
    folder.chmod(0o755)
    nginx = subprocess.Popen(["nginx", "-c", str(nginx_config(folder, nginx_port, gunicorn_port)),
                              "-p", str(folder)])
    try:
        wait_until_answering(gunicorn_port, gunicorn, "gunicorn")
        wait_until_answering(nginx_port, nginx, "nginx")
        yield nginx_port
    finally:
        stop_process(nginx)
        stop_process(gunicorn)
        shutil.rmtree(folder, ignore_errors=True)


class Visitor:
    """A browser at its own loopback address, keeping its cookies (HTTPS-only ones too:
    nginx speaks plain HTTP here, where a deployment's proxy terminates TLS)."""

    def __init__(self, port, address):
        self.port, self.address, self.cookies = port, address, {}

    def request(self, method, path, form=None, headers=None):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30,
                                                source_address=(self.address, 0))
        headers = {"Host": "127.0.0.1", **(headers or {})}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                for morsel in SimpleCookie(value).values():
                    self.cookies[morsel.key] = morsel.value
        connection.close()
        return response.status, content

    def submit(self, path, fields, headers=None):
        """GET the form for its CSRF token, then POST it as the browser would."""
        status, page = self.request("GET", path, headers=headers)
        assert status == 200, (path, status)
        token = CSRF_INPUT.search(page).group(1)
        return self.request("POST", path, {"csrfmiddlewaretoken": token, **fields},
                            headers={**(headers or {}), "Referer": f"http://127.0.0.1{path}"})[0]


@pytest.fixture
def two_visitors(proxied_site):
    first, second = random_loopback_address(), random_loopback_address()
    while second == first:
        second = random_loopback_address()
    return Visitor(proxied_site, first), Visitor(proxied_site, second)


def proposal(title):
    return {
        "title": title,
        "summary": "Unemployed adults repair appliances and learn a trade.",
        "description": "Participants meet twice a week.",
        "outcomes": "12 of 20 found work.",
        "themes": [Theme.objects.order_by("pk").first().pk],
        "countries": ["BE"],
        "original_language": "en",
        "organisation_name": "Atelier Solidaire",
        "proposer_name": "Camille Martin",
        "proposer_email": "camille@example.org",
        "consent": "on",
        "homepage": "",
    }


def test_each_client_has_its_own_proposal_limit_and_a_spoofed_header_changes_nothing(
    two_visitors,
):
    first, second = two_visitors
    for number in range(PROPOSAL_LIMIT):
        assert first.submit(PROPOSE_URL, proposal(f"Proxy proposal {number}")) == 302
    assert first.submit(PROPOSE_URL, proposal("One too many")) == 429
    spoofed = {"X-Forwarded-For": random_loopback_address()}
    assert first.submit(PROPOSE_URL, proposal("One too many, spoofed"), spoofed) == 429

    assert second.submit(PROPOSE_URL, proposal("Another client's proposal")) == 302
    assert PracticePage.objects.filter(title="Another client's proposal").exists()
    assert not PracticePage.objects.filter(title__startswith="One too many").exists()


def test_each_client_has_its_own_login_lockout_and_a_spoofed_header_changes_nothing(
    two_visitors,
):
    first, second = two_visitors
    # Hashed as production hashes (the test settings' fast hasher is not among its own).
    with override_settings(PASSWORD_HASHERS=PRODUCTION_HASHERS):
        editor = UserFactory(is_staff=True, is_superuser=True)
    wrong = {"username": editor.username, "password": "wrong"}
    right = {"username": editor.username, "password": PASSWORD}
    for _attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        assert first.submit(LOGIN_URL, wrong) == 200
    assert first.submit(LOGIN_URL, wrong) == 429
    assert first.submit(LOGIN_URL, right) == 429
    spoofed = {"X-Forwarded-For": second.address}
    assert first.submit(LOGIN_URL, right, spoofed) == 429

    assert second.submit(LOGIN_URL, right) == 302
