from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from alerts.urls import page_urlpatterns as alert_urlpatterns
from kb import health
from kb.robots import robots_txt
from kb.sitemaps import PageSitemap
from practices.admin_privacy import ChooserBrowseView, ChosenPagesView
from search.urls import api_urlpatterns, page_urlpatterns

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("healthz/live", health.live, name="healthz_live"),
    path("healthz/ready", health.ready, name="healthz_ready"),
    # Before the admin's own, which they replace: Wagtail's ask no hook which pages to show.
    path("admin/choose-page/<int:parent_page_id>/",
         require_admin_access(ChooserBrowseView.as_view())),
    path("admin/choose-page/chosen-multiple/", require_admin_access(ChosenPagesView.as_view())),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("sitemap.xml", sitemap, {"sitemaps": {"pages": PageSitemap}}, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("i18n/", include("django.conf.urls.i18n")),
    *api_urlpatterns,
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += i18n_patterns(
    *page_urlpatterns,
    *alert_urlpatterns,
    path("", include(wagtail_urls)),
)
