"""The partner's "Add a practice" button: straight to Wagtail's editor for a new practice
under their organisation, in the locale tree of the language they write in."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from practices.permissions import partner_organisations
from practices.placement import organisation_page_in, practice_locale

from .writing import writing_language


def add_practice(request):
    language = request.GET.get("language") or writing_language(request)
    if language not in dict(settings.LANGUAGES):
        return HttpResponseBadRequest(_("Unknown language: %s.") % language[:20])
    organisations = partner_organisations(request.user)
    if "organisation" in request.GET:
        if not request.GET["organisation"].isdigit():
            return HttpResponseBadRequest(_("The organisation must be given by its number."))
        organisation = organisations.filter(pk=request.GET["organisation"]).first()
    else:
        organisation = organisations.first()
    if organisation is None:
        raise PermissionDenied
    parent = organisation_page_in(organisation, practice_locale(language))
    return redirect("wagtailadmin_pages:add", "practices", "practicepage", parent.pk)

