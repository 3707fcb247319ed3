"""The feeds of the search a page shows: `{% search_feed_url params %}`, `… params "rss" %}`."""

from django import template

from search.feeds import feed_links

register = template.Library()


@register.simple_tag
def search_feed_url(params, kind="atom"):
    return feed_links(params)[kind]
