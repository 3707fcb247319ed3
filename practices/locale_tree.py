"""Every locale has the site's skeleton: Home > Practices > each organisation.

Migration 0002 creates the locales and copies Home, Practices and the proposal form into
each. Organisations are created at run time in the default locale; publishing one copies
it into every other locale (a plain copy in its own language, not an alias: an alias would
carry the partner group, which belongs to one page) and gives its partner group the same
permissions on each copy. A practice's translation is then created under its
organisation's copy in the target locale.
"""

from wagtail.models import Locale

from practices.permissions import grant_partner_page_permissions


def copy_into_every_locale(organisation):
    """Copy `organisation` into each locale that lacks it; returns the new copies."""
    copies = [
        organisation.copy_for_translation(locale, copy_parents=True)
        for locale in Locale.objects.exclude(pk=organisation.locale_id)
        if not organisation.has_translation(locale)
    ]
    for copy in copies:
        copy.save_revision().publish()
    group = original_partner_group(organisation)
    if copies and group is not None:
        grant_partner_page_permissions(group, organisation)
    return copies


def original_partner_group(organisation):
    return next(
        (page.partner_group for page in organisation.get_translations(inclusive=True).specific()
         if page.partner_group_id),
        None,
    )  # fmt: skip


def synchronise_organisations():
    """Copy every organisation into the locales it is missing from (e.g. a new locale)."""
    from practices.models import OrganisationPage

    originals = OrganisationPage.objects.filter(partner_group__isnull=False)
    return sum(len(copy_into_every_locale(organisation)) for organisation in originals)
