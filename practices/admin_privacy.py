"""Other organisations' drafts and private files stay out of a partner's admin.

Wagtail lets a partner reach any page of the tree where it can link to one: the page chooser
(browse, search, "chosen") and the explorer opened on a page's id list drafts as well as live
pages, and the admin API lists every document and image. Here a partner sees of the tree
what they may explore (their organisation's pages and the pages above them) and live pages;
of documents and images, those they may choose (their organisation's collection). Editors
and superusers hold permissions on the whole tree and every collection, so see everything.

The rules reach Wagtail through its hooks (`practices/wagtail_hooks.py`), except where the
chooser asks no hook (the page it browses into, its "chosen" step): `ChooserBrowseView` and
`ChosenPagesView` replace those two views (`kb/urls.py`).
"""

from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView
from wagtail.documents import get_document_model
from wagtail.documents.api.admin.views import DocumentsAdminAPIViewSet
from wagtail.images import get_image_model
from wagtail.images.api.admin.views import ImagesAdminAPIViewSet
from wagtail.models import Page
from wagtail.permission_policies.pages import PagePermissionPolicy


def visible_pages(pages, user):
    """The pages of `pages` that `user` may see in the admin: live, or theirs to explore."""
    if user.is_superuser:
        return pages
    explorable = PagePermissionPolicy().explorable_instances(user)
    return pages.filter(Q(live=True) | Q(pk__in=explorable.values("pk")))


def require_visible_page(page, user):
    """Answer 404, as for a page that does not exist, when `user` may not see `page`."""
    if not visible_pages(Page.objects.filter(pk=page.pk), user).exists():
        raise Http404


class ChooserBrowseView(BrowseView):
    """The page chooser opened on a page: 404 for a page the user may not see."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is not None:
            require_visible_page(get_object_or_404(Page, pk=parent_page_id), request.user)
        return super().get(request, parent_page_id)


class ChosenPagesView(ChosenMultipleView):
    """The page chooser's "chosen" step, for the pages the user may see only."""

    def get(self, request):
        request.GET = request.GET.copy()
        visible = visible_pages(Page.objects.filter(pk__in=ids(request.GET)), request.user)
        request.GET.setlist("id", [str(pk) for pk in visible.values_list("pk", flat=True)])
        return super().get(request)


def ids(query):
    return [int(value) for value in query.getlist("id") if value.isascii() and value.isdigit()]


def choosable(queryset, model, user):
    """The documents or images of `queryset` in the collections `user` may choose from."""
    from wagtail.permissions import policy_registry  # it reads the models: once apps are ready

    policy = policy_registry.get_by_type(model)
    return queryset.filter(
        pk__in=policy.instances_user_has_any_permission_for(user, ["choose"]).values("pk")
    )


class ChoosableDocumentsAPIViewSet(DocumentsAdminAPIViewSet):
    def get_queryset(self):
        return choosable(super().get_queryset(), get_document_model(), self.request.user)


class ChoosableImagesAPIViewSet(ImagesAdminAPIViewSet):
    def get_queryset(self):
        return choosable(super().get_queryset(), get_image_model(), self.request.user)
