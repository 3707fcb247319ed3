"""What a partner's dashboard lists: their organisation's practices, each once, and where
each stands (draft, in review at which step, changes requested and why, live), with the state
of its translation into every other locale.

A practice is listed by its original (`practices.versions.originals`), whichever locale
tree it was written in; its translations are the rows of `translation.states`.
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.models import WorkflowState

from practices.models import PracticePage
from practices.versions import originals
from translation.models import State
from translation.states import states_by_locale

DRAFT, IN_REVIEW, CHANGES_REQUESTED, LIVE = "draft", "in_review", "changes_requested", "live"
STATE_LABELS = {
    DRAFT: _("Draft"),
    IN_REVIEW: _("In review"),
    CHANGES_REQUESTED: _("Changes requested"),
    LIVE: _("Live"),
}


@dataclass(frozen=True)
class TranslationStatus:
    language: str
    label: str
    pending: bool


@dataclass(frozen=True)
class PracticeStatus:
    page: PracticePage
    state: str
    step: str  # the review step it waits at, or the step that asked for changes
    comment: str  # the reviewer's comment when changes were requested
    unpublished_changes: bool
    translations: list
    last_change: object

    @property
    def state_label(self):
        return STATE_LABELS[self.state]

    @property
    def edit_url(self):
        return reverse("wagtailadmin_pages:edit", args=[self.page.pk])

    @property
    def preview_url(self):
        return reverse("wagtailadmin_pages:view_draft", args=[self.page.pk])


def organisation_practices(organisation):
    """The practices of `organisation` (in any locale tree), each once, newest change first."""
    children = [
        Q(path__startswith=copy.path, depth=copy.depth + 1)
        for copy in organisation.get_translations(inclusive=True)
    ]
    pages = (
        originals(PracticePage.objects.filter(reduce(or_, children)))
        .select_related("locale")
        .order_by("-latest_revision_created_at", "title")
    )
    return [practice_status(page) for page in pages]


def practice_status(page):
    state, step, comment = workflow_position(page)
    return PracticeStatus(
        page=page,
        state=state,
        step=step,
        comment=comment,
        unpublished_changes=page.live and page.has_unpublished_changes,
        translations=translation_statuses(page),
        last_change=page.latest_revision_created_at or page.last_published_at,
    )


def workflow_position(page):
    """(state, review step, reviewer's comment) of `page`."""
    workflow_state = page.current_workflow_state
    task_state = workflow_state.current_task_state if workflow_state else None
    if task_state is not None and workflow_state.status == WorkflowState.STATUS_IN_PROGRESS:
        return IN_REVIEW, task_state.task.name, ""
    if task_state is not None and workflow_state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        return CHANGES_REQUESTED, task_state.task.name, task_state.comment
    return (LIVE if page.live else DRAFT), "", ""


def translation_statuses(original):
    labels = dict(State.choices)
    return [
        TranslationStatus(
            language=locale.get_display_name(),
            label=labels[row.state] if row else labels[State.MISSING],
            pending=bool(row and row.pending),
        )
        for locale, row in states_by_locale(original).items()
    ]
