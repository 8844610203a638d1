"""Import widget for regions given by division code or by name (开州, 石柱县, 重庆市巫山县)."""

from django.utils.translation import gettext as _
from import_export import widgets

from xiezuo.regions.models import Region
from xiezuo.vocab import regions as vocab_regions


class RegionWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        if value in (None, ""):
            return None
        text = str(int(value) if isinstance(value, float) else value).strip()
        if text.isdigit():
            region = Region.objects.filter(code=text.ljust(6, "0")).first()
            if region is None:
                raise ValueError(_("No region has the code %(code)s.") % {"code": text})
            return region
        found = vocab_regions.resolve(text)
        if not found:
            raise ValueError(_("“%(name)s” is not a known region name.") % {"name": text})
        if len(found) > 1 and found[0].level == found[1].level:
            options = "、".join(f"{vocab_regions.full_name(r.code)} ({r.code})" for r in found[:4])
            raise ValueError(
                _("“%(name)s” is ambiguous: %(options)s; write the code.")
                % {"name": text, "options": options}
            )
        region = Region.objects.filter(code=found[0].code).first()
        if region is None:
            raise ValueError(
                _("Region %(code)s is not loaded; run “xiezuo load_reference”.")
                % {"code": found[0].code}
            )
        return region

    def render(self, value, obj=None, **kwargs):
        return value.code if value else ""
