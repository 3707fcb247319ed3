"""Per-locale states: who counts as a reviewer, the public notice, permissions, detection."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string
from django.test import RequestFactory
from wagtail.models import Locale
from wagtail_localize.models import StringSegment, StringTranslation

from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
)
from practices.language_detection import detect_language
from translation import machine
from translation.arguments import decode_argument, encode_argument
from translation.models import State, TranslationState
from translation.states import live_versions
from translation.tests.test_jobs import french_practice
from translation.translators import get_translator

pytestmark = pytest.mark.django_db


def translated(practice, code, django_capture_on_commit_callbacks):
    locale = Locale.objects.get(language_code=code)
    with django_capture_on_commit_callbacks(execute=True):
        machine.translate_into(practice, locale, get_translator())
    return practice.get_translation(locale).specific


def state(practice, code):
    return TranslationState.objects.get(
        translation_key=practice.translation_key, locale__language_code=code
    ).state


def render_notice(page):
    request = RequestFactory().get(page.url)
    request.user = AnonymousUser()
    return render_to_string(
        "translation/machine_translation_notice.html", {"page": page, "request": request}
    )


def test_a_machine_translation_shows_the_notice_until_a_person_publishes_it(
    django_capture_on_commit_callbacks,
):
    practice = french_practice()
    english = translated(practice, "en", django_capture_on_commit_callbacks)
    assert state(practice, "en") == State.MACHINE

    notice = render_notice(english)
    assert "Machine translation from French" in notice
    assert f'href="{practice.url}"' in notice
    assert render_notice(practice).strip() == ""

    reviewer = SecretariatUserFactory()
    english.save_revision(user=reviewer).publish(user=reviewer)
    assert state(practice, "en") == State.REVIEWED
    assert render_notice(english).strip() == ""
    versions = {version.language_code: version.state for version in live_versions(practice)}
    assert versions == {"fr": "original", "en": "reviewed"}


def test_a_manual_string_in_the_localize_editor_marks_the_locale_reviewed(
    django_capture_on_commit_callbacks,
):
    practice = french_practice()
    translated(practice, "es", django_capture_on_commit_callbacks)
    segment = StringSegment.objects.filter(context__path="summary").get()
    StringTranslation.objects.filter(
        translation_of=segment.string, locale__language_code="es"
    ).update_or_create(
        translation_of=segment.string,
        locale=Locale.objects.get(language_code="es"),
        context=segment.context,
        defaults={
            "data": "Resumen escrito por una persona.",
            "translation_type": StringTranslation.TRANSLATION_TYPE_MANUAL,
        },
    )
    assert state(practice, "es") == State.REVIEWED
    outcome, sent = machine.translate_into(
        practice, Locale.objects.get(language_code="es"), get_translator()
    )
    assert (outcome, sent) == (machine.Outcome.SKIPPED, 0)


def test_a_partner_edits_its_own_practices_in_every_locale_and_no_one_elses():
    mine = french_practice()
    french = Locale.objects.get(language_code="fr")
    organisation = mine.get_parent().specific.get_translation(Locale.get_default())
    partner = PartnerUserFactory(organisation=organisation)
    other_organisation = OrganisationPageFactory(title="Arbeit Plus")
    theirs = PracticePageFactory(
        organisation=other_organisation.get_translation(french), original_language="fr"
    )

    assert mine.locale == french
    assert mine.permissions_for_user(partner).can_edit()
    assert not theirs.permissions_for_user(partner).can_edit()
    assert theirs.permissions_for_user(SecretariatUserFactory()).can_publish()


def test_the_language_of_an_unlabelled_text_is_detected():
    assert detect_language("Un conseiller accompagne les jeunes vers l'emploi.") == "fr"
    assert detect_language("Ein Berater begleitet junge Menschen ohne Abschluss.") == "de"
    assert detect_language("   ") is None


def test_job_arguments_cross_to_the_worker_as_references():
    locales = list(Locale.objects.order_by("pk")[:2])
    encoded = encode_argument([locales, 3, "x"])
    assert encoded[0][0] == {"__model__": "wagtailcore.locale", "pk": locales[0].pk}
    assert decode_argument(encoded) == [locales, 3, "x"]


def test_a_translation_without_a_state_row_reads_as_machine_in_listings_and_the_index(
    django_capture_on_commit_callbacks,
):
    from search.indexing import practice_source

    practice = french_practice()
    translated(practice, "en", django_capture_on_commit_callbacks)
    TranslationState.objects.filter(translation_key=practice.translation_key).delete()

    listed = {version.language_code: version.state for version in live_versions(practice)}
    indexed = practice_source(practice.translation_key).source["versions"]
    assert listed == {"fr": "original", "en": "machine"}
    assert {language: version["state"] for language, version in indexed.items()} == listed
