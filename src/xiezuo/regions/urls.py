from django.urls import path

from xiezuo.regions import views

app_name = "regions"
urlpatterns = [
    path("", views.RegionListView.as_view(), name="region_list"),
    path("pairings/", views.PairingListView.as_view(), name="pairing_list"),
    path("pairings/<int:pk>/", views.PairingDetailView.as_view(), name="pairing_detail"),
    path("<str:code>/", views.RegionDetailView.as_view(), name="region_detail"),
]
