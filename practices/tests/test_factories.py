"""The factories other tests build on make what their docstrings promise."""

import pytest

from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
)
from practices.models import FundingProgramme, PathwayStage, PracticePage, TargetGroup, Theme

pytestmark = pytest.mark.django_db


def test_organisation_is_live_with_its_partner_group():
    organisation = OrganisationPageFactory(title="Arbeit Plus")
    assert organisation.live
    assert organisation.partner_group.name == "Partner: Arbeit Plus"


def test_practice_is_live_under_its_organisation():
    organisation = OrganisationPageFactory()
    practice = PracticePageFactory(organisation=organisation)
    stored = PracticePage.objects.get(pk=practice.pk)  # the tree as stored, not the argument
    assert stored.live
    assert stored.get_parent().pk == organisation.pk
    assert stored.path.startswith(organisation.path)
    assert stored.organisation.pk == organisation.pk


def test_draft_practice_is_not_live():
    practice = PracticePageFactory(live=False)
    assert not practice.live
    assert practice.latest_revision is not None


def test_partner_belongs_to_the_organisation_partner_group():
    organisation = OrganisationPageFactory()
    partner = PartnerUserFactory(organisation=organisation)
    assert list(partner.groups.all()) == [organisation.partner_group]
    assert partner.email


def test_secretariat_user_may_publish_practices():
    editor = SecretariatUserFactory()
    practice = PracticePageFactory(live=False)
    assert practice.permissions_for_user(editor).can_publish()


def test_practice_takes_every_classification_of_the_page():
    theme = Theme.objects.create(name="Housing", slug="housing")
    group = TargetGroup.objects.create(label="Migrants", slug="migrants")
    stage = PathwayStage.objects.create(label="Training", slug="training-stage")
    programme = FundingProgramme.objects.create(label="ESF+", slug="esf-plus-test")

    practice = PracticePageFactory(
        themes=[theme], keywords=["repair café"], target_groups=[group],
        pathway_stages=[stage], funding_programmes=[programme],
    )

    stored = PracticePage.objects.get(pk=practice.pk).get_latest_revision_as_object()
    assert [tag.slug for tag in stored.themes.all()] == ["housing"]
    assert [tag.name for tag in stored.keywords.all()] == ["repair café"]
    assert list(stored.target_groups.all()) == [group]
    assert list(stored.pathway_stages.all()) == [stage]
    assert list(stored.funding_programmes.all()) == [programme]
