from django.urls import path

from xiezuo.documents import views

app_name = "documents"
urlpatterns = [
    path("postings/<int:pk>/notice.docx", views.PostingNoticeView.as_view(), name="posting_notice"),
    path("templates/", views.TemplateListView.as_view(), name="templates"),
    path("templates/<int:pk>.docx", views.TemplateDownloadView.as_view(), name="template_download"),
    path("templates/<int:pk>/retire/", views.TemplateRetireView.as_view(), name="template_retire"),
    path("templates/default/<slug:kind>.docx", views.DefaultTemplateView.as_view(), name="default_template"),
]
