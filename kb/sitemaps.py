"""The sitemap of every locale tree: each live, public page once per language it is in, with
`xhtml:link rel="alternate" hreflang` to its other versions (Django's i18n sitemap, each
language's location being that language's page rather than one URL under a prefix)."""

from collections import defaultdict

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.utils.translation import get_language
from wagtail.models import Page

SITE_LANGUAGES = [code for code, _name in settings.LANGUAGES]


def public_page_versions():
    """{translation key: {language code: page}} of every live, public page but the root."""
    versions = defaultdict(dict)
    pages = Page.objects.live().public().filter(depth__gt=1).select_related("locale")
    for page in pages.order_by("path"):
        versions[page.translation_key][page.locale.language_code] = page
    return list(versions.values())


class PageSitemap(Sitemap):
    i18n = True
    alternates = True

    def items(self):
        return public_page_versions()

    def get_languages_for_item(self, item):
        return [code for code in SITE_LANGUAGES if code in item]

    def location(self, item):
        return item[get_language()].url

    def lastmod(self, item):
        return max(page.last_published_at for page in item.values())
