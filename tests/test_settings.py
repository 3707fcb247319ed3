"""Production settings refuse to start unsafe; secrets come only from the environment."""

import os
import re
import subprocess
import sys

from django.conf import settings

IMPORT_PRODUCTION_SETTINGS = "import kb.settings.production"


def import_production_settings(**environment):
    env = {key: value for key, value in os.environ.items() if key not in {"SECRET_KEY", "DEBUG"}}
    env.update(environment)
    return subprocess.run(
        [sys.executable, "-c", IMPORT_PRODUCTION_SETTINGS],
        env=env,
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = import_production_settings()

    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = import_production_settings(SECRET_KEY="x" * 50, DEBUG="true")

    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_starts_with_a_secret_key_and_secure_cookies():
    check = (
        "import kb.settings.production as s; "
        "print(s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
    )
    result = subprocess.run(
        [sys.executable, "-c", check],
        env={**os.environ, "SECRET_KEY": "x" * 50, "DEBUG": "false"},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["True", "True"]


def test_every_variable_the_settings_read_is_documented_in_env_example():
    base = (settings.BASE_DIR / "kb" / "settings" / "base.py").read_text()
    read = set(re.findall(r'(?:os\.environ\.get|env_bool|env_list)\(\s*"([A-Z][A-Z0-9_]*)"', base))
    example = (settings.BASE_DIR / ".env.example").read_text()
    documented = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, re.MULTILINE))

    assert "SECRET_KEY" in read and "ELASTICSEARCH_URL" in read
    assert read - documented == set()


def test_no_settings_module_but_base_reads_the_environment():
    settings_dir = settings.BASE_DIR / "kb" / "settings"
    for module in ("dev.py", "production.py"):
        source = (settings_dir / module).read_text()
        assert not re.search(r"os\.environ|os\.getenv|env_bool\(|env_list\(", source), module
