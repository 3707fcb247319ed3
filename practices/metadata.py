"""What a practice page tells search engines and link previews about itself: Open Graph
properties and a schema.org `CreativeWork` in JSON-LD, with its translations
(`workTranslation` on the original, `translationOfWork` on a translation).

The original is the version in the locale tree of the practice's language
(practices/placement.py); its other live, public versions are its translations.
"""

import json

from django.conf import settings
from django_countries import countries

from practices.placement import practice_locale

# What json_script escapes, so that the JSON cannot close its <script> element.
JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def public_versions(practice):
    """{language code: page} of the practice's live, public versions."""
    pages = practice.get_translations(inclusive=True).live().public().select_related("locale")
    return {page.locale.language_code: page for page in pages}


def original_language_code(practice):
    return practice_locale(practice.original_language).language_code


def work(page, absolute_url):
    return {"@type": "CreativeWork", "url": absolute_url(page.url),
            "name": page.title, "inLanguage": page.locale.language_code}


def structured_data(practice, absolute_url):
    """The schema.org description of `practice` (a live page), as a dict."""
    versions = public_versions(practice)
    organisation = practice.organisation
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "@id": absolute_url(practice.url),
        "url": absolute_url(practice.url),
        "name": practice.title,
        "description": practice.summary,
        "inLanguage": practice.locale.language_code,
        "about": [theme.label_in(practice.locale.language_code)
                  for theme in practice.themes.all()],
        "keywords": ", ".join(keyword.name for keyword in practice.keywords.all()),
        "spatialCoverage": [{"@type": "Country", "name": countries.name(code.code),
                             "identifier": code.code} for code in practice.countries],
    }
    # A preview of a practice not yet published has no dates.
    if practice.first_published_at:
        data["datePublished"] = practice.first_published_at.isoformat()
    if practice.last_published_at:
        data["dateModified"] = practice.last_published_at.isoformat()
    if organisation is not None:
        data["author"] = {"@type": "Organization", "name": organisation.title,
                          "url": absolute_url(organisation.url)}
    if practice.start_year:
        data["temporalCoverage"] = f"{practice.start_year}/{practice.end_year or '..'}"
    original = versions.get(original_language_code(practice))
    if original is None or original.pk == practice.pk:
        data["workTranslation"] = [work(page, absolute_url) for code, page in
                                   sorted(versions.items()) if page.pk != practice.pk]
    else:
        data["translationOfWork"] = work(original, absolute_url)
    return data


def json_ld(data):
    return json.dumps(data, ensure_ascii=False).translate(JSON_SCRIPT_ESCAPES)


def open_graph(practice, absolute_url, image_url=None):
    """[(property, content)] of the practice's Open Graph tags."""
    versions = public_versions(practice)
    properties = [
        ("og:type", "article"),
        ("og:site_name", settings.WAGTAIL_SITE_NAME),
        ("og:title", practice.seo_title or practice.title),
        ("og:description", practice.search_description or practice.summary),
        ("og:url", absolute_url(practice.url)),
        ("og:locale", practice.locale.language_code),
    ]
    properties += [("og:locale:alternate", code) for code in sorted(versions)
                   if code != practice.locale.language_code]
    if image_url:
        properties.append(("og:image", absolute_url(image_url)))
    return properties
