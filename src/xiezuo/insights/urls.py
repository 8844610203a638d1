from django.urls import path

from xiezuo.insights import views

app_name = "insights"
urlpatterns = [
    path("", views.DashboardView.as_view(), name="dashboard"),
    path("map/", views.MapView.as_view(), name="map"),
    path("records/", views.RecordsView.as_view(), name="records"),
    path("coverage/", views.CoverageView.as_view(), name="coverage"),
    path("report/", views.AnnualReportView.as_view(), name="report"),
    path("report.docx", views.AnnualReportDownload.as_view(fmt="docx"), name="report_docx"),
    path("report.xlsx", views.AnnualReportDownload.as_view(fmt="xlsx"), name="report_xlsx"),
]
