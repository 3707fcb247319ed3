"""Who may do what in the admin: partners write in their organisation only, editors review.

Everything goes through Wagtail's real admin views, as a logged-in user would.
"""

import pytest
from django.contrib.auth.models import Group
from wagtail.images.models import Image
from wagtail_factories import ImageFactory

from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
)
from practices.models import (
    FundingProgramme,
    OrganisationPage,
    PathwayStage,
    PracticePage,
    TargetGroup,
    Theme,
)
from practices.organisations import practice_index
from practices.permissions import organisation_collection
from practices.tests.admin_forms import practice_form_data

pytestmark = pytest.mark.django_db

DENIED = {302, 403, 404}


@pytest.fixture
def organisation_a():
    return OrganisationPageFactory(title="Alpha Inclusion")


@pytest.fixture
def organisation_b():
    return OrganisationPageFactory(title="Beta Works")


@pytest.fixture
def practice_a(organisation_a):
    return PracticePageFactory(organisation=organisation_a, title="Alpha mentoring", live=False)


@pytest.fixture
def draft_b(organisation_b):
    return PracticePageFactory(
        organisation=organisation_b,
        title="Beta confidential draft",
        summary="Beta budget figures nobody else may read.",
        live=False,
    )


@pytest.fixture
def partner_client(client, organisation_a):
    client.force_login(PartnerUserFactory(organisation=organisation_a))
    return client


def test_default_wagtail_groups_are_gone_and_their_task_belongs_to_the_secretariat():
    from wagtail.models import GroupApprovalTask

    assert not Group.objects.filter(name__in=["Editors", "Moderators"]).exists()
    task = GroupApprovalTask.objects.get(name="Moderators approval")
    assert [group.name for group in task.groups.all()] == ["Secretariat"]


def test_practice_index_uses_the_editorial_review_workflow():
    workflow = practice_index().get_workflow()
    assert workflow.name == "Editorial review"
    assert [task.name for task in workflow.tasks] == ["Secretariat check", "Thematic review"]


def test_partner_explorer_shows_only_their_organisation(partner_client, practice_a, draft_b):
    response = partner_client.get("/admin/pages/", follow=True)
    assert response.status_code == 200
    explorer = partner_client.get(f"/admin/pages/{practice_a.get_parent().pk}/")
    assert explorer.status_code == 200
    assert "Alpha mentoring" in explorer.content.decode()
    other = partner_client.get(f"/admin/pages/{draft_b.get_parent().pk}/")
    # A listing was shown (not a redirect or an error page), and the other draft is not in it.
    assert other.status_code == 200
    assert "Beta confidential draft" not in other.content.decode()


def test_partner_page_search_finds_only_their_organisation(partner_client, practice_a, draft_b):
    response = partner_client.get("/admin/pages/search/", {"q": "confidential"})
    assert "Beta confidential draft" not in response.content.decode()
    response = partner_client.get("/admin/pages/search/", {"q": "mentoring"})
    assert "Alpha mentoring" in response.content.decode()


@pytest.mark.parametrize(
    "view", ["edit/", "view_draft/", "revisions/", "history/", "preview/"]
)
def test_partner_cannot_read_another_organisation_draft(partner_client, draft_b, view):
    response = partner_client.get(f"/admin/pages/{draft_b.pk}/{view}")
    assert response.status_code in DENIED
    assert "Beta budget figures" not in response.content.decode()


def test_partner_cannot_open_another_organisation_revision(partner_client, draft_b):
    revision = draft_b.latest_revision
    response = partner_client.get(f"/admin/pages/{draft_b.pk}/revisions/{revision.pk}/view/")
    assert response.status_code in DENIED
    assert "Beta budget figures" not in response.content.decode()


def test_partner_cannot_add_a_practice_to_another_organisation(partner_client, organisation_b):
    url = f"/admin/pages/add/practices/practicepage/{organisation_b.pk}/"
    response = partner_client.post(url, practice_form_data("Intruder", slug="intruder"))
    assert response.status_code in DENIED
    assert not PracticePage.objects.filter(title="Intruder").exists()


def test_partner_edit_page_offers_no_publish_action(partner_client, practice_a):
    response = partner_client.get(f"/admin/pages/{practice_a.pk}/edit/")
    assert response.status_code == 200
    assert 'name="action-publish"' not in response.content.decode()
    assert 'name="action-submit"' in response.content.decode()


def test_partner_posting_publish_does_not_make_a_practice_live(partner_client, practice_a):
    data = practice_form_data("Alpha mentoring", slug=practice_a.slug, **{"action-publish": "1"})
    revisions_before = practice_a.revisions.count()
    response = partner_client.post(f"/admin/pages/{practice_a.pk}/edit/", data)
    # The edit was accepted and saved as a draft; only the publication was refused.
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{practice_a.pk}/edit/"
    assert practice_a.revisions.count() == revisions_before + 1
    practice_a.refresh_from_db()
    assert not practice_a.live
    assert practice_a.live_revision is None


