"""`manage.py import_practices FILE`: load practices from a JSON Lines file."""

import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from practices.interchange.importer import import_lines
from practices.interchange.records import KEYS, REQUIRED_KEYS


class Command(BaseCommand):
    help = (
        "Import practices from a JSON Lines file (one practice a line; '-' reads standard "
        "input). A line whose source_id is already known updates that practice with a new "
        "revision. Practices are saved as drafts unless --publish is given. Bad lines are "
        "reported on standard error and skipped; the command then exits with status 1. "
        f"Required keys: {', '.join(REQUIRED_KEYS)}. All keys: {', '.join(KEYS)}."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="the JSON Lines file, or '-' for standard input")
        parser.add_argument("--publish", action="store_true", help="publish what is imported")
        parser.add_argument(
            "--dry-run", action="store_true", help="check every line and report, write nothing"
        )
        parser.add_argument(
            "--no-progress",
            action="store_true",
            help="no progress bar (none is shown off a terminal anyway)",
        )

    def handle(self, *args, file, publish, dry_run, no_progress, **options):
        lines = read_lines(file)
        progress = tqdm(
            enumerate(lines, start=1),
            total=len(lines),
            unit="line",
            file=sys.stderr,
            disable=True if no_progress else None,
        )
        counts = import_lines(
            progress, publish=publish, dry_run=dry_run, on_rejected=self.report_rejection
        )
        progress.close()
        summary = (
            f"created {counts.created}, updated {counts.updated}, "
            f"unchanged {counts.unchanged}, rejected {counts.rejected}"
        )
        if dry_run:
            summary += " (dry run: nothing was written)"
        self.stdout.write(summary)
        if counts.rejected:
            raise CommandError(f"{counts.rejected} line(s) rejected")

    def report_rejection(self, number, reason):
        with tqdm.external_write_mode(file=sys.stderr):
            self.stderr.write(f"line {number}: {reason}")


def read_lines(file):
    """The lines of `file` as bytes, so that a badly encoded line fails alone."""
    if file == "-":
        return sys.stdin.buffer.readlines()
    try:
        with open(file, "rb") as stream:
            return stream.readlines()
    except OSError as error:
        raise CommandError(f"cannot read {file}: {error.strerror}") from None
