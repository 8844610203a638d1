from django.urls import path

from xiezuo.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("export.xlsx", views.OrganisationExportView.as_view(), name="organisation_export"),
    path("template.xlsx", views.OrganisationTemplateView.as_view(), name="organisation_template"),
    path("import/", views.OrganisationImportView.as_view(), name="organisation_import"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
]
