"""Load the demo organisations, practices and accounts (development and tests only)."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from practices.demo.accounts import create_demo_accounts, describe_logins
from practices.demo.content import (
    create_practice,
    load_organisations,
    practice_exists,
    practice_rows,
)


class Command(BaseCommand):
    help = "Create demo organisations, practices and accounts; skips what already exists."

    def handle(self, *args, **options):
        if not settings.KB_DEMO_CONTENT:
            raise CommandError(
                "Demo content is for development and tests only: settings.KB_DEMO_CONTENT is "
                "off here, so nothing was created. Use DJANGO_SETTINGS_MODULE=kb.settings.dev."
            )
        with transaction.atomic():
            organisations = load_organisations()
            created = self.load_practices(organisations)
            create_demo_accounts(organisations)
        self.stdout.write(
            f"Demo content: {len(organisations)} organisations, {created} practices created."
        )
        self.stdout.write(f"Demo logins (admin at {settings.WAGTAILADMIN_BASE_URL}/admin/):")
        for line in describe_logins(organisations):
            self.stdout.write(line)

    def load_practices(self, organisations):
        created = 0
        for row in tqdm(practice_rows(), desc="Demo practices", unit="practice", file=self.stderr):
            if practice_exists(row):
                continue
            create_practice(row, organisations[row["organisation"]])
            created += 1
        return created
