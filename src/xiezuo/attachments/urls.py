from django.urls import path

from xiezuo.attachments import views

app_name = "attachments"
urlpatterns = [
    path("<slug:parent>/<int:pk>/upload/", views.UploadView.as_view(), name="upload"),
    path("<int:pk>/", views.DownloadView.as_view(), name="download"),
    path("<int:pk>/remove/", views.RemoveView.as_view(), name="remove"),
]
