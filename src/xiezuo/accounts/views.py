"""Password pages: every signed-in user changes their own password (Django's
PasswordChangeView with our templates); administrators set a new password for another
user (a simple form view over `xiezuo.accounts.services`, not the back office, which
administrators without staff status cannot open)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.views.generic import FormView, TemplateView

from xiezuo.accounts.services import reset_password, resettable_user, resettable_users


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class UserPasswordListView(LoginRequiredMixin, TemplateView):
    """The users whose password the administrator may reset."""

    template_name = "accounts/user_password_list.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["users"] = resettable_users(self.request.user)
        return context


class UserPasswordResetView(LoginRequiredMixin, FormView):
    """Set a new password for one user (administrators only)."""

    template_name = "accounts/user_password_reset.html"
    form_class = SetPasswordForm
    target: User

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated:
            self.target = resettable_user(request.user, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.target}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "target": self.target}

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        try:
            reset_password(actor=self.request.user, user_id=self.target.pk,
                           password=form.cleaned_data["new_password1"])
        except ValidationError as exc:
            form.add_error("new_password1", exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            gettext("The password of %(user)s has been reset. Tell them the new password "
                    "in person and ask them to change it after signing in.")
            % {"user": self.target.get_username()},
        )
        return redirect("user_password_list")
