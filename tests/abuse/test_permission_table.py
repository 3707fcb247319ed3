"""Who may do what, cell by cell: five roles × each action, on a draft and a live practice of A.

Every cell sends the request the person would send, anonymous visitors included: the GET of
the admin page, the publish or delete POST, the public page, the search page and the API.
Publishing and deleting change the page, so those cells act on a fresh copy of it.

Partners hold only add/change page permissions (publishing goes through the workflow), the
secretariat reviews and publishes, and the public search and API only ever show live
practices, whoever asks. Export is a management command (`export_practices`), run by staff
with shell access: no web endpoint exports practices.
"""

import io

import pytest
from django.core.management import call_command
from django.urls import NoReverseMatch, reverse
from wagtail.models import Page

from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
    UserFactory,
)
from practices.tests.admin_forms import practice_form_data
from search.client import get_client
from search.index_admin import alias_targets, rebuild

ROLES = ["anonymous", "partner_a", "partner_b", "editor", "admin"]
PAGES = ["draft", "live"]
LIVE_TITLE = "Quokka live coaching"
DRAFT_TITLE = "Quokka draft coaching"
PUBLISHED_TITLE = "Wombat coaching as published"
ALLOWED = {
    # (action, page): roles allowed
    ("view_draft", "draft"): {"partner_a", "editor", "admin"},
    ("view_draft", "live"): {"partner_a", "editor", "admin"},
    ("edit", "draft"): {"partner_a", "editor", "admin"},
    ("edit", "live"): {"partner_a", "editor", "admin"},
    ("publish", "draft"): {"editor", "admin"},
    ("publish", "live"): {"editor", "admin"},
    # Wagtail lets change permission delete a page that was never published, not a live one.
    ("delete", "draft"): {"partner_a", "editor", "admin"},
    ("delete", "live"): {"editor", "admin"},
    ("view_public", "draft"): set(),
    ("view_public", "live"): set(ROLES),
    ("search_page", "draft"): set(),
    ("search_page", "live"): set(ROLES),
    ("search_api", "draft"): set(),
    ("search_api", "live"): set(ROLES),
}


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Organisations A and B, a draft and a live practice of A, a user per role, indexed."""
    with django_db_blocker.unblock():
        organisation_a = OrganisationPageFactory(title="Table org A")
        organisation_b = OrganisationPageFactory(title="Table org B")
        pages = {
            "live": PracticePageFactory(organisation=organisation_a, title=LIVE_TITLE),
            "draft": PracticePageFactory(organisation=organisation_a, title=DRAFT_TITLE,
                                         live=False),
        }
        users = {
            "anonymous": None,
            "partner_a": PartnerUserFactory(organisation=organisation_a),
            "partner_b": PartnerUserFactory(organisation=organisation_b),
            "editor": SecretariatUserFactory(),
            "admin": UserFactory(is_superuser=True, is_staff=True),
        }
        rebuild()
        get_client().indices.refresh(index=alias_targets())
    yield {"pages": pages, "users": users, "organisation": organisation_a}
    with django_db_blocker.unblock():
        for index in alias_targets():
            get_client().indices.delete(index=index, ignore_unavailable=True)
        for organisation in [organisation_a, organisation_b]:
            Page.objects.get(pk=organisation.pk).delete()
        for user in users.values():
            if user:
                user.delete()


def a_copy_of(world, page):
    """A new practice of A in the same state as `page`, for an action that changes it."""
    return PracticePageFactory(organisation=world["organisation"], title=f"Wombat {page.title}",
                               live=page.live)


def published(client, page):
    """Whether the editor's "Publish" POST put the page's new title before the public."""
    data = practice_form_data(PUBLISHED_TITLE, slug=page.slug, **{"action-publish": "1"})
    client.post(f"/admin/pages/{page.pk}/edit/", data)
    page.refresh_from_db()
    return page.live and page.title == PUBLISHED_TITLE


def deleted(client, page):
    """Whether the delete confirmation's POST removed the page."""
    client.post(f"/admin/pages/{page.pk}/delete/")
    return not Page.objects.filter(pk=page.pk).exists()


def can(client, world, user, action, page):
    """Whether `user` managed `action` on `page`, through the views a browser would use."""
    if action in {"view_draft", "edit"}:
        response = client.get(f"/admin/pages/{page.pk}/{action}/")
        return response.status_code == 200 and page.title in response.content.decode()
    if action == "publish":
        if user is not None and not page.permissions_for_user(user).can_publish():
            edit = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
            assert 'name="action-publish"' not in edit
        return published(client, a_copy_of(world, page))
    if action == "delete":
        return deleted(client, a_copy_of(world, page))
    if action == "view_public":
        return client.get(page.url).status_code == 200
    if action == "search_page":
        return page.title in client.get("/en/search/", {"q": "quokka"}).content.decode()
    titles = [hit["title"] for hit in client.get("/api/v1/search/", {"q": "quokka"}).json()[
        "results"]]
    suggestions = [item["text"] for item in client.get(
        "/api/v1/suggest/", {"q": "Quokka"}).json()["suggestions"]]
    assert (page.title in titles) == (page.title in suggestions)
    return page.title in titles


@pytest.mark.django_db
@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.parametrize("action", sorted({action for action, _page in ALLOWED}))
@pytest.mark.parametrize("role", ROLES)
def test_permission_cell(client, world, role, action, page_name):
    user = world["users"][role]
    if user:
        client.force_login(user)
    page = world["pages"][page_name].specific
    expected = role in ALLOWED[(action, page_name)]
    assert can(client, world, user, action, page) is expected


@pytest.mark.django_db
def test_export_is_a_command_that_can_leave_drafts_out(world):
    live_only, everything = io.StringIO(), io.StringIO()
    call_command("export_practices", "-", "--live-only", stdout=live_only, stderr=io.StringIO())
    call_command("export_practices", "-", stdout=everything, stderr=io.StringIO())
    assert LIVE_TITLE in live_only.getvalue() and DRAFT_TITLE not in live_only.getvalue()
    assert DRAFT_TITLE in everything.getvalue()


@pytest.mark.parametrize("name", ["export_practices", "practices_export", "export"])
def test_no_web_endpoint_exports_practices(name):
    with pytest.raises(NoReverseMatch):
        reverse(name)
