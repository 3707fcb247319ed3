"""Routes of search: the JSON API (outside the language prefix), the search page, the map
and the feeds (inside)."""

from django.urls import path

from search import feeds, map_page, views
from search.api import api

api_urlpatterns = [
    path("api/v1/", api.urls),
]

page_urlpatterns = [
    path("search/", views.search_page, name="search"),
    path("map/", map_page.map_page, name="practice_map"),
    path("feeds/practices/", feeds.PracticeFeed(), name="practice_feed"),
    path("feeds/practices/rss/", feeds.PracticeRssFeed(), name="practice_feed_rss"),
]
