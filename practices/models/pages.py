"""The page tree of practices.

    PracticeIndexPage                 the "Practices" section
    ├── OrganisationPage              a member organisation, its public profile
    │   └── PracticePage              the practices it owns
    └── ProposalIndexPage             the public "Propose a practice" form
        └── PracticePage              proposals, drafts until an editor approves them

Each organisation's partner group holds Wagtail page permissions on its own subtree, so
partners see and edit only their organisation's practices.
"""

from collections import Counter

from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from practices.blocks import PracticeBodyBlock
from practices.languages import ORIGINAL_LANGUAGE_CHOICES

from .vocabularies import FundingProgramme, PathwayStage, TargetGroup, Theme

SUMMARY_MAX_LENGTH = 400


class PracticeIndexPage(RoutablePageMixin, Page):
    """The "Practices" section: the member organisations, and a page per theme."""

    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["practices.OrganisationPage", "practices.ProposalIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("practice index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["organisations"] = self.organisations_with_practice_counts()
        context["proposal_page"] = ProposalIndexPage.objects.child_of(self).live().first()
        return context

    def organisations_with_practice_counts(self):
        """Live organisations, each with `live_practice_count`, counted in one query."""
        organisations = list(
            OrganisationPage.objects.child_of(self).live().public().order_by("title")
        )
        parent_paths = Counter(
            practice_path[: -Page.steplen]
            for practice_path in PracticePage.objects.descendant_of(self)
            .live()
            .public()
            .values_list("path", flat=True)
        )
        for organisation in organisations:
            organisation.live_practice_count = parent_paths[organisation.path]
        return organisations

    def theme_url(self, theme):
        return self.url + self.reverse_subpage("theme", args=[theme.slug])

    @path("themes/<slug:slug>/", name="theme")
    def theme(self, request, slug):
        theme = get_object_or_404(Theme, slug=slug)
        practices = (
            PracticePage.objects.descendant_of(self)
            .live()
            .public()
            .filter(theme_items__tag=theme)
            .order_by("title")
        )
        return self.render(
            request,
            context_overrides={"theme": theme, "practices": practices},
            template="practices/theme_page.html",
        )


class OrganisationPage(Page):
    """A member organisation: its public profile lists its live practices."""

    country = CountryField(_("country"), blank=True)
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    partner_group = models.OneToOneField(
        Group,
        verbose_name=_("partner group"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="organisation",
        help_text=_("The group whose members write this organisation's practices."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("country"),
        FieldPanel("website"),
        FieldPanel("description"),
        FieldPanel("logo"),
    ]
    search_fields = Page.search_fields + [index.SearchField("description")]
    # The group belongs to the organisation, not to a page: copies (other locales) share it.
    exclude_fields_in_copy = ["partner_group"]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = ["practices.PracticePage"]

    class Meta:
        verbose_name = _("organisation")

    @property
    def name(self):
        return self.title

    def live_practices(self):
        return PracticePage.objects.child_of(self).live().public().order_by("-first_published_at")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["practices"] = self.live_practices()
        return context


class PracticeTheme(TaggedItemBase):
    tag = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="tagged_practices")
    content_object = ParentalKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="theme_items"
    )


class PracticeKeyword(TaggedItemBase):
    content_object = ParentalKey(
        "practices.PracticePage", on_delete=models.CASCADE, related_name="keyword_items"
    )


class PracticePage(Page):
    """A good practice: what was done, for whom, with what result, and how to transfer it."""

    summary = models.TextField(
        _("summary"),
        max_length=SUMMARY_MAX_LENGTH,
        help_text=_("Plain text, at most 400 characters: what the practice does and for whom."),
    )
    body = StreamField(PracticeBodyBlock(), verbose_name=_("description"), blank=True)
    outcomes = models.TextField(
        _("outcomes and evidence of success"),
        blank=True,
        help_text=_("Results with figures: people reached, qualifications gained, jobs found."),
    )
    resources = models.TextField(
        _("resources needed"), blank=True, help_text=_("Budget, staff, premises, partners.")
    )
    lessons_learned = models.TextField(_("difficulties met and lessons learned"), blank=True)
    transferability = models.TextField(
        _("potential for transfer"),
        blank=True,
        help_text=_("What another organisation would need to reproduce it."),
    )
    start_year = models.PositiveSmallIntegerField(_("start year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(
        _("end year"), null=True, blank=True, help_text=_("Leave empty while it is ongoing.")
    )
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contact name"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    contact_is_public = models.BooleanField(
        _("show the contact publicly"),
        default=False,
        help_text=_("Tick only with the contact person's consent."),
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    themes = ClusterTaggableManager(
        through=PracticeTheme, verbose_name=_("themes"), blank=True, related_name="practices"
    )
    keywords = ClusterTaggableManager(
        through=PracticeKeyword, verbose_name=_("keywords"), blank=True, related_name="+"
    )
    target_groups = ParentalManyToManyField(
        TargetGroup, verbose_name=_("target groups"), blank=True, related_name="practices"
    )
    pathway_stages = ParentalManyToManyField(
        PathwayStage, verbose_name=_("pathway stages"), blank=True, related_name="practices"
    )
    funding_programmes = ParentalManyToManyField(
        FundingProgramme,
        verbose_name=_("funding programmes"),
        blank=True,
        related_name="practices",
    )
    countries = CountryField(_("countries"), multiple=True, blank=True)
    original_language = models.CharField(
        _("language of the original text"),
        max_length=8,
        choices=ORIGINAL_LANGUAGE_CHOICES,
        default="en",
    )
    source_id = models.CharField(
        _("source identifier"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("The identifier this practice has in an imported file."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("outcomes"),
        FieldPanel("resources"),
        FieldPanel("lessons_learned"),
        FieldPanel("transferability"),
        InlinePanel("attachments", label=_("Attachments")),
    ]
    facts_panels = [
        FieldPanel("themes"),
        FieldPanel("target_groups", widget=forms.CheckboxSelectMultiple),
        FieldPanel("pathway_stages", widget=forms.CheckboxSelectMultiple),
        FieldPanel("funding_programmes", widget=forms.CheckboxSelectMultiple),
        FieldPanel("countries"),
        FieldPanel("original_language"),
        FieldRowPanel([FieldPanel("start_year"), FieldPanel("end_year")]),
        FieldPanel("keywords"),
        FieldPanel("website"),
        MultiFieldPanel(
            [
                FieldPanel("contact_name"),
                FieldPanel("contact_email"),
                FieldPanel("contact_is_public"),
            ],
            heading=_("Contact"),
        ),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading=_("Content")),
            ObjectList(facts_panels, heading=_("Facts")),
            ObjectList(Page.promote_panels, heading=_("Promote")),
            ObjectList(Page.settings_panels, heading=_("Settings")),
        ]
    )
    search_fields = Page.search_fields + [index.SearchField("summary")]
    # What wagtail-localize translates; everything else (facts, vocabularies, tags,
    # attachments, contact) is copied from the original unchanged.
    translatable_fields = [
        TranslatableField(name)
        for name in ["title", "seo_title", "search_description", "summary", "body", "outcomes",
                     "resources", "lessons_learned", "transferability"]
    ] + [
        SynchronizedField(name)
        for name in ["slug", "hero_image", "start_year", "end_year", "website", "contact_name",
                     "contact_email", "contact_is_public", "countries", "original_language",
                     "source_id", "theme_items", "keyword_items", "target_groups",
                     "pathway_stages", "funding_programmes", "attachments"]
    ]  # fmt: skip
    parent_page_types = ["practices.OrganisationPage", "practices.ProposalIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("practice")

    def clean(self):
        super().clean()
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("The end year cannot be before the start year.")})

    @property
    def organisation(self):
        """The organisation that owns this practice; None for a proposal not yet assigned."""
        parent = self.get_parent()
        return parent.specific if parent and parent.specific_class is OrganisationPage else None


class PracticeAttachment(Orderable):
    practice = ParentalKey(PracticePage, on_delete=models.CASCADE, related_name="attachments")
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("document"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    panels = [FieldPanel("document")]


class ProposalIndexPage(RoutablePageMixin, Page):
    """The public form through which anyone proposes a practice; proposals wait here as drafts."""

    intro = models.TextField(_("introduction"), blank=True)
    thank_you_text = models.TextField(_("thank-you text"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("thank_you_text")]
    parent_page_types = ["practices.PracticeIndexPage"]
    subpage_types = ["practices.PracticePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("proposal form")

    @path("")
    def proposal_form(self, request):
        # Imported here: practices.proposals builds on these models.
        from practices.proposals import proposal_form_view

        return proposal_form_view(request, self)

    @path("thanks/", name="thanks")
    def thanks(self, request):
        return self.render(request, template="practices/proposal_thanks.html")
