"""`manage.py search_index create|rebuild|status|reconcile`: the practice index by hand.

    create      create the index and its alias if missing (`make run` does this)
    rebuild     load every published practice into a new index, then swap the alias to it
    status      published practices against indexed documents, and the drift between them
    reconcile   index missing and stale practices, delete orphaned documents (and repair
                the PostgreSQL search table likewise)
"""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import index_admin
from search.indexing import indexable_practices

SHOWN_IDS = 20


class Command(BaseCommand):
    help = "Create, rebuild, check or repair the public search index of practices."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["create", "rebuild", "status", "reconcile"])
        parser.add_argument(
            "--no-progress", action="store_true", help="Do not draw a progress bar."
        )

    def handle(self, action, no_progress=False, **options):
        getattr(self, action)(show_progress=not no_progress)

    def create(self, **options):
        name = index_admin.create_index()
        self.stdout.write(f"{index_admin.alias_name()} → {name}")

    def rebuild(self, show_progress=True):
        total = indexable_practices().values("translation_key").distinct().count()
        with tqdm(
            total=total, unit="doc", disable=not show_progress, file=sys.stderr
        ) as progress:
            result = index_admin.rebuild(progress=progress)
        self.stdout.write(
            f"Indexed {result.documents} practices into {result.index} in "
            f"{result.seconds:.1f} s ({result.documents_per_second:.0f} docs/s); "
            f"{index_admin.alias_name()} now points at it"
            + (f", {', '.join(result.previous)} deleted." if result.previous else ".")
        )

    def status(self, **options):
        if not index_admin.alias_targets():
            raise CommandError(
                f"{index_admin.alias_name()} does not exist: run `search_index create`."
            )
        drift = index_admin.measure_drift()
        self.stdout.write(f"index:               {', '.join(index_admin.alias_targets())}")
        self.stdout.write(f"published practices: {drift.practices}")
        self.stdout.write(f"published versions:  {drift.versions}")
        self.stdout.write(f"indexed documents:   {drift.indexed} (one per practice)")
        self.write_drift(drift)
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("The index is in step with the database."))

    def reconcile(self, **options):
        drift = index_admin.reconcile()
        self.write_drift(drift, verb="fixed ")
        self.stdout.write(f"search table: {drift.table_written} rows written, "
                          f"{drift.table_deleted} deleted")  # fmt: skip
        if drift.clean:
            self.stdout.write(self.style.SUCCESS("Nothing to fix."))

    def write_drift(self, drift, verb=""):
        for label, ids in [
            ("missing", drift.missing),
            ("stale", drift.stale),
            ("orphaned", drift.orphaned),
        ]:
            shown = ", ".join(str(key) for key in ids[:SHOWN_IDS])
            more = f" and {len(ids) - SHOWN_IDS} more" if len(ids) > SHOWN_IDS else ""
            detail = f" ({shown}{more})" if ids else ""
            self.stdout.write(f"{verb}{label + ':':<10} {len(ids)}{detail}")
