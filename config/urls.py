from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from core.public_cache.views import csrf_token

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("accounts/2fa/", include("core.security.urls")),
    path("accounts/", include("orgs.urls.accounts")),
    path("portal/", include("config.portal_urls")),
    path("incubation/", include("orgs.urls.incubation_public")),
    path("evaluations/", include("reports.urls.public")),
    path("publicity/", include("review.urls.public")),
    path("needs/", include("needs.urls.public")),
    path("projects/", include("projects.urls.public")),
    path("search/", include("cms.urls")),
    path("regions/", include("core.regions.urls")),
    path("verify/", include("core.signing.urls")),
    path("open-data/", include("opendata.urls")),
    path("api/v1/", include("opendata.api.urls")),
    path("sitemap.xml", sitemap),
    path("csrf-token/", csrf_token, name="csrf_token"),
]

if settings.DEBUG:
    from django.urls import re_path
    from django.views.static import serve

    # Documents (and the multiple uploader's pending files) only through Wagtail's serve view,
    # which sends them as downloads with nosniff (cms/document_serving.py), as in production.
    urlpatterns.append(
        re_path(
            rf"^{settings.MEDIA_URL.lstrip('/')}(?!documents/|uploaded_files/)(?P<path>.*)$",
            serve,
            {"document_root": settings.MEDIA_ROOT},
        )
    )

# Wagtail's page tree serves everything else; keep it last.
urlpatterns.append(path("", include(wagtail_urls)))
