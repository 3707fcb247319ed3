"""`{% page_head %}`: the canonical address of the page and its versions in the other site
languages (`<link rel="alternate" hreflang>`), in every page's head.

A Wagtail page's versions are its live, public translations; any other page of the site
(the search, the map, a theme's page) exists under every language prefix, so its versions
are the same path under each.
"""

from django import template
from django.conf import settings

register = template.Library()
SITE_LANGUAGES = [code for code, _name in settings.LANGUAGES]


@register.inclusion_tag("includes/page_head.html", takes_context=True)
def page_head(context):
    request = context.get("request")
    if request is None:
        return {}
    page = context.get("page")
    if page is not None and hasattr(page, "get_translations") and page.url == request.path:
        versions = {
            version.locale.language_code: request.build_absolute_uri(version.url)
            for version in page.get_translations(inclusive=True).live().public()
            .select_related("locale")
        }  # fmt: skip
    else:
        versions = prefixed_versions(request)
    return {
        "canonical": request.build_absolute_uri(request.path),
        "alternates": [(code, versions[code]) for code in SITE_LANGUAGES if code in versions],
    }


def prefixed_versions(request):
    language, _slash, rest = request.path.lstrip("/").partition("/")
    if language not in SITE_LANGUAGES:
        return {}
    return {code: request.build_absolute_uri(f"/{code}/{rest}") for code in SITE_LANGUAGES}
