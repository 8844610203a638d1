from django.contrib import admin
from django.http import JsonResponse
from django.urls import include, path, re_path
from django.views.decorators.csrf import csrf_exempt

from xiezuo.config import errors
from xiezuo.config.api import api
from xiezuo.core.views import HomeView

# Chinese error pages in the site's look; JSON under /api/ (xiezuo.config.errors).
handler403 = errors.permission_denied
handler404 = errors.page_not_found
handler500 = errors.server_error

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    # Anything else under /api/ (a malformed id, an unknown path) answers JSON, not HTML.
    re_path(r"^api/", csrf_exempt(lambda request, *a, **kw: JsonResponse({"detail": "Not found"}, status=404))),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/", include("xiezuo.accounts.urls")),
    path("regions/", include("xiezuo.regions.urls")),
    path("organisations/", include("xiezuo.orgs.urls")),
    path("people/", include("xiezuo.people.urls")),
    path("exchange/", include("xiezuo.exchange.urls")),
    path("needs/", include("xiezuo.needs.urls")),
    path("offers/", include("xiezuo.offers.urls")),
    path("reports/", include("xiezuo.reports.urls")),
    path("activities/", include("xiezuo.activities.urls")),
    path("cooperation/", include("xiezuo.cooperation.urls")),
    path("insights/", include("xiezuo.insights.urls")),
    path("notifications/", include("xiezuo.notifications.urls")),
    path("attachments/", include("xiezuo.attachments.urls")),
    path("documents/", include("xiezuo.documents.urls")),
    path("options/", include("xiezuo.core.picker_urls")),  # the pickers' suggestions (core.widgets)
    # The to-dos of the user's scope; the apps declare theirs in `<app>/todos.py`.
    path("", HomeView.as_view(), name="home"),
    path("", include("xiezuo.core.urls")),
]
