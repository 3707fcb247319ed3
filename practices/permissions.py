"""Partner groups: each organisation's members write in its subtree and nowhere else.

Built on Wagtail's own permission model: page permissions on the organisation's page (so
on its practices), and collection permissions on a collection of its own for images and
documents. Partners get no publish permission: publishing goes through the workflow.
The page permissions hold on the organisation's page in every locale, so partners also
write (and review) their practices' translations.
"""

from django.contrib.auth.models import Group, Permission
from django.db import transaction
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

from practices.models import OrganisationPage

SECRETARIAT_GROUP = "Secretariat"  # the one name; migration 0003 keeps a literal of it
PARTNER_PAGE_PERMISSIONS = ["add_page", "change_page"]
PARTNER_COLLECTION_PERMISSIONS = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "change_document"),
    ("wagtaildocs", "choose_document"),
]


def is_editor(user):
    """Editors (the secretariat) and administrators: who sees site-wide figures and reports."""
    return user.is_active and (
        user.is_superuser or user.groups.filter(name=SECRETARIAT_GROUP).exists()
    )


def partner_organisations(user):
    """The organisations whose partner group `user` belongs to (their default-locale pages)."""
    return OrganisationPage.objects.filter(partner_group__in=user.groups.all()).order_by("title")


def partner_group_name(organisation):
    return f"Partner: {organisation.title}"[:150]


@transaction.atomic
def provision_partner_group(organisation):
    """Create (or repair) the organisation's partner group, collection and permissions."""
    group = organisation.partner_group
    if group is None:
        group, _ = Group.objects.get_or_create(name=partner_group_name(organisation))
        organisation.partner_group = group
        organisation.save(update_fields=["partner_group"])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    grant_partner_page_permissions(group, organisation)
    collection = organisation_collection(organisation)
    for app_label, codename in PARTNER_COLLECTION_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    return group


def grant_partner_page_permissions(group, organisation):
    """Page permissions on the organisation's page in every locale (its translations)."""
    permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=PARTNER_PAGE_PERMISSIONS
    )
    for page in organisation.get_translations(inclusive=True):
        for permission in permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)


def organisation_collection(organisation):
    """The collection that holds the organisation's images and documents."""
    root = Collection.get_first_root_node()
    name = organisation.title[:255]
    existing = root.get_children().filter(name=name).first()
    return existing or root.add_child(name=name)
