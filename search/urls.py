"""Routes of search: the JSON API (outside the language prefix) and the search page (inside)."""

from django.urls import path

from search import views
from search.api import api

api_urlpatterns = [
    path("api/v1/", api.urls),
]

page_urlpatterns = [
    path("search/", views.search_page, name="search"),
]
