"""Translation jobs end to end: real APY, a real Celery worker on the real Redis broker.

A French practice is published under its organisation's French copy; the worker
translates it into every locale Apertium offers (en, es, it; not de) through
wagtail-localize's translation memory.
"""

import time

import pytest
from django.urls import reverse
from wagtail.models import Locale, Page
from wagtail_localize.models import StringTranslation

from conftest import start_worker, stop_process
from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
)
from practices.models import PathwayStage, PracticePage, TargetGroup, Theme
from translation.models import State, TranslationState
from translation.states import live_versions

# Transactional, so that the worker sees the data; serialized_rollback brings back the
# migrations' rows (locales, site tree, groups) that the flush between tests removes.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DEADLINE_SECONDS = 120
TRANSLATED_LOCALES = ["en", "es", "it"]
FRENCH_BODY = [
    ("heading", "Un parcours en trois étapes"),
    ("paragraph", "<p>Les jeunes <b>sans diplôme</b> voient un conseiller chaque semaine.</p>"),
    ("quote", "Je ne pensais pas retrouver un travail."),
]


def wait_for(condition, description, deadline=DEADLINE_SECONDS):
    """Poll `condition` until it returns something true, or fail after `deadline` seconds."""
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        result = condition()
        if result:
            return result
        time.sleep(0.3)
    rows = {code: (row.state, row.pending, row.attempts) for code, row in current_states().items()}
    pytest.fail(f"timed out waiting for {description}; states: {rows}")


def current_states():
    return {
        f"{row.translation_key}/{row.locale.language_code}": row
        for row in TranslationState.objects.select_related("locale")
    }


def states(practice):
    return {
        row.locale.language_code: row
        for row in TranslationState.objects.filter(
            translation_key=practice.translation_key
        ).select_related("locale")
    }


def settled(practice, languages, expected=State.MACHINE):
    rows = states(practice)
    return all(
        code in rows and rows[code].state == expected and not rows[code].pending
        for code in languages
    )


def french_practice(**fields):
    organisation = OrganisationPageFactory(title="Solidarité Emploi")
    french_organisation = organisation.get_translation(Locale.objects.get(language_code="fr"))
    defaults = {
        "title": "Accompagnement des jeunes vers l'emploi",
        "summary": "Un conseiller accompagne les jeunes sans diplôme vers un emploi durable.",
        "body": FRENCH_BODY,
        "outcomes": "La moitié des jeunes ont trouvé un emploi en six mois.",
        "original_language": "fr",
        "countries": ["FR", "BE"],
    }
    return PracticePageFactory(organisation=french_organisation, **{**defaults, **fields})


def test_publishing_a_french_practice_translates_it_into_en_es_and_it(celery_worker):
    theme = Theme.objects.create(name="Employment", slug="employment-test")
    practice = french_practice(
        themes=[theme],
        target_groups=list(TargetGroup.objects.all()[:2]),
        pathway_stages=list(PathwayStage.objects.all()[:1]),
    )
    wait_for(lambda: settled(practice, TRANSLATED_LOCALES), "en, es and it translations")

    for code in TRANSLATED_LOCALES:
        translation = PracticePage.objects.get(
            translation_key=practice.translation_key, locale__language_code=code
        )
        assert translation.live and translation.alias_of_id is None
        assert translation.title != practice.title
        assert translation.get_parent().specific.title == "Solidarité Emploi"
        assert translation.get_parent().locale.language_code == code
        assert [block.block_type for block in translation.body] == ["heading", "paragraph", "quote"]
        assert "<b>" in translation.body[1].value.source
        assert list(translation.themes.all()) == [theme]
        assert set(translation.target_groups.all()) == set(practice.target_groups.all())
        assert list(translation.pathway_stages.all()) == list(practice.pathway_stages.all())
        assert list(translation.countries) == list(practice.countries)
        assert translation.original_language == "fr"
    english = PracticePage.objects.get(
        translation_key=practice.translation_key, locale__language_code="en"
    )
    assert "adviser" in english.summary.lower()

    assert states(practice)["de"].state == State.MISSING
    assert not Page.objects.filter(
        translation_key=practice.translation_key, locale__language_code="de"
    ).exists()
    versions = {version.language_code: version.state for version in live_versions(practice)}
    assert versions == {"fr": "original", "en": "machine", "es": "machine", "it": "machine"}


def test_an_edit_retranslates_only_the_changed_segments(celery_worker):
    practice = french_practice()
    wait_for(lambda: settled(practice, TRANSLATED_LOCALES), "first translations")
    english = Locale.objects.get(language_code="en")
    before = set(
        StringTranslation.objects.filter(locale=english).values_list("pk", "data", "updated_at")
    )

    practice.outcomes = "Les deux tiers des jeunes ont trouvé un emploi en six mois."
    practice.save_revision().publish()
    edited = PracticePage.objects.get(pk=practice.pk)
    wait_for(
        lambda: all(
            row.source_revision_id == edited.live_revision_id
            for code, row in states(practice).items()
            if code in TRANSLATED_LOCALES
        )
        and settled(practice, TRANSLATED_LOCALES),
        "the edit's translations",
    )

    after = set(
        StringTranslation.objects.filter(locale=english).values_list("pk", "data", "updated_at")
    )
    assert before <= after, "a stored translation was changed"
    new = after - before
    assert len(new) == 1
    assert "thirds" in next(iter(new))[1]
    english_page = PracticePage.objects.get(
        translation_key=practice.translation_key, locale=english
    )
    assert english_page.outcomes == next(iter(new))[1]


