"""translate_practices backfills missing translations with the jobs' code, against the real APY."""

import pytest
from django.core.management import call_command

from translation.models import State, TranslationState
from translation.tests.test_jobs import french_practice

pytestmark = pytest.mark.django_db


def run(django_capture_on_commit_callbacks, capsys, *args):
    # Translations are published when their transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("translate_practices", *args)
    return capsys.readouterr().out


def test_backfills_missing_translations_then_has_nothing_left(
    django_capture_on_commit_callbacks, capsys
):
    practice = french_practice()  # the publish's jobs are never sent: nothing commits

    assert "Translated 1, skipped 0, failed 0." in run(
        django_capture_on_commit_callbacks, capsys, "--locale", "it"
    )
    assert "Translated 2, skipped 1, failed 0." in run(
        django_capture_on_commit_callbacks, capsys, "--practice", str(practice.pk)
    )
    assert "Translated 0, skipped 3, failed 0." in run(django_capture_on_commit_callbacks, capsys)

    rows = {
        row.locale.language_code: row.state
        for row in TranslationState.objects.filter(translation_key=practice.translation_key)
    }
    assert rows == {
        "en": State.MACHINE,
        "es": State.MACHINE,
        "it": State.MACHINE,
        "de": State.MISSING,  # Apertium has no German
    }
    assert practice.get_translations().filter(live=True).count() == 3
