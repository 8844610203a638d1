from django.urls import path

from xiezuo.orgs import views

app_name = "orgs"
urlpatterns = [
    path("", views.OrganisationListView.as_view(), name="organisation_list"),
    path("export.xlsx", views.organisation_excel.export, name="organisation_export"),
    path("template.xlsx", views.organisation_excel.template, name="organisation_template"),
    path("import/", views.organisation_excel.import_, name="organisation_import"),
    path("<int:pk>/", views.OrganisationDetailView.as_view(), name="organisation_detail"),
]
