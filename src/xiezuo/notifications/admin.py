"""Back office: notifications, deliveries (attempts and last error; retry) and group
robots (the secret is never shown back in full)."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from xiezuo.notifications import services, tasks
from xiezuo.notifications.forms import WEBHOOK_EVENTS
from xiezuo.notifications.models import Delivery, DeliveryStatus, Notification, Preference, Webhook


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("created_at", "recipient", "event", "title", "read_at")
    list_filter = ("event", "created_at", "read_at")
    search_fields = ("title", "recipient__username", "key")
    list_select_related = ("recipient",)
    readonly_fields = ("recipient", "event", "title", "body", "url", "actor", "created_at", "read_at", "key")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "event", "email")
    list_filter = ("event", "email")
    search_fields = ("user__username",)


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "channel", "subject", "address", "webhook", "status", "attempts",
                    "next_attempt_at", "sent_at")
    list_filter = ("status", "channel", "event", "created_at")
    search_fields = ("subject", "address", "webhook__name", "last_error")
    list_select_related = ("webhook",)
    readonly_fields = ("channel", "event", "notification", "webhook", "address", "subject", "text", "status",
                       "attempts", "last_error", "created_at", "sent_at", "next_attempt_at")
    actions = ("retry",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=_("Send the selected failed deliveries again"))
    def retry(self, request: HttpRequest, queryset: QuerySet[Delivery]) -> None:
        ids = list(queryset.filter(status=DeliveryStatus.FAILED).values_list("pk", flat=True))
        Delivery.objects.filter(pk__in=ids).update(status=DeliveryStatus.PENDING, attempts=0, next_attempt_at=None)
        tasks.enqueue(ids)
        self.message_user(request, gettext("Deliveries queued again: %(n)d.") % {"n": len(ids)}, messages.SUCCESS)


class WebhookAdminForm(forms.ModelForm):
    url = forms.URLField(label=_("robot address"), max_length=500, assume_scheme="https")
    secret = forms.CharField(label=_("signing secret"), required=False, max_length=128,
                             widget=forms.PasswordInput(render_value=False),
                             help_text=_("DingTalk 加签 (SEC…). Leave empty to keep the stored secret."))
    events = forms.MultipleChoiceField(label=_("events"), choices=WEBHOOK_EVENTS, required=False,
                                       widget=forms.CheckboxSelectMultiple,
                                       help_text=_("None ticked: every kind."))

    class Meta:
        model = Webhook
        fields = ("name", "platform", "region", "organisation", "url", "secret", "events", "include_below",
                  "active")

    def clean_secret(self) -> str:
        given = (self.cleaned_data.get("secret") or "").strip()
        return given or (self.instance.secret if self.instance.pk else "")


@admin.register(Webhook)
class WebhookAdmin(admin.ModelAdmin):
    form = WebhookAdminForm
    list_display = ("name", "platform", "region", "organisation", "include_below", "active", "shown_secret")
    list_filter = ("platform", "active")
    search_fields = ("name", "region__name", "organisation__name")
    autocomplete_fields = ("region", "organisation")
    actions = ("send_test",)

    @admin.display(description=_("signing secret"))
    def shown_secret(self, hook: Webhook) -> str:
        return hook.masked_secret

    @admin.action(description=_("Send a test message"))
    def send_test(self, request: HttpRequest, queryset: QuerySet[Webhook]) -> None:
        for hook in queryset:
            services.send_test(actor=request.user, webhook=hook)
        self.message_user(request, gettext("Test messages queued: %(n)d.") % {"n": queryset.count()},
                          messages.SUCCESS)
