"""Creating member organisations, the same way from the admin, an import or the demo set."""

from django.utils.text import slugify
from wagtail.models import Locale

from practices.models import OrganisationPage, PracticeIndexPage
from practices.permissions import provision_partner_group


def practice_index():
    return PracticeIndexPage.objects.get(locale__language_code="en")


def find_organisation(name):
    """The organisation's page in the default locale (translation copies share its title)."""
    return OrganisationPage.objects.filter(
        locale=Locale.get_default(), title__iexact=name.strip()
    ).first()


def create_organisation(name, **fields):
    """Add a live organisation page under the practice index, with its partner group."""
    index = practice_index()
    organisation = OrganisationPage(
        title=name.strip(), slug=unique_child_slug(index, name), **fields
    )
    index.add_child(instance=organisation)
    organisation.save_revision().publish()
    provision_partner_group(organisation)
    return organisation


def get_or_create_organisation(name, **fields):
    return find_organisation(name) or create_organisation(name, **fields)


def unique_child_slug(parent, title):
    base = slugify(title)[:200] or "organisation"
    slug, suffix = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, suffix = f"{base}-{suffix}", suffix + 1
    return slug
