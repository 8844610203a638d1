from django.urls import path

from xiezuo.people import views

app_name = "people"
urlpatterns = [
    path("", views.PersonListView.as_view(), name="person_list"),
    path("new/", views.PersonFormView.as_view(), name="person_create"),
    path("options/specialties/", views.SpecialtyOptionsView.as_view(), name="specialty_options"),
    path("export.xlsx", views.person_excel.export, name="person_export"),
    path("template.xlsx", views.person_excel.template, name="person_template"),
    path("import/", views.person_excel.import_, name="person_import"),
    path("<int:pk>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("<int:pk>/edit/", views.PersonFormView.as_view(), name="person_edit"),
    path("<int:pk>/data.json", views.PersonDataExportView.as_view(), name="person_data_export"),
    path("<int:pk>/erase/", views.PersonEraseView.as_view(), name="person_erase"),
]
