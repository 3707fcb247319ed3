"""A partner's admin home: their organisation's practices and nothing site-wide.

Through Wagtail's real admin views, logged in as each role; the workflow steps are the real
"Editorial review" workflow of migration 0003.
"""

import re

import pytest
from django.test import Client
from wagtail.models import Locale, Page
from wagtail.users.models import UserProfile
from wagtail_localize.models import TranslationSource

from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
)
from practices.models import PracticePage
from practices.placement import organisation_page_in
from practices.tests.admin_forms import practice_form_data
from translation.models import State, TranslationState

pytestmark = pytest.mark.django_db

COMMENT = "Please add how many participants found a job."


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def submit(client, practice):
    data = practice_form_data(practice.title, slug=practice.slug, **{"action-submit": "1"})
    assert client.post(f"/admin/pages/{practice.pk}/edit/", data).status_code == 302
    practice.refresh_from_db()


def request_changes(client, practice, comment):
    practice.refresh_from_db()
    task_state = practice.current_workflow_state.current_task_state
    url = f"/admin/pages/workflow/action/{practice.pk}/reject/{task_state.pk}/"
    client.post(url, {"comment": comment})


def practice_rows(html):
    """{practice id: the text of its row's state cell}."""
    return {
        int(pk): re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", cell)).strip()
        for pk, cell in re.findall(
            r'<tr data-practice="(\d+)">.*?<td data-state="[^"]+">(.*?)</td>', html, re.S
        )
    }


@pytest.fixture
def organisation():
    return OrganisationPageFactory(title="Alpha Inclusion")


@pytest.fixture
def partner(organisation):
    return PartnerUserFactory(organisation=organisation)


@pytest.fixture
def practices(organisation, partner):
    live = PracticePageFactory(organisation=organisation, title="Alpha job club")
    draft = PracticePageFactory(organisation=organisation, title="Alpha draft", live=False)
    in_review = PracticePageFactory(organisation=organisation, title="Alpha mentors", live=False)
    returned = PracticePageFactory(organisation=organisation, title="Alpha cafe", live=False)
    partner_client = logged_in(partner)
    submit(partner_client, in_review)
    submit(partner_client, returned)
    request_changes(logged_in(SecretariatUserFactory()), returned, COMMENT)
    return {"live": live, "draft": draft, "in_review": in_review, "returned": returned}


def test_lists_exactly_the_organisations_practices_with_their_states(partner, practices):
    other = PracticePageFactory(
        organisation=OrganisationPageFactory(title="Beta Works"), title="Beta secret plan"
    )
    html = logged_in(partner).get("/admin/").content.decode()
    rows = practice_rows(html)
    assert set(rows) == {page.pk for page in practices.values()}
    assert rows[practices["live"].pk] == "Live"
    assert rows[practices["draft"].pk] == "Draft"
    assert rows[practices["in_review"].pk] == "In review: Secretariat check"
    assert rows[practices["returned"].pk] == f"Changes requested: Secretariat check {COMMENT}"
    assert other.title not in html
    assert f"/admin/pages/{practices['draft'].pk}/edit/" in html
    assert f"/admin/pages/{practices['draft'].pk}/view_draft/" in html


def test_a_practice_is_listed_once_with_each_translations_state(organisation, partner):
    original = PracticePageFactory(organisation=organisation, title="Alpha garden")
    french_locale = Locale.objects.get(language_code="fr")
    french_organisation = organisation_page_in(organisation, french_locale)
    TranslationSource.get_or_create_from_instance(original)
    translation = original.copy_for_translation(french_locale)
    translation.save_revision().publish()
    assert translation.get_parent().pk == french_organisation.pk
    TranslationState.objects.update_or_create(
        translation_key=original.translation_key, locale=french_locale,
        defaults={"state": State.MACHINE},
    )
    TranslationState.objects.update_or_create(
        translation_key=original.translation_key,
        locale=Locale.objects.get(language_code="it"),
        defaults={"state": State.FAILED},
    )
    html = logged_in(partner).get("/admin/").content.decode()
    assert set(practice_rows(html)) == {original.pk}
    assert "Français: machine translation" in html
    assert "Italiano: failed" in html
    assert "Deutsch: missing" in html


def test_partner_sees_no_site_wide_figure(partner, practices):
    html = logged_in(partner).get("/admin/").content.decode()
    assert "w-summary" not in html  # the page count of the whole tree
    assert "Translation jobs" not in html


def test_editors_see_the_site_wide_figures():
    html = logged_in(SecretariatUserFactory()).get("/admin/").content.decode()
    total = Page.objects.filter(depth__gt=1).count()
    assert re.search(rf">\s*{total} Pages <span", html)
    assert "Translation jobs" in html


def test_add_a_practice_creates_a_draft_under_the_organisation_in_the_writing_language(
    organisation, partner
):
    client = logged_in(partner)
    html = client.get("/admin/").content.decode()
    assert "Add a practice" in html
    response = client.get(
        "/admin/dashboard/add-practice/", {"organisation": organisation.pk, "language": "it"}
    )
    italian_organisation = organisation.get_translation(Locale.objects.get(language_code="it"))
    add_url = f"/admin/pages/add/practices/practicepage/{italian_organisation.pk}/"
    assert response.status_code == 302
    assert response["Location"] == add_url
    form = practice_form_data("Alpha night school", slug="alpha-night-school")
    response = client.post(add_url, form)
    assert response.status_code == 302, response.context["form"].errors
    created = PracticePage.objects.get(title="Alpha night school")
    assert created.get_parent().pk == italian_organisation.pk
    assert created.locale.language_code == "it"
    assert not created.live
    assert created.pk in practice_rows(client.get("/admin/").content.decode())


def test_add_defaults_to_the_language_the_partner_uses_the_admin_in(organisation, partner):
    profile = UserProfile.get_for_user(partner)
    profile.preferred_language = "fr"
    profile.save()
    response = logged_in(partner).get("/admin/dashboard/add-practice/")
    french_organisation = organisation.get_translation(Locale.objects.get(language_code="fr"))
    add_url = f"/admin/pages/add/practices/practicepage/{french_organisation.pk}/"
    assert response["Location"] == add_url


def test_add_refuses_an_unknown_language_and_another_organisation(organisation, partner):
    client = logged_in(partner)
    assert client.get("/admin/dashboard/add-practice/", {"language": "xx"}).status_code == 400
    other = OrganisationPageFactory(title="Beta Works")
    response = client.get("/admin/dashboard/add-practice/", {"organisation": other.pk})
    assert "/pages/add/" not in response.get("Location", "")


def test_the_explorer_opens_at_the_organisation(organisation, partner):
    html = logged_in(partner).get("/admin/").content.decode()
    explorer = (
        '{"name": "explorer", "label": "Pages", "icon_name": "folder-open-inverse", '
        f'"classname": "", "attrs": {{}}, "url": "/admin/pages/{organisation.pk}/"}}, '
        f"{organisation.pk}]"
    )
    assert explorer in html
