"""The public "Propose a practice" form: anyone may propose, nothing is public before review.

A valid proposal becomes a draft practice, with the proposer's details kept apart
(`PracticeProposal`, never shown publicly), and enters the "Editorial review" workflow with
no requesting user, so it waits in the secretariat's review queue. The draft waits under
the proposal page of its language's locale tree (practices/placement.py), whichever
language's form was used: approving a French proposal publishes it under /fr/…, as the
original its translations are made from. The proposer gets an acknowledgement by email.

Spam is kept out by a honeypot field that people never see, and a limit of accepted
proposals per IP address (`settings.PROPOSAL_RATE_LIMIT`, counted in the cache).
"""

from django import forms
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_ratelimit.core import get_usage

from practices.language_detection import detect_language
from practices.languages import ORIGINAL_LANGUAGE_CHOICES
from practices.models import PracticePage, PracticeProposal, Theme
from practices.models.pages import SUMMARY_MAX_LENGTH
from practices.organisations import unique_child_slug
from practices.placement import practice_locale

HONEYPOT_FIELD = "homepage"
RATE_LIMIT_GROUP = "practice-proposals"


class SingleLineField(forms.CharField):
    """A one-line text: line breaks and runs of white space become one space (a title
    with a line break would also break the acknowledgement's subject)."""

    def to_python(self, value):
        return " ".join(super().to_python(value).split())


class ProposalForm(forms.Form):
    title = SingleLineField(label=_("Title of the practice"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("At most 400 characters: what the practice does and for whom."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 10}),
        help_text=_("How the practice works. Leave an empty line between paragraphs."),
    )
    outcomes = forms.CharField(
        label=_("Outcomes and evidence of success"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    countries = forms.MultipleChoiceField(
        label=_("Countries"),
        choices=list(countries),
        required=False,
        help_text=_("Where the practice takes place."),
    )
    original_language = forms.ChoiceField(
        label=_("Language of your text"),
        choices=[("", _("Detect automatically")), *ORIGINAL_LANGUAGE_CHOICES],
        required=False,
    )
    organisation_name = SingleLineField(label=_("Your organisation"), max_length=200)
    proposer_name = SingleLineField(label=_("Your name"), max_length=200)
    proposer_email = forms.EmailField(label=_("Your email address"))
    consent = forms.BooleanField(
        label=_(
            "I agree that the network's secretariat stores my name and email address to "
            "review this proposal and contact me about it."
        )
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.help_text:
                field.widget.attrs["aria-describedby"] = f"id_{name}_help"

    def full_clean(self):
        """Link each invalid input to its error message, for screen readers."""
        super().full_clean()
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                described_by = [attrs.get("aria-describedby"), f"id_{name}_errors"]
                attrs["aria-describedby"] = " ".join(filter(None, described_by))


def description_paragraphs(description):
    """Plain text, split on blank lines, as escaped rich-text paragraphs: markup stays text."""
    paragraphs = [part.strip() for part in description.replace("\r\n", "\n").split("\n\n")]
    return [
        ("paragraph", "<p>" + escape(part).replace("\n", "<br/>") + "</p>")
        for part in paragraphs
        if part
    ]


def proposal_language(data):
    """The language detected in the proposal's text, English when the detector is unsure."""
    text = "\n\n".join([data["title"], data["summary"], data["description"]])
    return detect_language(text) or "en"


@transaction.atomic
def create_proposal(proposal_page, data):
    """A draft practice under the proposal page of its language's locale, its proposer, and
    its editorial workflow."""
    language = data["original_language"] or proposal_language(data)
    parent = proposal_page.get_translation(practice_locale(language))
    practice = PracticePage(
        title=data["title"],
        slug=unique_child_slug(parent, data["title"]),
        summary=data["summary"],
        body=description_paragraphs(data["description"]),
        outcomes=data["outcomes"],
        countries=data["countries"],
        original_language=language,
        live=False,
    )
    practice.themes.set(list(data["themes"]))
    parent.add_child(instance=practice)
    practice.save_revision(log_action=True)
    PracticeProposal.objects.create(
        practice=practice,
        proposer_name=data["proposer_name"],
        proposer_email=data["proposer_email"],
        proposer_organisation=data["organisation_name"],
    )
    practice.get_workflow().start(practice, user=None)
    return practice


def send_acknowledgement(practice, data):
    context = {"practice": practice, "proposer_name": data["proposer_name"]}
    send_mail(
        subject=render_to_string("practices/emails/proposal_acknowledgement_subject.txt", context)
        .strip(),
        message=render_to_string("practices/emails/proposal_acknowledgement.txt", context),
        from_email=None,
        recipient_list=[data["proposer_email"]],
    )


def proposal_usage(request, increment=False):
    return get_usage(
        request,
        group=RATE_LIMIT_GROUP,
        key="ip",
        rate=settings.PROPOSAL_RATE_LIMIT,
        method="POST",
        increment=increment,
    )


def count_proposal(request):
    proposal_usage(request, increment=True)


def proposal_limit_reached(request):
    """Whether this address has used up its proposals; checked before counting a new one."""
    usage = proposal_usage(request)
    return usage is not None and usage["count"] >= usage["limit"]


def refuse(request, proposal_page, form, message, status):
    response = proposal_page.render(
        request, context_overrides={"form": form, "refusal": message}
    )
    response.status_code = status
    return response


def proposal_form_view(request, proposal_page):
    """GET shows the form; a valid POST creates the proposal and redirects to the thanks."""
    if request.method != "POST":
        return proposal_page.render(request, context_overrides={"form": ProposalForm()})
    form = ProposalForm(request.POST)
    if proposal_limit_reached(request):
        message = _("You have sent many proposals recently. Please try again in an hour.")
        return refuse(request, proposal_page, form, message, status=429)
    if request.POST.get(HONEYPOT_FIELD):
        count_proposal(request)
        message = _(
            "Your proposal was not accepted because a field meant to stay empty was filled in."
        )
        return refuse(request, proposal_page, form, message, status=400)
    if not form.is_valid():
        return proposal_page.render(request, context_overrides={"form": form})
    practice = create_proposal(proposal_page, form.cleaned_data)
    count_proposal(request)
    send_acknowledgement(practice, form.cleaned_data)
    return redirect(proposal_page.url + proposal_page.reverse_subpage("thanks"))
