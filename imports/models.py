"""An import of practices started in the admin: the file, its dry run, its result.

The rows are the admin's history of imports: who uploaded what, what the dry run found and
what the import did, line by line for the rejected ones.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportRun(models.Model):
    class Status(models.TextChoices):
        CHECKING = "checking", _("dry run in progress")
        CHECKED = "checked", _("dry run done: waiting for confirmation")
        IMPORTING = "importing", _("import in progress")
        DONE = "done", _("imported")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("uploaded by"), null=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    file_name = models.CharField(_("file"), max_length=255)
    data = models.BinaryField(editable=False)
    publish = models.BooleanField(_("publish what is imported"), default=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CHECKING)
    total_lines = models.PositiveIntegerField(default=0)
    # [{"line": number, "outcome": "created"|"updated"|"unchanged"|"rejected",
    #   "source_id": ..., "reason": ...}], from the dry run, then from the import.
    dry_run = models.JSONField(default=list, blank=True)
    result = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("practice import")

    def __str__(self):
        return f"{self.file_name} ({self.get_status_display()})"

    def lines(self):
        """(number, line) pairs of the file, as bytes: a badly encoded line fails alone."""
        return list(enumerate(bytes(self.data).splitlines(keepends=True), start=1))

    @staticmethod
    def counts(report):
        found = {"created": 0, "updated": 0, "unchanged": 0, "rejected": 0}
        for row in report:
            found[row["outcome"]] = found.get(row["outcome"], 0) + 1
        return found

    @property
    def dry_run_counts(self):
        return self.counts(self.dry_run)

    @property
    def result_counts(self):
        return self.counts(self.result)

    @property
    def running(self):
        return self.status in (self.Status.CHECKING, self.Status.IMPORTING)
