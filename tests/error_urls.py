"""The site's URLs and one page that fails, for the tests of the error pages."""

from django.conf.urls.i18n import i18n_patterns
from django.urls import path

from kb.urls import urlpatterns as site_urlpatterns


def failing_page(request):
    raise RuntimeError("a bug, as any page might have")


urlpatterns = i18n_patterns(path("failing-page/", failing_page)) + site_urlpatterns
