"""The language a person writes in: the admin language they chose (their Wagtail profile),
else the language the admin is shown in, when it is a site language; else the default."""

from django.conf import settings
from django.utils.translation import get_language

from practices.placement import practice_locale


def writing_language(request):
    profile = getattr(request.user, "wagtail_userprofile", None)
    chosen = profile.preferred_language if profile else ""
    site_languages = dict(settings.LANGUAGES)
    for code in (chosen, (get_language() or "").split("-")[0]):
        if code in site_languages:
            return code
    return settings.LANGUAGE_CODE


def organisation_in_writing_locale(request, organisation):
    """`organisation`'s page in the locale the person writes in (itself if not copied yet)."""
    locale = practice_locale(writing_language(request))
    return (organisation.get_translation_or_none(locale) or organisation).specific
