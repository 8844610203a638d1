from django.urls import path

from xiezuo.activities import views

app_name = "activities"
urlpatterns = [
    path("", views.ActivityListView.as_view(), name="activity_list"),
    path("new/", views.ActivityFormView.as_view(), name="activity_create"),
    path("export.xlsx", views.activity_excel.export, name="activity_export"),
    path("template.xlsx", views.activity_excel.template, name="activity_template"),
    path("import/", views.activity_excel.import_, name="activity_import"),
    path("<int:pk>/", views.ActivityDetailView.as_view(), name="activity_detail"),
    path("<int:pk>/edit/", views.ActivityFormView.as_view(), name="activity_edit"),
    path("<int:pk>/delete/", views.ActivityDeleteView.as_view(), name="activity_delete"),
    path("events/", views.EventListView.as_view(), name="event_list"),
    path("events/new/", views.EventFormView.as_view(), name="event_create"),
    path("events/export.xlsx", views.event_excel.export, name="event_export"),
    path("events/template.xlsx", views.event_excel.template, name="event_template"),
    path("events/import/", views.event_excel.import_, name="event_import"),
    path("events/<int:pk>/", views.EventDetailView.as_view(), name="event_detail"),
    path("events/<int:pk>/edit/", views.EventFormView.as_view(), name="event_edit"),
    path("events/<int:pk>/delete/", views.EventDeleteView.as_view(), name="event_delete"),
    path("trainings/", views.TrainingClassListView.as_view(), name="training_list"),
    path("trainings/new/", views.TrainingClassFormView.as_view(), name="training_create"),
    path("trainings/export.xlsx", views.training_excel.export, name="training_export"),
    path("trainings/template.xlsx", views.training_excel.template, name="training_template"),
    path("trainings/import/", views.training_excel.import_, name="training_import"),
    path("trainings/<int:pk>/", views.TrainingClassDetailView.as_view(), name="training_detail"),
    path("trainings/<int:pk>/edit/", views.TrainingClassFormView.as_view(), name="training_edit"),
    path("trainings/<int:pk>/trainees/", views.TraineeAddView.as_view(), name="trainee_add"),
    path("trainees/<int:pk>/edit/", views.TraineeFormView.as_view(), name="trainee_edit"),
    path("trainees/<int:pk>/remove/", views.TraineeDeleteView.as_view(), name="trainee_remove"),
    path("trainees/export.xlsx", views.trainee_excel.export, name="trainee_export"),
    path("trainees/template.xlsx", views.trainee_excel.template, name="trainee_template"),
    path("trainees/import/", views.trainee_excel.import_, name="trainee_import"),
]
