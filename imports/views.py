"""Admin views of imports, for editors: upload (a dry run starts), the run's page (progress,
then the dry run's report and the Confirm button, then the result), and the history."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices.permissions import is_editor

from . import tasks
from .forms import ImportUploadForm
from .models import ImportRun
from .runner import progress

HISTORY_LENGTH = 50


def editors_only(view):
    def checked(request, *args, **kwargs):
        if not is_editor(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return checked


@editors_only
def import_index(request):
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        run = ImportRun.objects.create(
            created_by=request.user, file_name=upload.name[:255], data=upload.read(),
            publish=form.cleaned_data["publish"],
        )
        run.total_lines = sum(1 for _number, line in run.lines() if line.strip())
        run.save(update_fields=["total_lines"])
        tasks.check_import.delay_on_commit(run.pk)
        return redirect("imports_run", run.pk)
    status = 400 if form.is_bound else 200
    return TemplateResponse(request, "imports/index.html", {
        "form": form, "runs": ImportRun.objects.select_related("created_by")[:HISTORY_LENGTH],
    }, status=status)


@editors_only
def import_run(request, run_id):
    run = get_object_or_404(ImportRun, pk=run_id)
    return TemplateResponse(request, "imports/run.html", {
        "run": run, "done_lines": progress(run) if run.running else run.total_lines,
        "rejected": [row for row in run.dry_run if row["outcome"] == "rejected"],
        "result_rejected": [row for row in run.result if row["outcome"] == "rejected"],
    })


@require_POST
@editors_only
def confirm_import(request, run_id):
    updated = ImportRun.objects.filter(pk=run_id, status=ImportRun.Status.CHECKED).update(
        status=ImportRun.Status.IMPORTING
    )
    if not updated:
        messages.error(request, _("This import is not waiting for confirmation."))
        return redirect("imports_run", run_id)
    tasks.run_import.delay_on_commit(run_id)
    messages.success(request, _("The import has started."))
    return redirect("imports_run", run_id)
