"""What starts a translation job, and what tells a person's edit from a machine's.

- Publishing a practice's original queues its translations (after the commit).
- Publishing a translation with a user (wagtail-localize's editor or the page editor;
  jobs publish without one), or saving a manual string in wagtail-localize's editor,
  marks that locale reviewed: from then on jobs leave it alone.
- Publishing an organisation gives it a copy in every locale (practices/locale_tree.py), so
  that its practices can be translated under it.
"""

from django.db.models.signals import post_save
from wagtail.signals import page_published
from wagtail_localize.models import StringTranslation

from practices.locale_tree import copy_into_every_locale
from practices.models import OrganisationPage, PracticePage
from practices.versions import original_of

from . import tasks
from .models import State, TranslationState


def mark_reviewed(original, locale_id):
    state, _ = TranslationState.objects.get_or_create(
        translation_key=original.translation_key, locale_id=locale_id
    )
    state.state = State.REVIEWED
    state.source_revision_id = original.live_revision_id
    state.pending = False
    state.save()


def practice_published(sender, instance, revision, **kwargs):
    original = original_of(instance)
    if original is None:
        return
    if original.pk == instance.pk:
        tasks.enqueue_translations(original)
    elif revision is not None and revision.user_id is not None:
        mark_reviewed(original, instance.locale_id)


def string_translated(sender, instance, **kwargs):
    if instance.translation_type != StringTranslation.TRANSLATION_TYPE_MANUAL:
        return
    translatable = instance.context.object if instance.context else None
    if translatable is None:
        return
    original = PracticePage.objects.filter(
        translation_key=translatable.translation_key,
        locale__in=translatable.sources.values("locale"),
    ).first()
    if original is not None:
        mark_reviewed(original, instance.locale_id)


def organisation_published(sender, instance, **kwargs):
    copy_into_every_locale(instance)


def connect():
    page_published.connect(practice_published, sender=PracticePage)
    page_published.connect(organisation_published, sender=OrganisationPage)
    post_save.connect(string_translated, sender=StringTranslation)
