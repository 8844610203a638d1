"""Who a user is in the exchange: a role and the region subtree / organisation / person
they act for. Every list and detail goes through `xiezuo.core.scoping.scoped`, which
reads this."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("System administrator")
    COORDINATOR = "coordinator", _("Coordinator (one side of a pairing)")
    ORG_USER = "org_user", _("Organisation user")
    SELF_SERVICE = "self_service", _("Person (self-service)")
    AUDITOR = "auditor", _("Auditor (read-only)")


class UserScope(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE,
        related_name="scope",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.COORDINATOR)
    region = models.ForeignKey(
        "regions.Region", verbose_name=_("region"), null=True, blank=True,
        on_delete=models.PROTECT, help_text=_("The user sees this region and everything under it."),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), null=True, blank=True,
        on_delete=models.PROTECT, help_text=_("The user sees this organisation and its units."),
    )
    person = models.OneToOneField(
        "people.Person", verbose_name=_("person"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="account",
        help_text=_("For self-service: the person this account belongs to."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("user scope")
        verbose_name_plural = _("user scopes")

    def __str__(self) -> str:
        parts = [str(p) for p in (self.region, self.organisation, self.person) if p]
        return f"{self.user} · {self.get_role_display()}: {' / '.join(parts) or '—'}"

    def clean(self) -> None:
        needs: dict[str, tuple[str, Promise]] = {
            Role.COORDINATOR: ("region", _("A coordinator is responsible for a region.")),
            Role.ORG_USER: ("organisation", _("An organisation user belongs to an organisation.")),
            Role.SELF_SERVICE: ("person", _("A self-service account belongs to a person.")),
        }
        if self.role in needs:
            field, message = needs[self.role]
            if getattr(self, f"{field}_id") is None:
                raise ValidationError({field: message})
        if self.role == Role.AUDITOR and not (self.region_id or self.organisation_id):
            raise ValidationError({"region": _("An auditor reads within a region or an organisation.")})


class TokenStatus(models.TextChoices):
    ACTIVE = "active", _("Active")
    EXPIRED = "expired", _("Expired")
    REVOKED = "revoked", _("Revoked")


class ApiToken(models.Model):
    """A personal API token: a machine acts as its owner on the JSON API (`Authorization:
    Bearer <token>`), seeing and changing exactly what the owner may. Only the SHA-256 of
    the token is stored; the token itself is shown once, when it is created. `prefix` (the
    first characters after ``xz_``) tells the owner's tokens apart and finds the stored
    digest, which is then compared in constant time (`xiezuo.accounts.tokens`)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("owner"), on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=100,
                            help_text=_("What the token is for, e.g. the system that uses it."))
    prefix = models.CharField(_("prefix"), max_length=16, db_index=True)
    digest = models.CharField(_("SHA-256 digest"), max_length=64, unique=True)
    created = models.DateTimeField(_("created on"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    last_used_ip = models.GenericIPAddressField(_("last used from"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("revoked by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ("-created", "-pk")

    def __str__(self) -> str:
        return f"{self.name} (xz_{self.prefix}…)"

    @property
    def status(self) -> TokenStatus:
        if self.revoked_at is not None:
            return TokenStatus.REVOKED
        if self.expires_at is not None and self.expires_at <= timezone.now():
            return TokenStatus.EXPIRED
        return TokenStatus.ACTIVE

    def get_status_display(self) -> str:
        return str(self.status.label)


class ApiTokenUse(models.Model):
    """One request answered with a token (the usage log; the token keeps the last one)."""

    token = models.ForeignKey(ApiToken, verbose_name=_("API token"), on_delete=models.CASCADE,
                              related_name="uses")
    at = models.DateTimeField(_("time"), auto_now_add=True)
    ip = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=300)

    class Meta:
        verbose_name = _("API token use")
        verbose_name_plural = _("API token uses")
        ordering = ("-at", "-pk")
        indexes = [models.Index(fields=["token", "-at"])]

    def __str__(self) -> str:
        return f"{self.method} {self.path}"
