from django.contrib.auth import views as auth_views
from django.urls import path

from xiezuo.accounts import views

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/done/", views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("users/", views.UserPasswordListView.as_view(), name="user_password_list"),
    path("users/<int:pk>/password/", views.UserPasswordResetView.as_view(),
         name="user_password_reset"),
    path("tokens/", views.ApiTokenListView.as_view(), name="api_token_list"),
    path("tokens/<int:pk>/created/", views.ApiTokenCreatedView.as_view(), name="api_token_created"),
    path("tokens/<int:pk>/revoke/", views.ApiTokenRevokeView.as_view(), name="api_token_revoke"),
]
