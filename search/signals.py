"""Signal receivers that queue index updates once the change that caused them is committed.

Every receiver passes ids to a task with `delay_on_commit` (a practice's translation key:
the practice, all its versions, is one document): nothing here talks to Elasticsearch,
and a rolled-back change queues nothing. A change that may withdraw practices from the
public (unpublishing, deleting, restricting, moving) also hides their rows of the
PostgreSQL search table in its own transaction (search/search_table.py `hide`): the
fallback search must not find them while the queue catches up. A change to a vocabulary
or an organisation also renews the facet values and labels the search keeps in memory.
"""

from django.db.models.signals import post_delete, post_save, pre_delete
from wagtail.models import PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from practices.models import (
    OrganisationPage,
    PracticeIndexPage,
    PracticePage,
    PracticeTheme,
    Theme,
)

from . import facets, search_table, tasks
from .indexing import database_clock


def practice_changed(sender, instance, **kwargs):
    """Published: the practice's document is rebuilt."""
    tasks.index_practice.delay_on_commit(str(instance.translation_key))


def practice_withdrawn(sender, instance, **kwargs):
    """Unpublished or deleted: hidden now, then rebuilt (or deleted with its last public
    version)."""
    search_table.hide([instance.translation_key], database_clock())
    practice_changed(sender, instance)


def hide_practices_under(page):
    keys = PracticePage.objects.filter(path__startswith=page.path).values("translation_key")
    search_table.hide(keys, database_clock())


def organisation_published(sender, instance, **kwargs):
    tasks.reindex_organisation.delay_on_commit(instance.pk)


def section_published(sender, instance, **kwargs):
    """The practice index's slug is in every practice URL."""
    tasks.reindex_subtree.delay_on_commit(instance.pk)


def page_moved(sender, instance, **kwargs):
    """Moved, perhaps under a restricted page."""
    hide_practices_under(instance)
    if isinstance(instance, PracticePage):
        tasks.index_practice.delay_on_commit(str(instance.translation_key))
    else:
        tasks.reindex_subtree.delay_on_commit(instance.pk)


def view_restriction_changed(sender, instance, **kwargs):
    """A restricted page and everything under it leaves the public index (and comes back)."""
    tasks.reindex_subtree.delay_on_commit(instance.page_id)


def view_restriction_saved(sender, instance, **kwargs):
    hide_practices_under(instance.page)
    view_restriction_changed(sender, instance)


def theme_saved(sender, instance, **kwargs):
    tasks.reindex_theme.delay_on_commit(instance.pk)


def theme_deleted(sender, instance, **kwargs):
    """Read the practices now: once the theme is deleted, nothing links them to it."""
    practice_ids = PracticeTheme.objects.filter(tag=instance).values("content_object_id")
    practice_changes(PracticePage.objects.filter(pk__in=practice_ids))


def term_saved(sender, instance, **kwargs):
    tasks.reindex_term.delay_on_commit(sender._meta.model_name, instance.pk)


def term_deleted(sender, instance, **kwargs):
    practice_changes(instance.practices.all())


def practice_changes(pages):
    """Queue, after the commit, the reindexing of every practice with a page in `pages`."""
    keys = set(pages.values_list("translation_key", flat=True))
    for key in keys:
        tasks.index_practice.delay_on_commit(str(key))


def facet_terms_changed(sender, **kwargs):
    facets.terms_changed()


def connect():
    """Called once, from SearchConfig.ready()."""
    uid = "search"
    for model in [*facets.VOCABULARIES.values(), OrganisationPage, PageViewRestriction]:
        post_save.connect(facet_terms_changed, sender=model, dispatch_uid="search-facets")
        post_delete.connect(facet_terms_changed, sender=model, dispatch_uid="search-facets")
    post_page_move.connect(facet_terms_changed, dispatch_uid="search-facets")
    page_published.connect(practice_changed, sender=PracticePage, dispatch_uid=uid)
    page_unpublished.connect(practice_withdrawn, sender=PracticePage, dispatch_uid=uid)
    post_delete.connect(practice_withdrawn, sender=PracticePage, dispatch_uid=uid)
    page_published.connect(organisation_published, sender=OrganisationPage, dispatch_uid=uid)
    page_published.connect(section_published, sender=PracticeIndexPage, dispatch_uid=uid)
    post_page_move.connect(page_moved, dispatch_uid=uid)
    post_save.connect(view_restriction_saved, sender=PageViewRestriction, dispatch_uid=uid)
    post_delete.connect(view_restriction_changed, sender=PageViewRestriction, dispatch_uid=uid)
    post_save.connect(theme_saved, sender=Theme, dispatch_uid=uid)
    pre_delete.connect(theme_deleted, sender=Theme, dispatch_uid=uid)
    for model in tasks.VOCABULARIES.values():
        post_save.connect(term_saved, sender=model, dispatch_uid=uid)
        pre_delete.connect(term_deleted, sender=model, dispatch_uid=uid)
