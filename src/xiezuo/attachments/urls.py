from django.urls import URLPattern

app_name = "attachments"
urlpatterns: list[URLPattern] = []
