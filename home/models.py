"""The home page: the network's introduction, the latest practices and the themes."""

from django.db import models
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page

from practices.models import PracticeIndexPage, PracticePage, ProposalIndexPage, Theme

LATEST_PRACTICES_SHOWN = 6


class HomePage(Page):
    intro = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["practices.PracticeIndexPage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Within this home's tree: each locale has its own copy of the site.
        live = PracticePage.objects.descendant_of(self).live().public()
        context["latest_practices"] = live.order_by("-first_published_at")[:LATEST_PRACTICES_SHOWN]
        context["themes"] = Theme.objects.annotate(
            live_practice_count=Count(
                "tagged_practices",
                filter=Q(tagged_practices__content_object__in=live.values("pk")),
            )
        ).order_by("sort_order", "name")
        context["practice_index"] = PracticeIndexPage.objects.child_of(self).live().first()
        context["proposal_page"] = (
            ProposalIndexPage.objects.descendant_of(self).live().first()
        )
        return context
