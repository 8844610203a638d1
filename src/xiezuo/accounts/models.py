"""Who a user is in the exchange: a role and the region subtree / organisation / person
they act for. Every list and detail goes through `xiezuo.core.scoping.scoped`, which
reads this."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
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
