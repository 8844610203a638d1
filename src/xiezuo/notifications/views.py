"""The notification centre (a user's own notifications, marked read one by one or all at
once), the preferences page and the group robots of a coordinator's offices. Every read
goes through `selectors` (which start from `scoped`); writes through `services`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext
from django.views import View
from django.views.generic import ListView

from xiezuo.core.forms import apply_errors
from xiezuo.notifications import preferences, services
from xiezuo.notifications.forms import PreferencesForm, WebhookForm
from xiezuo.notifications.models import EmailChoice, Notification, Webhook
from xiezuo.notifications.selectors import (
    may_manage_webhooks,
    own_notification,
    own_notifications,
    recent_deliveries,
    visible_webhooks,
    webhook_for_change,
)

if TYPE_CHECKING:
    _ListView = ListView[Notification]
else:
    _ListView = ListView

PAGE_SIZE = 30


def _user(request: HttpRequest) -> User:
    """The signed-in user (every view here requires one)."""
    user = request.user
    if not isinstance(user, User):
        raise Http404
    return user


class NotificationListView(LoginRequiredMixin, _ListView):
    """The user's notifications, newest first; `?show=unread` for the unread only."""

    template_name = "notifications/list.html"
    context_object_name = "notifications"
    paginate_by = PAGE_SIZE

    def unread_only(self) -> bool:
        return self.request.GET.get("show") == "unread"

    def get_queryset(self) -> Any:
        mine = own_notifications(self.request.user).select_related("actor")
        return mine.filter(read_at__isnull=True) if self.unread_only() else mine

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_context_data(unread_only=self.unread_only(), **kwargs)


def _back(request: HttpRequest) -> HttpResponse:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


class OpenView(LoginRequiredMixin, View):
    """Open a notification: mark it read and go to its record (POST)."""

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = own_notification(request.user, pk)
        services.mark_read(user=_user(request), notification_id=notification.pk)
        url = notification.url
        if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
            return redirect(url)
        return redirect("notifications:list")


class MarkReadView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        notification = own_notification(request.user, pk)
        services.mark_read(user=_user(request), notification_id=notification.pk)
        return _back(request)


class MarkAllReadView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest) -> HttpResponse:
        count = services.mark_all_read(user=_user(request))
        if count:
            messages.success(request, gettext("All notifications are marked read."))
        return _back(request)


class PreferencesView(LoginRequiredMixin, View):
    """Per kind: in the app only, e-mail at once, or the daily digest."""

    template_name = "notifications/preferences.html"

    def _render(self, request: HttpRequest, form: PreferencesForm) -> HttpResponse:
        user = _user(request)
        return render(request, self.template_name, {"form": form, "has_email": bool(user.email),
                                                    "email": user.email, "choices": EmailChoice})

    def get(self, request: HttpRequest) -> HttpResponse:
        current = preferences.choices_of(_user(request).pk)
        return self._render(request, PreferencesForm(current=current))

    def post(self, request: HttpRequest) -> HttpResponse:
        user = _user(request)
        form = PreferencesForm(request.POST, current=preferences.choices_of(user.pk))
        if not form.is_valid():
            return self._render(request, form)
        try:
            services.save_preferences(user=user, choices=form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
            return self._render(request, form)
        messages.success(request, gettext("Your notification settings are saved."))
        return redirect("notifications:preferences")


# ---- group robots ----------------------------------------------------------------------


class WebhookAccessMixin(LoginRequiredMixin):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if request.user.is_authenticated and not may_manage_webhooks(request.user):
            raise Http404
        return super().dispatch(request, *args, **kwargs)


class WebhookListView(WebhookAccessMixin, View):
    def get(self, request: HttpRequest) -> HttpResponse:
        return render(request, "notifications/webhook_list.html",
                      {"webhooks": visible_webhooks(request.user)})


class WebhookFormView(WebhookAccessMixin, View):
    """A new robot (no pk) or the change of one."""

    def _hook(self, request: HttpRequest, pk: int | None) -> Webhook | None:
        return webhook_for_change(request.user, pk) if pk is not None else None

    def _render(self, request: HttpRequest, form: WebhookForm, hook: Webhook | None) -> HttpResponse:
        deliveries = recent_deliveries(request.user, hook) if hook else []
        return render(request, "notifications/webhook_form.html",
                      {"form": form, "hook": hook, "deliveries": deliveries})

    def get(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        hook = self._hook(request, pk)
        return self._render(request, WebhookForm(user=request.user, instance=hook), hook)

    def post(self, request: HttpRequest, pk: int | None = None) -> HttpResponse:
        hook = self._hook(request, pk)
        form = WebhookForm(request.POST, user=request.user, instance=hook)
        if not form.is_valid():
            return self._render(request, form, hook)
        try:
            saved = services.save_webhook(actor=request.user, instance=hook, **form.to_fields(request.user))
        except ValidationError as exc:
            apply_errors(form, exc)
            return self._render(request, form, hook)
        messages.success(request, gettext("The group robot “%(name)s” is saved. Send a test message "
                                          "to check that it arrives.") % {"name": saved.name})
        return redirect("notifications:webhook_edit", saved.pk)


class WebhookTestView(WebhookAccessMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hook = webhook_for_change(request.user, pk)
        services.send_test(actor=request.user, webhook=hook)
        messages.success(request, gettext("The test message is queued and will be posted to the group "
                                          "within a minute; its outcome appears below."))
        return redirect("notifications:webhook_edit", hook.pk)


class WebhookDeleteView(WebhookAccessMixin, View):
    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        hook = webhook_for_change(request.user, pk)
        services.delete_webhook(actor=request.user, instance=hook)
        messages.success(request, gettext("The group robot “%(name)s” is deleted.") % {"name": hook.name})
        return redirect("notifications:webhook_list")
