"""Notifications (issue 14): what a user is told in the app, how they want to be told
elsewhere (preferences), the group robots of an office (webhooks) and every outgoing
message with its attempts (deliveries). See docs/notifications.md."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xiezuo.notifications.events import Event

SECRET_SHOWN = 4  # characters of a stored secret shown back (its end)


class Notification(models.Model):
    """One in-app notification for one user."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("recipient"), on_delete=models.CASCADE,
        related_name="notifications",
    )
    event = models.CharField(_("kind"), max_length=24, choices=Event.choices)
    title = models.CharField(_("title"), max_length=255)
    body = models.TextField(_("details"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # What a scheduled scan notified about (e.g. "posting:12").
    key = models.CharField(_("subject"), max_length=64, blank=True, db_index=True)
    # When the daily digest e-mail listed it (each notification is listed once).
    digested_at = models.DateTimeField(_("in the digest of"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    @property
    def unread(self) -> bool:
        return self.read_at is None


class ScanMark(models.Model):
    """A scheduled scan told of this subject for this kind (once, whoever was told)."""

    event = models.CharField(_("kind"), max_length=24, choices=Event.choices)
    key = models.CharField(_("subject"), max_length=64)
    created_at = models.DateTimeField(_("time"), auto_now_add=True)

    class Meta:
        verbose_name = _("scan mark")
        verbose_name_plural = _("scan marks")
        constraints = [models.UniqueConstraint(fields=["event", "key"], name="scan_mark_once")]

    def __str__(self) -> str:
        return f"{self.event} · {self.key}"


class EmailChoice(models.TextChoices):
    OFF = "off", _("In the app only")
    INSTANT = "instant", _("E-mail at once")
    DIGEST = "digest", _("Daily digest only")


class Preference(models.Model):
    """How a user wants one kind of notification (in the app always; by e-mail at once,
    in the daily digest or not at all). No row: the kind's default (`preferences.DEFAULTS`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="notification_preferences",
    )
    event = models.CharField(_("kind"), max_length=24, choices=Event.choices)
    email = models.CharField(_("e-mail"), max_length=8, choices=EmailChoice.choices, default=EmailChoice.OFF)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="preference_once_per_kind")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_event_display()}: {self.get_email_display()}"


class Platform(models.TextChoices):
    WECOM = "wecom", _("WeChat Work group robot")
    DINGTALK = "dingtalk", _("DingTalk group robot")


class Webhook(models.Model):
    """A group robot of an office (a region's or an organisation's coordinators): the
    events of that office — and, with `include_below`, of the offices under it — are
    posted to the group."""

    name = models.CharField(_("name"), max_length=64)
    platform = models.CharField(_("platform"), max_length=10, choices=Platform.choices)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.CASCADE, related_name="+",
    )
    url = models.URLField(_("robot address"), max_length=500)
    secret = models.CharField(_("signing secret"), max_length=128, blank=True)
    events = models.JSONField(_("events"), default=list, blank=True)
    include_below = models.BooleanField(
        _("also events of the offices below"), default=True,
        help_text=_("For a city: the events of its counties and their organisations too."),
    )
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("group robot")
        verbose_name_plural = _("group robots")
        ordering = ["name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(region__isnull=False, organisation__isnull=True)
                | Q(region__isnull=True, organisation__isnull=False),
                name="webhook_one_office",
                violation_error_message=_("A group robot belongs to a region or to an organisation."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (self.region_id is None) == (self.organisation_id is None):
            raise ValidationError(_("A group robot belongs to a region or to an organisation."))
        if self.platform == Platform.DINGTALK and not self.secret:
            raise ValidationError({"secret": _("A DingTalk robot needs its signing secret (加签).")})

    @property
    def office(self) -> object:
        return self.region or self.organisation

    @property
    def masked_secret(self) -> str:
        if not self.secret:
            return ""
        return "••••" + self.secret[-SECRET_SHOWN:]


class Channel(models.TextChoices):
    EMAIL = "email", _("E-mail")
    WEBHOOK = "webhook", _("Group robot")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")


class Delivery(models.Model):
    """One outgoing message (an e-mail or a group robot post), sent by the worker with retries."""

    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    event = models.CharField(_("kind"), max_length=24, choices=Event.choices, blank=True,
                             help_text=_("Empty for a test message."))
    notification = models.ForeignKey(
        Notification, verbose_name=_("notification"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="deliveries",
    )
    webhook = models.ForeignKey(
        Webhook, verbose_name=_("group robot"), null=True, blank=True, on_delete=models.CASCADE,
        related_name="deliveries",
    )
    address = models.CharField(_("to"), max_length=254, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    text = models.TextField(_("text"), blank=True)
    status = models.CharField(
        _("status"), max_length=8, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.subject}"
