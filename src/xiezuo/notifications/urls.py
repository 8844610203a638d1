from django.urls import path

from xiezuo.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.NotificationListView.as_view(), name="list"),
    path("<int:pk>/open/", views.OpenView.as_view(), name="open"),
    path("<int:pk>/read/", views.MarkReadView.as_view(), name="read"),
    path("read-all/", views.MarkAllReadView.as_view(), name="read_all"),
    path("settings/", views.PreferencesView.as_view(), name="preferences"),
    path("robots/", views.WebhookListView.as_view(), name="webhook_list"),
    path("robots/new/", views.WebhookFormView.as_view(), name="webhook_new"),
    path("robots/<int:pk>/", views.WebhookFormView.as_view(), name="webhook_edit"),
    path("robots/<int:pk>/test/", views.WebhookTestView.as_view(), name="webhook_test"),
    path("robots/<int:pk>/delete/", views.WebhookDeleteView.as_view(), name="webhook_delete"),
]
