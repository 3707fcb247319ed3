"""Translate every live practice that lacks a current translation.

    python manage.py translate_practices [--locale fr] [--practice PAGE_ID]

Runs the jobs' own code (translation/tasks.py: `translate_practice`) synchronously in
this process, one (practice, locale) at a time, so a backfill needs no worker and its
failures show here; states are recorded exactly as a worker would. Reviewed and
already-current translations are skipped; an unavailable translator is not retried
here: the locale is marked failed (run again, or use the dashboard's Retry). The
(practice, locale) pairs are those of translation/backfill.py, which the periodic sweep
shares.
"""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm
from wagtail.models import Locale

from practices.locale_tree import synchronise_organisations
from translation import backfill, machine
from translation.tasks import record_attempt
from translation.translators import TranslationError, get_translator


class Command(BaseCommand):
    help = "Machine-translate live practices into the locales that lack a current translation."

    def add_arguments(self, parser):
        parser.add_argument("--locale", help="Only this language code (e.g. fr).")
        parser.add_argument("--practice", type=int, help="Only this practice page id.")

    def handle(self, *args, locale=None, practice=None, **options):
        if locale and not Locale.objects.filter(language_code=locale).exists():
            raise CommandError(f"No locale {locale!r}.")
        synchronise_organisations()
        translator = get_translator()
        jobs = list(backfill.translation_targets(translator, locale, practice))
        counts = {"translated": 0, "skipped": 0, "failed": 0}
        for original, target in tqdm(jobs, desc="Translating", unit="job", disable=not jobs):
            try:
                outcome, _ = machine.translate_into(original, target, translator)
            except TranslationError as error:
                record_attempt(original, target, error, failed=True)
                counts["failed"] += 1
                self.stderr.write(f"{original.title} → {target.language_code}: {error}")
                continue
            counts["translated" if outcome == machine.Outcome.TRANSLATED else "skipped"] += 1
        self.stdout.write(
            "Translated {translated}, skipped {skipped}, failed {failed}.".format(**counts)
        )
