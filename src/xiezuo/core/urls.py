from django.urls import path

from xiezuo.core.views import HomeView, ImportBatchListView, ImportBatchRevertView

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("imports/", ImportBatchListView.as_view(), name="import_batches"),
    path("imports/<int:pk>/revert/", ImportBatchRevertView.as_view(), name="import_batch_revert"),
]