def test_a_reviewed_translation_is_never_overwritten_and_becomes_outdated(celery_worker):
    practice = french_practice()
    wait_for(lambda: settled(practice, TRANSLATED_LOCALES), "first translations")
    spanish = PracticePage.objects.get(
        translation_key=practice.translation_key, locale__language_code="es"
    )
    reviewer = SecretariatUserFactory()
    spanish.summary = "Resumen revisado por una persona."
    spanish.save_revision(user=reviewer).publish(user=reviewer)
    assert states(practice)["es"].state == State.REVIEWED

    practice.summary = "Un conseiller accompagne chaque jeune pendant un an."
    practice.save_revision().publish()
    wait_for(lambda: states(practice)["es"].state == State.OUTDATED, "es outdated")
    wait_for(lambda: settled(practice, ["en", "it"]), "en and it re-translated")
    spanish.refresh_from_db()
    assert spanish.summary == "Resumen revisado por una persona."
    assert spanish.live


def retry_failed_jobs(client):
    for row in TranslationState.objects.filter(state=State.FAILED):
        response = client.post(reverse("translation_retry", args=[row.pk]))
        assert response.status_code == 302


def test_an_unreachable_translator_fails_jobs_and_retry_completes_them(
    client, monkeypatch, django_db_blocker
):
    with django_db_blocker.unblock():
        worker = start_worker()
    try:
        practice = french_practice()
        wait_for(lambda: settled(practice, TRANSLATED_LOCALES), "first translations")
        spanish = PracticePage.objects.get(
            translation_key=practice.translation_key, locale__language_code="es"
        )
        reviewer = SecretariatUserFactory()
        spanish.save_revision(user=reviewer).publish(user=reviewer)
        english_before = PracticePage.objects.get(
            translation_key=practice.translation_key, locale__language_code="en"
        ).summary
    finally:
        stop_process(worker)

    # Nothing listens on port 9: every request is refused, as when the provider is down.
    monkeypatch.setenv("APERTIUM_URL", "http://127.0.0.1:9")
    monkeypatch.setenv("MACHINE_TRANSLATION_RETRY_BACKOFF", "0.2")
    monkeypatch.setenv("MACHINE_TRANSLATION_MAX_RETRIES", "2")
    with django_db_blocker.unblock():
        worker = start_worker()
    try:
        practice.summary = "Un conseiller accompagne chaque jeune pendant une année entière."
        practice.save_revision().publish()
        wait_for(lambda: settled(practice, ["en", "it"], State.FAILED), "failed jobs")
    finally:
        stop_process(worker)
    rows = states(practice)
    assert rows["en"].attempts == 3 and "apertium" in rows["en"].last_error
    assert rows["es"].state == State.OUTDATED
    assert PracticePage.objects.get(pk=practice.pk).live
    english = PracticePage.objects.get(
        translation_key=practice.translation_key, locale__language_code="en"
    )
    assert english.live and english.summary == english_before

    client.force_login(SecretariatUserFactory())
    dashboard = client.get(reverse("wagtailadmin_home"))
    assert "2 failed" in dashboard.content.decode()
    jobs = client.get(reverse("translation_jobs")).content.decode()
    assert jobs.count(">Retry</button>") == 2

    monkeypatch.undo()
    with django_db_blocker.unblock():
        worker = start_worker()
    try:
        retry_failed_jobs(client)
        wait_for(lambda: settled(practice, ["en", "it"]), "retried translations")
    finally:
        stop_process(worker)
    english.refresh_from_db()
    assert "year" in english.summary
    assert states(practice)["es"].state == State.OUTDATED


def test_partners_do_not_see_the_site_wide_job_list(client):
    client.force_login(PartnerUserFactory())
    response = client.get(reverse("translation_jobs"))
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    client.force_login(SecretariatUserFactory())
    assert client.get(reverse("translation_jobs")).status_code == 200


def test_only_the_secretariat_may_retry(client):
    practice = french_practice()
    row = TranslationState.objects.get(
        translation_key=practice.translation_key, locale__language_code="en"
    )
    TranslationState.objects.filter(pk=row.pk).update(state=State.FAILED, pending=False)
    client.force_login(PartnerUserFactory())
    response = client.post(reverse("translation_retry", args=[row.pk]))
    # Wagtail's admin turns PermissionDenied into a redirect to the dashboard, with a message.
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    row.refresh_from_db()
    assert not row.pending
