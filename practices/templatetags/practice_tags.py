"""Template tags for the public pages of practices: links into the search and its feeds,
related practices."""

from urllib.parse import urlencode

from django import template
from django.utils.translation import get_language

from practices import related

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


@register.simple_tag
def related_practices(practice):
    return related.related_practices(practice)
