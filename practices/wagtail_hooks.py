"""Admin wiring for practices: partner groups for new organisations, vocabulary snippets,
what partners see of other organisations (practices/admin_privacy.py), and a submit that
waits for the autosave creating the page.

Who may edit the vocabularies is decided by Django model permissions, which only the
"Secretariat" group holds (see migration 0003); partners do not see the menu at all.
"""

from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from practices.admin_privacy import (
    ChoosableDocumentsAPIViewSet,
    ChoosableImagesAPIViewSet,
    require_visible_page,
    visible_pages,
)
from practices.forms import LabelledTermForm, label_field_name, other_language_codes
from practices.models import FundingProgramme, OrganisationPage, PathwayStage, TargetGroup, Theme
from practices.permissions import provision_partner_group


@hooks.register("after_create_page")
def provision_partner_group_for_new_organisation(request, page):
    if isinstance(page.specific, OrganisationPage):
        provision_partner_group(page.specific)


@hooks.register("insert_editor_js")
def submit_after_autosave():
    """A submit pressed during the autosave that creates a page waits for it (see the script)."""
    script = static("practices/submit_after_autosave.js")
    # Deferred: the editor's scripts are in the head, before the form they work on.
    return format_html('<script src="{}" defer></script>', script)


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


@hooks.register("construct_page_chooser_queryset")
def only_visible_pages_to_choose(pages, request):
    return visible_pages(pages, request.user)


@hooks.register("construct_explorer_page_queryset")
def only_visible_pages_to_explore(parent_page, pages, request):
    """Also refuses the explorer opened on a page the user may not see (by its id)."""
    require_visible_page(parent_page, request.user)
    return visible_pages(pages, request.user)


# After Wagtail's own registrations (order 0), which these replace.
@hooks.register("construct_admin_api", order=1)
def only_choosable_documents_and_images(router):
    router.register_endpoint("documents", ChoosableDocumentsAPIViewSet)
    router.register_endpoint("images", ChoosableImagesAPIViewSet)
