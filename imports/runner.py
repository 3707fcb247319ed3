"""Running an admin import through the same code as `manage.py import_practices`
(`practices.interchange.importer.import_lines`), a line at a time so that each line's
outcome and the progress can be told.

A dry run imports every line inside one transaction that is rolled back at the end, so each
line sees the lines before it (a file that names a new organisation twice creates it once)
and nothing is written. Progress goes to the cache, which other connections can read while
the dry run's transaction is still open.
"""

import json
from contextlib import nullcontext

from django.core.cache import cache
from django.db import transaction

from practices.interchange.importer import import_lines

PROGRESS_TIMEOUT_SECONDS = 24 * 3600


def progress_key(run):
    return f"imports:progress:{run.pk}"


def progress(run):
    """How many lines of `run` its running job has done."""
    return cache.get(progress_key(run), 0)


def source_id(line):
    try:
        value = json.loads(line).get("source_id", "")
    except (ValueError, AttributeError):
        return ""
    return str(value)[:100]


def import_line(number, line, publish):
    """{"line", "outcome", "source_id", "reason"} for one line, imported."""
    reasons = []
    counts = import_lines(
        [(number, line)], publish=publish,
        on_rejected=lambda _number, reason: reasons.append(reason),
    )
    outcome = next(
        name for name in ["created", "updated", "unchanged", "rejected"]
        if getattr(counts, name, 0)
    )
    return {"line": number, "outcome": outcome, "source_id": source_id(line),
            "reason": "; ".join(reasons)}


def import_file(run, *, dry_run):
    """The report of importing `run`'s file (rolled back when `dry_run`), line by line."""
    report = []
    lines = [(number, line) for number, line in run.lines() if line.strip()]
    # A real import commits each line on its own, as the command does.
    with transaction.atomic() if dry_run else nullcontext():
        for done, (number, line) in enumerate(lines, start=1):
            report.append(import_line(number, line, run.publish))
            cache.set(progress_key(run), done, PROGRESS_TIMEOUT_SECONDS)
        if dry_run:
            transaction.set_rollback(True)
    return report
