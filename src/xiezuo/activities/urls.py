from django.urls import path

from xiezuo.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("new/", views.ActivityCreateView.as_view(), name="activity_create"),
    path("export.xlsx", views.ActivityExportView.as_view(), name="activity_export"),
    path("template.xlsx", views.ActivityTemplateView.as_view(), name="activity_template"),
    path("import/", views.ActivityImportView.as_view(), name="activity_import"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("<int:pk>/edit/", views.ActivityEditView.as_view(), name="activity_edit"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/new/", views.EventCreateView.as_view(), name="event_create"),
    path("events/export.xlsx", views.EventExportView.as_view(), name="event_export"),
    path("events/template.xlsx", views.EventTemplateView.as_view(), name="event_template"),
    path("events/import/", views.EventImportView.as_view(), name="event_import"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventEditView.as_view(), name="event_edit"),
    path("trainings/", views.TrainingClassListView.as_view(), name="training_list"),
    path("trainings/new/", views.TrainingClassCreateView.as_view(), name="training_create"),
    path("trainings/export.xlsx", views.TrainingExportView.as_view(), name="training_export"),
    path("trainings/template.xlsx", views.TrainingTemplateView.as_view(), name="training_template"),
    path("trainings/import/", views.TrainingImportView.as_view(), name="training_import"),
    path("trainings/<int:pk>/", views.TrainingClassDetailView.as_view(), name="training_detail"),
    path("trainings/<int:pk>/edit/", views.TrainingClassEditView.as_view(), name="training_edit"),
    path("trainees/export.xlsx", views.TraineeExportView.as_view(), name="trainee_export"),
    path("trainees/template.xlsx", views.TraineeTemplateView.as_view(), name="trainee_template"),
    path("trainees/import/", views.TraineeImportView.as_view(), name="trainee_import"),
    path("options/organisations/", views.OrgOptionsView.as_view(), name="org_options"),
]