def test_partner_creates_a_practice_and_submits_it(partner_client, organisation_a):
    url = f"/admin/pages/add/practices/practicepage/{organisation_a.pk}/"
    data = practice_form_data("Alpha job club", slug="alpha-job-club", **{"action-submit": "1"})
    response = partner_client.post(url, data)
    assert response.status_code == 302
    practice = PracticePage.objects.get(slug="alpha-job-club")
    assert practice.get_parent().pk == organisation_a.pk
    assert not practice.live
    assert practice.current_workflow_task.name == "Secretariat check"


def test_partner_cannot_create_a_theme_by_typing_one(partner_client, practice_a):
    existing = Theme.objects.order_by("pk").first()
    data = practice_form_data(
        "Alpha mentoring", slug=practice_a.slug, themes=f"{existing.name}, Partner-made theme"
    )
    partner_client.post(f"/admin/pages/{practice_a.pk}/edit/", data)
    assert not Theme.objects.filter(name__iexact="Partner-made theme").exists()
    practice_a.refresh_from_db()
    latest = practice_a.get_latest_revision_as_object()
    assert [theme.name for theme in latest.themes.all()] == [existing.name]


def test_partner_chooses_only_images_of_their_organisation(
    partner_client, organisation_a, organisation_b
):
    ImageFactory(title="Alpha team photo", collection=organisation_collection(organisation_a))
    ImageFactory(title="Beta private photo", collection=organisation_collection(organisation_b))
    response = partner_client.get("/admin/images/chooser/")
    content = response.content.decode()
    assert "Alpha team photo" in content
    assert "Beta private photo" not in content
    assert Image.objects.count() == 2


def test_partner_chooses_only_documents_of_their_organisation(
    partner_client, organisation_a, organisation_b
):
    from wagtail_factories import DocumentFactory

    DocumentFactory(title="Alpha handbook", collection=organisation_collection(organisation_a))
    DocumentFactory(title="Beta contract", collection=organisation_collection(organisation_b))
    content = partner_client.get("/admin/documents/chooser/").content.decode()
    assert "Alpha handbook" in content
    assert "Beta contract" not in content


def test_organisation_created_in_the_admin_gets_its_partner_group(client):
    client.force_login(SecretariatUserFactory())
    url = f"/admin/pages/add/practices/organisationpage/{practice_index().pk}/"
    data = {
        "title": "Gamma Solidarity",
        "slug": "gamma-solidarity",
        "country": "FR",
        "website": "",
        "description": "",
        "comments-TOTAL_FORMS": "0",
        "comments-INITIAL_FORMS": "0",
        "comments-MIN_NUM_FORMS": "0",
        "comments-MAX_NUM_FORMS": "1000",
        "action-publish": "1",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    organisation = OrganisationPage.objects.get(
        slug="gamma-solidarity", locale__language_code="en"
    )  # its copies in the other locales share the slug
    assert organisation.partner_group.name == "Partner: Gamma Solidarity"
    partner = PartnerUserFactory(organisation=organisation)
    assert organisation.permissions_for_user(partner).can_add_subpage()


def vocabulary_form(**fields):
    return {
        "name": "Housing first",
        "label_fr": "Logement d'abord",
        "label_de": "",
        "label_it": "Prima la casa",
        "label_es": "",
        "slug": "housing-first",
        "description": "",
        "sort_order": "40",
        **fields,
    }


def test_secretariat_adds_a_theme_with_labels_in_other_languages(client):
    client.force_login(SecretariatUserFactory())
    url = "/admin/snippets/practices/theme/add/"
    assert "Label in Français" in client.get(url).content.decode()
    response = client.post(url, vocabulary_form())
    assert response.status_code == 302
    theme = Theme.objects.get(slug="housing-first")
    assert theme.labels == {"fr": "Logement d'abord", "it": "Prima la casa"}
    assert theme.label_in("fr") == "Logement d'abord"
    assert theme.label_in("de") == "Housing first"


def test_secretariat_edit_form_shows_existing_translations(client):
    client.force_login(SecretariatUserFactory())
    term = TargetGroup.objects.order_by("pk").first()
    term.labels = {"de": "Zielgruppe auf Deutsch"}
    term.save()
    response = client.get(f"/admin/snippets/practices/targetgroup/edit/{term.pk}/")
    assert 'value="Zielgruppe auf Deutsch"' in response.content.decode()


def test_vocabularies_menu_is_offered_to_the_secretariat(client):
    client.force_login(SecretariatUserFactory())
    assert "Vocabularies" in client.get("/admin/").content.decode()


@pytest.mark.parametrize("model", ["theme", "targetgroup", "pathwaystage", "fundingprogramme"])
def test_partner_cannot_manage_vocabularies(partner_client, model):
    assert partner_client.get(f"/admin/snippets/practices/{model}/").status_code in DENIED
    partner_client.post(
        f"/admin/snippets/practices/{model}/add/",
        vocabulary_form(label="Partner term", name="Partner term", slug="partner-term"),
    )
    assert "Vocabularies" not in partner_client.get("/admin/").content.decode()
    model_class = {
        "theme": Theme,
        "targetgroup": TargetGroup,
        "pathwaystage": PathwayStage,
        "fundingprogramme": FundingProgramme,
    }[model]
    assert not model_class.objects.filter(slug="partner-term").exists()
