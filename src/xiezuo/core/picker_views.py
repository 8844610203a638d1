"""The suggestions of a picker (`core.widgets.Picker`): `/options/<name>/?q=巫山`.

HTML `<li role="option" data-value=…>` items for `core/picker.js` (or JSON with
`?format=json`): the records the signed-in user may name that the text may mean, from the
picker's lookup (`core.lookups.picker_lookup`); an unknown name is 404.
"""

from __future__ import annotations

from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import View

from xiezuo.core.lookups import clean_text, picker_lookup


class PickerOptionsView(LoginRequiredMixin, View):
    limit = 10

    def get(self, request: HttpRequest, name: str) -> HttpResponse:
        lookup = picker_lookup(name)
        if lookup is None:
            raise Http404("no such picker")
        text = clean_text(request.GET.get("q", ""))
        suggestions = lookup.suggest(request.user, text, self.limit)
        if request.GET.get("format") == "json":
            return JsonResponse({"results": [{"value": s.value, "label": s.label}
                                             for s in suggestions]})
        return render(request, "core/widgets/picker_options.html",
                      {"suggestions": suggestions, "text": text})
