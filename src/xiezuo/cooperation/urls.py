from django.urls import path

from xiezuo.cooperation import views

app_name = "cooperation"

RECORDS = {
    # kind: (URL segment, list, detail, form)
    "agreement": ("agreements", views.AgreementListView, views.AgreementDetailView,
                  views.AgreementFormView),
    "project": ("projects", views.ProjectListView, views.ProjectDetailView, views.ProjectFormView),
    "labour": ("labour", views.LabourListView, views.LabourDetailView, views.LabourFormView),
    "consumption": ("consumption", views.ConsumptionListView, views.ConsumptionDetailView,
                    views.ConsumptionFormView),
}
EXCEL_SEGMENTS = {"agreement": "agreements", "agreement_target": "agreements/targets",
                  "project": "projects", "labour": "labour", "consumption": "consumption"}

urlpatterns = []
for kind, (segment, list_view, detail_view, form_view) in RECORDS.items():
    urlpatterns += [
        path(f"{segment}/", list_view.as_view(), name=f"{kind}_list"),
        path(f"{segment}/new/", form_view.as_view(), name=f"{kind}_create"),
        path(f"{segment}/<int:pk>/", detail_view.as_view(), name=f"{kind}_detail"),
        path(f"{segment}/<int:pk>/edit/", form_view.as_view(), name=f"{kind}_edit"),
        path(f"{segment}/<int:pk>/delete/", views.DELETE_VIEWS[kind].as_view(),
             name=f"{kind}_delete"),
    ]
for kind, segment in EXCEL_SEGMENTS.items():
    export, template, importer = views.EXCEL[kind]
    urlpatterns += [
        path(f"{segment}/export.xlsx", export, name=f"{kind}_export"),
        path(f"{segment}/template.xlsx", template, name=f"{kind}_template"),
        path(f"{segment}/import/", importer, name=f"{kind}_import"),
    ]
