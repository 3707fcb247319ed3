"""Routes of search: the JSON API (outside the language prefix) and the search page (inside)."""

from django.urls import path

from search import api, views

api_urlpatterns = [
    path("api/v1/search/", api.search_view, name="api_search"),
    path("api/v1/suggest/", api.suggest_view, name="api_suggest"),
    path("api/v1/schema/", api.schema_view, name="api_schema"),
]

page_urlpatterns = [
    path("search/", views.search_page, name="search"),
]
