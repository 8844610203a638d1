"""Who a user is in the exchange: the region subtree and organisation they act for.

Every list and detail goes through `xiezuo.core.scoping.scoped`, which reads this.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class UserScope(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="scope",
    )
    region = models.ForeignKey(
        "regions.Region",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The user sees this region and everything under it."),
    )
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        help_text=_("The user sees this organisation and its units."),
    )

    class Meta:
        verbose_name = _("user scope")
        verbose_name_plural = _("user scopes")

    def __str__(self) -> str:
        parts = [str(p) for p in (self.region, self.organisation) if p]
        return f"{self.user}: {' / '.join(parts) or '—'}"
