"""The Celery jobs of an admin import: its dry run, then, once confirmed, the import.

Both take the run's id and re-read it. A job that fails marks the run failed with the
error, rather than leave it "in progress" for ever.
"""

from celery import shared_task
from django.utils import timezone

from .models import ImportRun
from .runner import import_file

IMPORT_TASK_OPTIONS = {"acks_late": True, "soft_time_limit": 3600, "time_limit": 3700}


def run_job(run_id, expected_status, *, dry_run):
    run = ImportRun.objects.filter(pk=run_id, status=expected_status).first()
    if run is None:  # a repeated delivery of a job already done
        return None
    try:
        report = import_file(run, dry_run=dry_run)
    except Exception as error:
        run.status, run.error, run.finished_at = ImportRun.Status.FAILED, str(error), timezone.now()
        run.save(update_fields=["status", "error", "finished_at"])
        raise
    if dry_run:
        run.dry_run, run.status = report, ImportRun.Status.CHECKED
        run.save(update_fields=["dry_run", "status"])
    else:
        run.result, run.status, run.finished_at = report, ImportRun.Status.DONE, timezone.now()
        run.save(update_fields=["result", "status", "finished_at"])
    return ImportRun.counts(report)


@shared_task(**IMPORT_TASK_OPTIONS)
def check_import(run_id):
    """The dry run: what each line would do, nothing written."""
    return run_job(run_id, ImportRun.Status.CHECKING, dry_run=True)


@shared_task(**IMPORT_TASK_OPTIONS)
def run_import(run_id):
    """The confirmed import."""
    return run_job(run_id, ImportRun.Status.IMPORTING, dry_run=False)
