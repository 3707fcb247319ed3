"""The periodic sweep queues the translations whose jobs were lost to a broker outage.

The outage is real for the process that publishes: a French practice is imported and
published by `import_practices --publish` run in a process of its own whose broker URL is
a port nothing listens on, as the web process would publish while Redis is down
(kb/celery.py). The test's own process, and its worker, use the real broker.
"""

import json
import subprocess
import sys

import pytest
from django.conf import settings
from wagtail.models import Locale
from wagtail_localize.models import TranslationSource

from conftest import worker_environment
from kb.celery import app as celery_app
from practices.models import PracticePage
from translation.models import State, TranslationState
from translation.states import live_versions
from translation.tasks import queue_missing_translations
from translation.tests.test_jobs import TRANSLATED_LOCALES, settled, states, wait_for

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

FRENCH_LINE = {
    "source_id": "sweep-1",
    "title": "Accompagnement des jeunes vers l'emploi",
    "summary": "Un conseiller accompagne les jeunes sans diplôme vers un emploi durable.",
    "body": "Les jeunes voient un conseiller chaque semaine.",
    "language": "fr",
    "organisation": "Solidarité Emploi",
}


def publish_while_the_broker_is_unreachable(tmp_path, unreachable_url):
    """Import and publish FRENCH_LINE in a process whose broker is unreachable."""
    path = tmp_path / "practices.jsonl"
    path.write_text(json.dumps(FRENCH_LINE) + "\n", encoding="utf-8")
    broker_url = unreachable_url.replace("http://", "redis://") + "/0"
    result = subprocess.run(
        [sys.executable, "manage.py", "import_practices", str(path), "--publish",
         "--no-progress"],
        env={**worker_environment(), "KB_TEST_BROKER_URL": broker_url},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "into en not queued: the broker is unreachable" in result.stderr
    return PracticePage.objects.get(source_id=FRENCH_LINE["source_id"])


def queued_translation_jobs():
    with celery_app.connection_for_write() as connection:
        return connection.default_channel.queue_declare("translation").message_count


def test_the_sweep_translates_a_practice_whose_jobs_were_lost(
    tmp_path, closed_port_url, celery_worker
):
    practice = publish_while_the_broker_is_unreachable(tmp_path, closed_port_url)
    assert practice.live and practice.locale.language_code == "fr"
    assert not any(row.pending for row in states(practice).values())
    assert practice.get_translations().count() == 0

    queue_missing_translations.delay()

    wait_for(lambda: settled(practice, TRANSLATED_LOCALES), "the sweep's translations")
    source = TranslationSource.objects.get(object_id=practice.translation_key)
    assert source.locale.language_code == "fr"
    for code in TRANSLATED_LOCALES:
        translation = practice.get_translation(Locale.objects.get(language_code=code)).specific
        assert translation.live and translation.alias_of_id is None
        assert translation.get_parent().locale.language_code == code
        assert translation.get_parent().title == FRENCH_LINE["organisation"]
    versions = {version.language_code: version.state for version in live_versions(practice)}
    assert versions == {"fr": "original", "en": "machine", "es": "machine", "it": "machine"}


def test_the_sweep_leaves_pending_reviewed_and_failed_locales_alone(tmp_path, closed_port_url):
    celery_app.control.purge()
    practice = publish_while_the_broker_is_unreachable(tmp_path, closed_port_url)
    rows = TranslationState.objects.filter(translation_key=practice.translation_key)
    rows.filter(locale__language_code="es").update(state=State.REVIEWED)
    rows.filter(locale__language_code="it").update(state=State.FAILED, last_error="refused")

    try:
        assert queue_missing_translations() == {"queued": 1}  # en (Apertium has no German)
        assert queue_missing_translations() == {"queued": 0}, "en's pending job was doubled"
        assert queued_translation_jobs() == 1
    finally:
        celery_app.control.purge()

    after = states(practice)
    assert after["en"].pending and after["en"].state == State.MISSING
    assert (after["es"].state, after["es"].pending) == (State.REVIEWED, False)
    assert (after["it"].state, after["it"].pending) == (State.FAILED, False)
    assert after["it"].last_error == "refused"
