"""Which locale tree a new practice goes into: the tree of the language it is written in.

A practice written in one of the site's languages is created in that language's tree (a
French practice under its organisation's French page, at /fr/…): it is the original, and
the translation jobs (translation/) translate it from there into the other locales. A
practice in a language the site has no locale for (Polish, say) goes into the default
locale's tree. The import, the proposal form and the demo content all place practices
through this module.
"""

from wagtail.models import Locale

from practices.locale_tree import copy_into_every_locale


def practice_locale(language_code):
    """The site locale of `language_code`, or the default locale if the site has none."""
    return Locale.objects.filter(language_code=language_code).first() or Locale.get_default()


def organisation_page_in(organisation, locale):
    """`organisation`'s page in `locale`, first copying it into the locales that lack it
    (as publishing an organisation does) if it is missing there."""
    page = organisation.get_translation_or_none(locale)
    if page is None:
        copy_into_every_locale(organisation)
        page = organisation.get_translation(locale)
    return page.specific
