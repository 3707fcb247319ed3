"""`load_demo_content`: a multilingual demo set, safe to load twice, never in production."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from practices.demo.accounts import DEMO_PASSWORD
from practices.models import OrganisationPage, PracticePage

pytestmark = pytest.mark.django_db


def load_demo_content():
    output = StringIO()
    call_command("load_demo_content", stdout=output, stderr=StringIO())
    return output.getvalue()


def test_creates_organisations_multilingual_practices_and_accounts():
    output = load_demo_content()

    practices = PracticePage.objects.all()
    assert practices.count() >= 40
    languages = set(practices.values_list("original_language", flat=True))
    assert languages >= {"en", "fr", "de", "it", "es"}
    assert 3 <= practices.filter(live=False).count() <= 4
    assert OrganisationPage.objects.live().count() >= 12
    originals = OrganisationPage.objects.filter(locale__language_code="en")
    assert all(organisation.partner_group for organisation in originals)

    users = get_user_model().objects
    admin = users.get(username="admin")
    assert admin.is_superuser and admin.check_password(DEMO_PASSWORD)
    assert users.get(username="editor").groups.filter(name="Secretariat").exists()
    partner_a, partner_b = users.get(username="partner-a"), users.get(username="partner-b")
    assert partner_a.groups.get().organisation != partner_b.groups.get().organisation
    assert all(user.email for user in users.all())
    for username in ["admin", "editor", "partner-a", "partner-b"]:
        assert username in output
    assert DEMO_PASSWORD in output


def test_each_practice_lives_in_the_tree_of_its_language():
    load_demo_content()

    practices = PracticePage.objects.select_related("locale")
    assert {page.locale.language_code for page in practices} == {"en", "fr", "de", "it", "es"}
    for page in practices:
        assert page.locale.language_code == page.original_language, page.title
        assert page.get_parent().locale_id == page.locale_id, page.title
        assert page.url.startswith(f"/{page.original_language}/"), page.title


def test_running_twice_creates_nothing_new():
    load_demo_content()
    counts = (PracticePage.objects.count(), OrganisationPage.objects.count(),
              get_user_model().objects.count())

    output = load_demo_content()

    assert (PracticePage.objects.count(), OrganisationPage.objects.count(),
            get_user_model().objects.count()) == counts
    assert "0 practices created" in output


def test_refuses_when_demo_content_is_off(settings):
    settings.KB_DEMO_CONTENT = False
    with pytest.raises(CommandError, match="KB_DEMO_CONTENT"):
        load_demo_content()
    assert not PracticePage.objects.exists()
    assert not get_user_model().objects.filter(username="admin").exists()
