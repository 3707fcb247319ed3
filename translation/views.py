"""Admin views: where each practice's translations stand, and the queue of translation jobs.

The jobs view lists pending and failed jobs of the whole site, for the secretariat and
superusers only; its Retry button (a POST, CSRF-protected) re-enqueues a failed job.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from practices.models import PracticePage
from practices.permissions import is_editor
from practices.versions import original_of

from . import tasks
from .models import State, TranslationState
from .states import states_by_locale

JOB_LIST_LIMIT = 200


def pending_and_failed_jobs():
    """Pending or failed states, each with the original practice it belongs to."""
    rows = list(
        TranslationState.objects.filter(pending=True)
        .union(TranslationState.objects.filter(state=State.FAILED))
        .order_by("-updated_at")[:JOB_LIST_LIMIT]
    )
    originals = {
        page.translation_key: page
        for page in PracticePage.objects.filter(
            translation_key__in=[row.translation_key for row in rows]
        )
    }
    jobs = []
    for row in rows:
        page = originals.get(row.translation_key)
        if page is not None:
            jobs.append({"state": row, "practice": original_of(page)})
    return jobs


def translation_jobs(request):
    if not is_editor(request.user):  # site-wide figures (see the dashboard's panels)
        raise PermissionDenied
    return TemplateResponse(
        request, "translation/admin/jobs.html", {"jobs": pending_and_failed_jobs()}
    )


@require_POST
def retry_job(request, state_id):
    if not is_editor(request.user):
        raise PermissionDenied
    state = get_object_or_404(TranslationState, pk=state_id, state=State.FAILED)
    page = PracticePage.objects.filter(translation_key=state.translation_key).first()
    original = original_of(page) if page else None
    if original is None or not original.live:
        messages.error(request, _("This practice has no live original to translate."))
        return redirect("translation_jobs")
    tasks.queue_translation(original, state.locale)
    messages.success(request, _("The translation job was queued again."))
    return redirect("translation_jobs")


def practice_translations(request, page_id):
    page = get_object_or_404(PracticePage, pk=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    original = original_of(page)
    locales = [
        {"locale": locale, "state": row, "page": original.get_translation_or_none(locale)}
        for locale, row in states_by_locale(original).items()
    ]
    return TemplateResponse(
        request,
        "translation/admin/practice_translations.html",
        {"original": original, "locales": locales},
    )
