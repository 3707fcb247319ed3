"""The translation app's models: where each practice's translation into each locale stands.

One `TranslationState` per (practice translation_key, locale), kept by the translation
jobs (translation/tasks.py) and by the signals that notice a person's edit
(translation/signals.py):

    missing   no translation: no job yet, or the translator does not offer the language
    machine   published from machine translation, not yet checked by a person
    reviewed  a person edited or published it; machine jobs never overwrite it
    outdated  reviewed, but the original has changed since: waiting for a person
    failed    the last job gave up (`last_error`, `last_attempt_at`)

`pending` is set while a job is queued or retrying, so the dashboard lists waiting work;
it is set only once the job is handed to the broker (translation/tasks.py), so a job lost
to a broker outage leaves its locale for the periodic sweep to queue again.
`source_revision` is the original's revision the translation was made (or reviewed)
against: a job compares it with the original's live revision to tell a change from a
re-run.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Locale


class State(models.TextChoices):
    MISSING = "missing", _("missing")
    MACHINE = "machine", _("machine translation")
    REVIEWED = "reviewed", _("reviewed")
    OUTDATED = "outdated", _("outdated")
    FAILED = "failed", _("failed")


class TranslationState(models.Model):
    translation_key = models.UUIDField(db_index=True)
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    state = models.CharField(max_length=10, choices=State.choices, default=State.MISSING)
    pending = models.BooleanField(default=False)
    source_revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    translator = models.CharField(max_length=40, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    last_attempt_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["translation_key", "locale"], name="one_translation_state_per_locale"
            )
        ]
        indexes = [models.Index(fields=["state", "pending"])]

    def __str__(self):
        return f"{self.translation_key} {self.locale.language_code}: {self.state}"

    @classmethod
    def for_page(cls, page, locale):
        state, _ = cls.objects.get_or_create(translation_key=page.translation_key, locale=locale)
        return state
