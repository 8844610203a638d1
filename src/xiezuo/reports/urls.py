from django.urls import path

from xiezuo.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.DocumentListView.as_view(), name="document_list"),
    path("upload/", views.UploadView.as_view(), name="upload"),
    path("<int:pk>/", views.DocumentDetailView.as_view(), name="document_detail"),
    path("<int:pk>/status/", views.DocumentStatusView.as_view(), name="document_status"),
    path("<int:pk>/period/", views.PeriodView.as_view(), name="document_period"),
    path("<int:pk>/file/", views.DocumentFileView.as_view(), name="document_file"),
    path("facts/", views.FactQueueView.as_view(), name="fact_queue"),
    path("facts/accept-shown/", views.AcceptShownView.as_view(), name="accept_shown"),
    path("facts/<int:pk>/<str:action>/", views.FactReviewView.as_view(), name="fact_review"),
    path("records/", views.FactRecordListView.as_view(), name="record_list"),
]
