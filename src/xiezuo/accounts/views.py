"""Password pages: every signed-in user changes their own password (Django's
PasswordChangeView with our templates); administrators set a new password for another
user (a simple form view over `xiezuo.accounts.services`, not the back office, which
administrators without staff status cannot open).

API token pages: a user lists, creates and revokes their own personal API tokens; a new
token is shown once, on the page the creation leads to (it travels there in the session
and is taken out of it when shown; only its digest is stored)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import SetPasswordForm
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext
from django.views import View
from django.views.generic import FormView, TemplateView

from xiezuo.accounts.forms import ApiTokenForm
from xiezuo.accounts.selectors import own_token, own_tokens
from xiezuo.accounts.services import (
    MAX_ACTIVE_TOKENS,
    create_token,
    may_hold_tokens,
    reset_password,
    resettable_user,
    resettable_users,
    revoke_token,
)
from xiezuo.core.forms import apply_errors

# The session key under which a new token waits for the one page that shows it.
SHOWN_ONCE = "xiezuo_new_api_token"


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


class ApiTokenListView(LoginRequiredMixin, FormView):
    """The user's API tokens and the form of a new one."""

    template_name = "accounts/token_list.html"
    form_class = ApiTokenForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tokens"] = own_tokens(self.request.user)
        context["may_create"] = may_hold_tokens(self.request.user)
        context["max_tokens"] = MAX_ACTIVE_TOKENS
        return context

    def form_valid(self, form: ApiTokenForm) -> HttpResponse:
        try:
            token, plain = create_token(actor=self.request.user, **form.to_fields(self.request.user))
        except ValidationError as exc:
            apply_errors(form, exc)
            return self.form_invalid(form)
        self.request.session[SHOWN_ONCE] = {"id": token.pk, "token": plain}
        return redirect("api_token_created", token.pk)


class ApiTokenCreatedView(LoginRequiredMixin, View):
    """The new token, shown this once; afterwards the page sends the user to the list."""

    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = own_token(request.user, pk)
        waiting = request.session.get(SHOWN_ONCE) or {}
        if waiting.get("id") != token.pk:
            messages.info(request, gettext(
                "A token is shown only once, right after it is created. If it was not copied, "
                "revoke it and create a new one."))
            return redirect("api_token_list")
        del request.session[SHOWN_ONCE]
        response = render(request, "accounts/token_created.html",
                          {"token": token, "plain": waiting["token"]})
        response["Cache-Control"] = "no-store"
        return response


class ApiTokenRevokeView(LoginRequiredMixin, View):
    """Revoke one of the user's tokens (POST; the page asks first)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        token = revoke_token(actor=request.user, token_id=pk)
        messages.success(request, gettext(
            "The token “%(name)s” has been revoked: requests that send it are refused from now on.")
            % {"name": token.name})
        return redirect("api_token_list")
