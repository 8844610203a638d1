from django.contrib import admin
from django.urls import include, path

from xiezuo.core.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("xiezuo.accounts.urls")),
    path("regions/", include("xiezuo.regions.urls")),
    path("organisations/", include("xiezuo.orgs.urls")),
    path("people/", include("xiezuo.people.urls")),
    path("exchange/", include("xiezuo.exchange.urls")),
    path("", include("xiezuo.core.urls")),
]
