"""A practice's round trip through "Editorial review", through Wagtail's own admin views.

A partner submits; the secretariat requests changes with a comment; the partner is told by
email, reads the comment, edits and resubmits; the secretariat approves both steps; the
practice is live.
"""

import pytest
from django.core import mail
from django.test import Client

from practices.factories import (
    OrganisationPageFactory,
    PartnerUserFactory,
    PracticePageFactory,
    SecretariatUserFactory,
)
from practices.tests.admin_forms import practice_form_data

pytestmark = pytest.mark.django_db

COMMENT = "Please add figures on how many participants found a job."


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def workflow_action(client, practice, action, comment=""):
    practice.refresh_from_db()
    task_state = practice.current_workflow_state.current_task_state
    url = f"/admin/pages/workflow/action/{practice.pk}/{action}/{task_state.pk}/"
    return client.post(url, {"comment": comment})


@pytest.fixture
def organisation():
    return OrganisationPageFactory(title="Alpha Inclusion")


@pytest.fixture
def partner(organisation):
    return PartnerUserFactory(organisation=organisation, email="partner@alpha.example")


@pytest.fixture
def editor():
    return SecretariatUserFactory(email="editor@secretariat.example")


@pytest.fixture
def practice(organisation):
    return PracticePageFactory(organisation=organisation, title="Alpha job club", live=False)


def submit(client, practice, **fields):
    data = practice_form_data(
        "Alpha job club", slug=practice.slug, **{"action-submit": "1"}, **fields
    )
    response = client.post(f"/admin/pages/{practice.pk}/edit/", data)
    assert response.status_code == 302
    practice.refresh_from_db()


def test_submission_reaches_the_secretariat(partner, editor, practice):
    submit(logged_in(partner), practice)
    assert practice.current_workflow_task.name == "Secretariat check"
    assert [message.to for message in mail.outbox] == [["editor@secretariat.example"]]
    dashboard = logged_in(editor).get("/admin/").content.decode()
    assert "Awaiting your review" in dashboard
    assert "Alpha job club" in dashboard


def test_partner_follows_their_submission_on_the_dashboard(partner, practice):
    client = logged_in(partner)
    submit(client, practice)
    dashboard = client.get("/admin/").content.decode()
    assert "Your pages and snippets in a workflow" in dashboard
    assert "Alpha job club" in dashboard
    assert "Secretariat check" in dashboard


def test_request_changes_then_resubmit_then_approve_publishes(partner, editor, practice):
    partner_client, editor_client = logged_in(partner), logged_in(editor)
    submit(partner_client, practice)
    mail.outbox.clear()

    workflow_action(editor_client, practice, "reject", comment=COMMENT)
    practice.refresh_from_db()
    assert not practice.live
    [email] = mail.outbox
    assert email.to == ["partner@alpha.example"]
    assert "Alpha job club" in email.subject
    assert COMMENT in email.body
    history = partner_client.get(f"/admin/pages/{practice.pk}/workflow_history/")
    detail = partner_client.get(
        f"/admin/pages/{practice.pk}/workflow_history/detail/"
        f"{practice.workflow_states.get().pk}/"
    )
    assert history.status_code == 200
    assert COMMENT in detail.content.decode()

    submit(partner_client, practice, outcomes="42 of 60 participants found a job.")
    assert practice.current_workflow_task.name == "Secretariat check"
    workflow_action(editor_client, practice, "approve")
    practice.refresh_from_db()
    assert practice.current_workflow_task.name == "Thematic review"
    assert not practice.live
    mail.outbox.clear()

    workflow_action(editor_client, practice, "approve")
    practice.refresh_from_db()
    assert practice.live
    assert practice.outcomes == "42 of 60 participants found a job."
    assert practice.current_workflow_state is None
    assert ["partner@alpha.example"] in [message.to for message in mail.outbox]
    assert Client().get(practice.url).status_code == 200


def test_partner_cannot_approve_their_own_submission(partner, practice):
    client = logged_in(partner)
    submit(client, practice)
    workflow_action(client, practice, "approve")
    workflow_action(client, practice, "approve")
    practice.refresh_from_db()
    assert not practice.live
    assert practice.current_workflow_task.name == "Secretariat check"
