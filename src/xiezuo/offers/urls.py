from django.urls import path

from xiezuo.offers import views

app_name = "offers"
urlpatterns = [
    path("", views.OfferListView.as_view(), name="offer_list"),
    path("new/", views.OfferFormView.as_view(), name="offer_create"),
    path("export.xlsx", views.offer_excel.export, name="offer_export"),
    path("template.xlsx", views.offer_excel.template, name="offer_template"),
    path("import/", views.offer_excel.import_, name="offer_import"),
    path("places/", views.PlacementListView.as_view(), name="placement_list"),
    path("places/<int:pk>/", views.PlacementDetailView.as_view(), name="placement_detail"),
    path("<int:pk>/", views.OfferDetailView.as_view(), name="offer_detail"),
    path("<int:pk>/edit/", views.OfferFormView.as_view(), name="offer_edit"),
    path("<int:pk>/<slug:action>/", views.OfferActionView.as_view(), name="offer_action"),
]
