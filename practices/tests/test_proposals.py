"""The public "Propose a practice" form, as a visitor (and a spammer) would use it."""

import random

import pytest
from django.core import mail
from django.test import Client
from wagtail.models import Locale, Page

from practices.factories import SecretariatUserFactory
from practices.models import PracticePage, PracticeProposal, ProposalIndexPage, Theme
from practices.tests.test_moderation import workflow_action

pytestmark = pytest.mark.django_db

FORM_URL = "/en/practices/propose/"
SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"


@pytest.fixture
def visitor():
    """A visitor from an address of their own, so rate limits never leak between tests."""
    address = ".".join(str(random.randint(1, 254)) for _ in range(4))
    return Client(REMOTE_ADDR=address)


def proposal(**fields):
    return {
        "title": "Repair café for job seekers",
        "summary": "Unemployed adults repair appliances and learn a trade.",
        "description": "Participants meet twice a week.\n\nA technician coaches them.",
        "outcomes": "12 of 20 found work.",
        "themes": [Theme.objects.order_by("pk").first().pk],
        "countries": ["BE", "FR"],
        "original_language": "fr",
        "organisation_name": "Atelier Solidaire",
        "proposer_name": "Camille Martin",
        "proposer_email": "camille@example.org",
        "consent": "on",
        "homepage": "",
        **fields,
    }


def test_form_is_shown_with_labelled_fields(visitor):
    content = visitor.get(FORM_URL).content.decode()
    assert '<label for="id_title">' in content
    assert "<legend>Themes</legend>" in content
    assert 'aria-describedby="id_summary_help"' in content
    assert "Leave this field empty" in content


def test_valid_proposal_creates_a_draft_in_review_and_thanks_the_proposer(visitor):
    response = visitor.post(FORM_URL, proposal())
    assert response.status_code == 302
    thanks = visitor.get(response["Location"])
    proposal_page = ProposalIndexPage.objects.get(locale__language_code="en")
    assert proposal_page.thank_you_text in thanks.content.decode()

    practice = PracticePage.objects.get(title="Repair café for job seekers")
    assert not practice.live
    assert isinstance(practice.get_parent().specific, ProposalIndexPage)
    assert practice.current_workflow_task.name == "Secretariat check"
    assert [block.value.source for block in practice.get_latest_revision_as_object().body] == [
        "<p>Participants meet twice a week.</p>",
        "<p>A technician coaches them.</p>",
    ]
    assert practice.proposal.proposer_email == "camille@example.org"
    assert practice.proposal.proposer_organisation == "Atelier Solidaire"
    acknowledgement = next(m for m in mail.outbox if m.to == ["camille@example.org"])
    assert "Repair café for job seekers" in acknowledgement.subject
    assert "Dear Camille Martin" in acknowledgement.body


def test_a_title_pasted_with_line_breaks_is_one_line_in_the_practice_and_the_mail(visitor):
    response = visitor.post(FORM_URL, proposal(title="Repair café\r\nfor job\rseekers",
                                               proposer_name="Camille\nMartin"))
    assert response.status_code == 302
    assert PracticePage.objects.filter(title="Repair café for job seekers").exists()
    acknowledgement = next(m for m in mail.outbox if m.to == ["camille@example.org"])
    assert "Repair café for job seekers" in acknowledgement.subject
    assert "Dear Camille Martin" in acknowledgement.body


def test_proposal_waits_in_the_secretariat_review_queue(visitor):
    editor = SecretariatUserFactory(email="editor@secretariat.example")
    visitor.post(FORM_URL, proposal())
    assert ["editor@secretariat.example"] in [message.to for message in mail.outbox]
    client = Client()
    client.force_login(editor)
    dashboard = client.get("/admin/").content.decode()
    assert "Awaiting your review" in dashboard
    assert "Repair café for job seekers" in dashboard


def test_invalid_proposal_shows_linked_errors_and_creates_nothing(visitor):
    response = visitor.post(FORM_URL, proposal(summary="x" * 401, proposer_email="", consent=""))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Please correct the following:" in content
    assert 'href="#id_summary"' in content
    assert 'id="id_proposer_email_errors"' in content
    assert 'aria-describedby="id_summary_help id_summary_errors"' in content
    assert not PracticePage.objects.filter(title="Repair café for job seekers").exists()


def test_filled_honeypot_is_refused(visitor):
    response = visitor.post(FORM_URL, proposal(homepage="http://spam.example"))
    assert response.status_code == 400
    assert "meant to stay empty" in response.content.decode()
    assert not PracticeProposal.objects.exists()
    assert not mail.outbox


def test_too_many_proposals_from_one_address_are_refused(visitor, settings):
    settings.PROPOSAL_RATE_LIMIT = "2/h"
    for number in range(2):
        assert visitor.post(FORM_URL, proposal(title=f"Practice {number}")).status_code == 302
    response = visitor.post(FORM_URL, proposal(title="One too many"))
    assert response.status_code == 429
    assert "try again in an hour" in response.content.decode()
    assert not PracticePage.objects.filter(title="One too many").exists()


def test_nothing_proposed_is_public_before_approval(visitor):
    visitor.post(FORM_URL, proposal(title="Secret repair café"))
    practice = PracticePage.objects.get(title="Secret repair café")
    draft_url = "/fr/practices/propose/" + practice.slug + "/"  # French: the French tree
    assert Client().get(draft_url).status_code == 404
    assert "Secret repair café" not in Client().get("/en/").content.decode()
    assert "Secret repair café" not in Client().get("/en/practices/").content.decode()
    assert practice.slug not in Client().get("/sitemap.xml").content.decode()


def test_markup_in_a_proposal_is_shown_as_text_in_preview_and_once_published(visitor):
    visitor.post(
        FORM_URL,
        proposal(title=f"Hostile {SCRIPT}", summary=f"Summary {IMAGE}", description=SCRIPT + IMAGE),
    )
    practice = PracticePage.objects.get(title=f"Hostile {SCRIPT}")
    editor = Client()
    editor.force_login(SecretariatUserFactory())
    preview = editor.get(f"/admin/pages/{practice.pk}/view_draft/").content.decode()
    assert SCRIPT not in preview and IMAGE not in preview
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in preview

    practice.get_latest_revision().publish()
    public = Client().get(Page.objects.get(pk=practice.pk).url).content.decode()
    assert SCRIPT not in public and IMAGE not in public
    assert "&lt;img src=x onerror=alert(1)&gt;" in public


def test_an_approved_proposal_is_published_in_the_tree_of_its_language(visitor):
    visitor.post(FORM_URL, proposal(title="Laboratorio di riparazione", original_language="it"))
    practice = PracticePage.objects.get(title="Laboratorio di riparazione")
    assert practice.get_parent().specific.locale.language_code == "it"

    editor = Client()
    editor.force_login(SecretariatUserFactory())
    for _task in ["Secretariat check", "Thematic review"]:
        assert workflow_action(editor, practice, "approve").status_code == 302

    practice.refresh_from_db()
    assert practice.live and practice.locale.language_code == "it"
    assert practice.url.startswith("/it/practices/propose/")
    assert Client().get(practice.url).status_code == 200


def test_a_proposal_in_a_language_the_site_has_no_locale_for_waits_in_the_default_tree(
    visitor,
):
    visitor.post(FORM_URL, proposal(title="Warsztat naprawczy", original_language="pl"))
    practice = PracticePage.objects.get(title="Warsztat naprawczy")
    assert practice.locale == Locale.get_default()
    assert practice.get_parent().specific == ProposalIndexPage.objects.get(locale=practice.locale)
