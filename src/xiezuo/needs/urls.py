from django.urls import path

from xiezuo.needs import views, views_rounds

app_name = "needs"
urlpatterns = [
    path("", views.NeedListView.as_view(), name="need_list"),
    path("new/", views.NeedFormView.as_view(), name="need_create"),
    path("export.xlsx", views.need_excel.export, name="need_export"),
    path("template.xlsx", views.need_excel.template, name="need_template"),
    path("import/", views.need_excel.import_, name="need_import"),
    path("<int:pk>/", views.NeedDetailView.as_view(), name="need_detail"),
    path("<int:pk>/edit/", views.NeedFormView.as_view(), name="need_edit"),
    path("<int:pk>/<slug:action>/", views.NeedActionView.as_view(), name="need_action"),
    path("teams/new/", views.TeamNeedCreateView.as_view(), name="team_need_create"),
    path("teams/<int:pk>/", views.TeamNeedDetailView.as_view(), name="team_need_detail"),
    path("rounds/", views_rounds.RoundListView.as_view(), name="round_list"),
    path("rounds/new/", views_rounds.RoundCreateView.as_view(), name="round_create"),
    path("rounds/<int:pk>/", views_rounds.RoundDetailView.as_view(), name="round_detail"),
    path("rounds/<int:pk>/status/", views_rounds.RoundStatusView.as_view(), name="round_status"),
    path("rounds/<int:pk>/people/<int:person>/", views_rounds.RoundCandidateView.as_view(),
         name="round_candidate"),
    path("rounds/<int:pk>/plan.xlsx", views_rounds.RoundExportView.as_view(), name="round_export"),
    path("rounds/<int:pk>/<slug:action>/", views_rounds.RoundActionView.as_view(),
         name="round_action"),
]
