"""Admin wiring for practices: partner groups for new organisations, vocabulary snippets.

Who may edit the vocabularies is decided by Django model permissions, which only the
"Secretariat" group holds (see migration 0003); partners do not see the menu at all.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices.forms import LabelledTermForm, label_field_name, other_language_codes
from practices.models import FundingProgramme, OrganisationPage, PathwayStage, TargetGroup, Theme
from practices.permissions import provision_partner_group


@hooks.register("after_create_page")
def provision_partner_group_for_new_organisation(request, page):
    if isinstance(page.specific, OrganisationPage):
        provision_partner_group(page.specific)


def vocabulary_edit_handler(default_label_field):
    return ObjectList(
        [
            FieldPanel(default_label_field),
            *[FieldPanel(label_field_name(code)) for code in other_language_codes()],
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("sort_order"),
        ],
        base_form_class=LabelledTermForm,
    )


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug", "sort_order"]
    search_fields = ["name"]
    edit_handler = vocabulary_edit_handler("name")


class VocabularyTermViewSet(SnippetViewSet):
    """Target groups, pathway stages and funding programmes share one shape."""

    list_display = ["label", "slug", "sort_order"]
    search_fields = ["label"]
    edit_handler = vocabulary_edit_handler("label")


class TargetGroupViewSet(VocabularyTermViewSet):
    model = TargetGroup
    icon = "group"


class PathwayStageViewSet(VocabularyTermViewSet):
    model = PathwayStage
    icon = "list-ol"


class FundingProgrammeViewSet(VocabularyTermViewSet):
    model = FundingProgramme
    icon = "clipboard-list"


class VocabularyViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Vocabularies")
    menu_icon = "list-ul"
    menu_name = "vocabularies"
    items = (ThemeViewSet, TargetGroupViewSet, PathwayStageViewSet, FundingProgrammeViewSet)


register_snippet(VocabularyViewSetGroup)
