"""The one picker for references typed by name: regions, organisations, people, pairings.

Usage (a form field or a list filter that takes a reference)::

    from xiezuo.core.widgets import Picker

    host = forms.CharField(label=_("Host organisation"),
                           widget=Picker("orgs.organisation.any"))
    # then, in to_fields(actor): resolve(ANY_ORGANISATION, actor, data["host"], field="host")

`Picker(name)` is a text input rendered as an ARIA combobox (role=combobox,
aria-autocomplete=list, aria-expanded, aria-controls → a role=listbox list). `core/picker.js`
asks `/options/<name>/?q=…` (`core.picker_views.PickerOptionsView`, login required) for
suggestions while the user types (debounced), and offers them as role=option items:
ArrowDown/ArrowUp move, Enter or a click picks, Esc closes. Picking puts the suggestion's
value in the input — a text that `core.lookups.resolve` with the same lookup accepts back —
and fires `change`. Without JavaScript it is a plain text input resolved on the server.

`name` is a model label with a registered lookup ("regions.region", "orgs.organisation",
"people.person", "regions.pairing", "activities.event") or a name given to
`core.lookups.register_picker` ("orgs.organisation.any": every organisation, e.g. a
posting's host). Suggestions come from that lookup's `suggest(actor, text, limit)`, so they
are only records the user may name. List filters use `core.filters.ReferenceFilter(name, …)`
and `RegionFilter`, which render with this widget.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.urls import reverse

# Picks are offered from this URL name (config/urls.py): /options/<name>/.
OPTIONS_URL = "picker_options"


class Picker(forms.TextInput):
    """A type-ahead text input for a reference (see the module's docstring)."""

    template_name = "core/widgets/picker.html"

    def __init__(self, name: str, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs)
        self.picker = name

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        input_id = widget_attrs.get("id") or f"picker_{name}"
        widget_attrs["id"] = input_id
        listbox = f"{input_id}_options"
        widget_attrs.update({
            "role": "combobox", "aria-autocomplete": "list", "aria-expanded": "false",
            "aria-controls": listbox, "autocomplete": "off", "spellcheck": "false",
            "data-picker-url": reverse(OPTIONS_URL, args=[self.picker]),
        })
        context["widget"]["listbox"] = listbox
        return context
