"""Admin: the translation jobs view and dashboard panel, and each practice's translations."""

from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.menus.pages import PageMenuItem

from practices.models import PracticePage
from practices.permissions import is_editor

from . import views
from .models import State, TranslationState


@hooks.register("register_admin_urls")
def translation_admin_urls():
    return [
        path("translation/jobs/", views.translation_jobs, name="translation_jobs"),
        path("translation/jobs/<int:state_id>/retry/", views.retry_job, name="translation_retry"),
        path(
            "translation/practice/<int:page_id>/",
            views.practice_translations,
            name="translation_practice",
        ),
    ]


class TranslationJobsPanel(Component):
    name = "translation_jobs"
    order = 150

    def render_html(self, parent_context=None):
        return render_to_string(
            "translation/admin/jobs_panel.html",
            {
                "pending": TranslationState.objects.filter(pending=True).count(),
                "failed": TranslationState.objects.filter(state=State.FAILED).count(),
                "outdated": TranslationState.objects.filter(state=State.OUTDATED).count(),
            },
        )


@hooks.register("construct_homepage_panels")
def add_translation_jobs_panel(request, panels):
    if is_editor(request.user):  # site-wide figures, for the secretariat only
        panels.append(TranslationJobsPanel())


def translations_button(page):
    return PageMenuItem(
        _("Translations"),
        reverse("translation_practice", args=[page.pk]),
        icon_name="globe",
        priority=70,
        page=page,
    )


@hooks.register("register_page_header_buttons")
def practice_translations_header_button(page, user, view_name=None, next_url=None):
    if isinstance(page.specific_deferred, PracticePage):
        yield translations_button(page)


@hooks.register("register_page_listing_more_buttons")
def practice_translations_listing_button(page, user, next_url=None):
    if isinstance(page.specific_deferred, PracticePage):
        yield translations_button(page)
