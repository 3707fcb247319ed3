"""Template tags for the public pages of practices: links into the search and its feeds,
related practices."""

from urllib.parse import urlencode

from django import template
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from practices import metadata, related

register = template.Library()


@register.simple_tag
def search_url(facet, value, **more_facets):
    """The search page in the active language, filtered by one facet value (or a few).

    Facet names are the search app's parameters: theme, country, target_group, pathway_stage,
    funding_programme, organisation, language, year_from, year_to.
    """
    return f"/{get_language()}/search/?{urlencode({facet: value, **more_facets})}"


@register.simple_tag
def feed_url(facet, value, kind="atom"):
    """The Atom (or, with kind "rss", RSS) feed of the practices with one facet value."""
    path = "feeds/practices/rss/" if kind == "rss" else "feeds/practices/"
    return f"/{get_language()}/{path}?{urlencode({facet: value})}"


@register.inclusion_tag("practices/includes/practice_head.html", takes_context=True)
def practice_head(context, practice):
    """Open Graph tags and schema.org JSON-LD for a practice page's head."""
    request = context["request"]
    image_url = None
    if practice.hero_image:
        image_url = practice.hero_image.get_rendition("width-1200").url
    return {
        "open_graph": metadata.open_graph(practice, request.build_absolute_uri, image_url),
        "json_ld": mark_safe(metadata.json_ld(  # noqa: S308 - escaped as json_script does
            metadata.structured_data(practice, request.build_absolute_uri))),
    }


@register.simple_tag
def related_practices(practice):
    return related.related_practices(practice)
