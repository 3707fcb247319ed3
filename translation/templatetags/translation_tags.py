"""Template tags for public pages: the notice on a machine-translated practice."""

from django import template

from practices.versions import original_of
from translation.models import State, TranslationState

register = template.Library()


@register.simple_tag
def machine_translation_of(page):
    """The original of `page` if `page` is a machine translation not yet reviewed, else None."""
    original = original_of(page)
    if original is None or original.pk == page.pk:
        return None
    is_machine = TranslationState.objects.filter(
        translation_key=page.translation_key,
        locale_id=page.locale_id,
        state__in=[State.MACHINE, State.FAILED],
    ).exists()
    return original if is_machine and original.live else None


@register.simple_tag
def content_language(page):
    """The language `page`'s text is written in: its locale's for a translation."""
    original = original_of(page)
    if original is None or original.pk == page.pk:
        return page.original_language
    return page.locale.language_code
