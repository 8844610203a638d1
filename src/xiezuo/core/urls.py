from django.urls import path

from xiezuo.core.views import (
    ImportBatchListView,
    ImportBatchRevertView,
    JobDetailView,
    JobDownloadView,
    JobListView,
    JobStatusView,
)

urlpatterns = [
    path("imports/", ImportBatchListView.as_view(), name="import_batches"),
    path("imports/<int:pk>/revert/", ImportBatchRevertView.as_view(), name="import_batch_revert"),
    path("jobs/", JobListView.as_view(), name="job_list"),
    path("jobs/<int:pk>/", JobDetailView.as_view(), name="job_detail"),
    path("jobs/<int:pk>/status/", JobStatusView.as_view(), name="job_status"),
    path("jobs/<int:pk>/download", JobDownloadView.as_view(), name="job_download"),
]
