"""Offers pages: list, detail with publish/close, create/edit, Excel; the places to name
(list, and a place's page with the form naming its person)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from xiezuo.core.errors import DomainError
from xiezuo.core.form_views import ScopedFormView
from xiezuo.core.scoping import Action, can, ensure_in_scope, get_for_change, scoped
from xiezuo.core.views import ScopedDetailView, ScopedListView, excel_views
from xiezuo.exchange.models import Posting
from xiezuo.offers import services
from xiezuo.offers.choices import PlacementState
from xiezuo.offers.filters import OfferFilter, PlacementFilter
from xiezuo.offers.forms import NameForm, OfferEditForm, OfferForm
from xiezuo.offers.models import Offer, Placement
from xiezuo.offers.resources import OfferResource
from xiezuo.offers.tables import OfferTable, PlacementTable
from xiezuo.offers.transitions import CLOSE, PUBLISH, allowed_actions
from xiezuo.reference.models import Mode, TitleLevel

ACTION_LABELS = {PUBLISH: gettext_lazy("Publish"), CLOSE: gettext_lazy("Close")}
FORWARD = frozenset({PUBLISH})
CONFIRM = {
    CLOSE: gettext_lazy("Close the offer “%(offer)s”? It is then no longer matched; places "
                        "already given to it keep waiting for their names."),
}
DONE = {
    PUBLISH: gettext_lazy("The offer is published: matching rounds can now use it."),
    CLOSE: gettext_lazy("The offer is closed."),
}


class OfferListView(ScopedListView):
    model = Offer
    table_class = OfferTable
    filterset_class = OfferFilter
    select_related = ("organisation", "region", "specialty")
    title = gettext_lazy("Offers")
    actions_template = "offers/actions.html"


class OfferDetailView(ScopedDetailView):
    model = Offer
    select_related = ("organisation__region", "region", "specialty")
    template_name = "offers/offer_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        offer, user = self.object, self.request.user
        allowed = allowed_actions(offer.status) if context["can_change"] else []
        # Forward actions sit in the page head; closing ones apart, lower on the page.
        context["forward_actions"] = [(a, ACTION_LABELS[a]) for a in allowed if a in FORWARD]
        context["closing_actions"] = [(a, ACTION_LABELS[a], CONFIRM[a] % {"offer": offer})
                                      for a in allowed if a in CONFIRM]
        context["placements"] = scoped(offer.placements.all(), user).select_related(
            "need__organisation", "need__specialty", "person").order_by("planned_start", "pk")
        context["rounds"] = scoped(offer.rounds.all(), user).order_by("-pk")
        return context


class OfferFormView(ScopedFormView):
    model = Offer
    form_class = OfferForm
    edit_form_class = OfferEditForm
    create = services.create_offer
    update = services.update_offer
    template_name = "offers/form.html"
    title = gettext_lazy("New offer")
    edit_title = gettext_lazy("Edit offer")
    saved_message = gettext_lazy("Offer saved.")


class OfferActionView(LoginRequiredMixin, View):
    def post(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        offer = get_for_change(Offer, request.user, pk=pk)
        try:
            services.transition_offer(actor=request.user, offer=offer, action=action)
        except ValidationError as exc:
            messages.error(request, "; ".join(exc.messages))
        except PermissionDenied as exc:
            messages.error(request, str(exc))
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, str(DONE.get(action, _("Saved."))))
        return redirect(offer.get_absolute_url())


class PlacementListView(ScopedListView):
    model = Placement
    table_class = PlacementTable
    filterset_class = PlacementFilter
    select_related = ("offer__organisation", "offer__region", "offer__specialty",
                      "need__organisation", "need__specialty", "person")
    title = gettext_lazy("Places to name")
    actions_template = "offers/placement_actions.html"


class PlacementDetailView(ScopedDetailView):
    """A place an approved round gave to an offer; the offering side names its person here
    (POST), checked against the need's requirements shown beside the form."""

    model = Placement
    select_related = ("offer__organisation", "offer__region", "offer__specialty",
                      "need__organisation__region", "need__specialty", "round", "person",
                      "posting")
    template_name = "offers/placement_detail.html"

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        placement, user = self.object, self.request.user
        need = placement.need
        context["need"] = need
        context["need_level"] = TitleLevel(need.min_title_level).label
        context["need_mode"] = Mode(need.mode).label
        context["may_name"] = (placement.state == PlacementState.OPEN and context["can_change"]
                               and can(user, Action.CHANGE, placement.offer))
        if context["may_name"] and "name_form" not in context:
            context["name_form"] = NameForm(user=user, placement=placement)
        context["posting_visible"] = bool(
            placement.posting_id and scoped(Posting, user)
            .filter(pk=placement.posting_id).exists())
        return context

    def post(self, request: HttpRequest, pk: int) -> HttpResponse:
        placement = get_for_change(self.get_queryset(), request.user, pk=pk)
        ensure_in_scope(placement.offer, request.user)  # the offering side names (403 otherwise)
        self.object = placement
        form = NameForm(request.POST, user=request.user, placement=placement)
        if form.is_valid():
            try:
                posting = services.name_person(actor=request.user, placement=placement,
                                               person=form.cleaned_data["person"])
            except ValidationError as exc:
                for message in exc.message_dict.get("person", exc.messages):
                    form.add_error("person", message)
            except DomainError as exc:
                form.add_error(None, exc.message)
            else:
                messages.success(request, _("%(person)s is named; the posting is planned.")
                                 % {"person": posting.person.name})
                return redirect(placement.get_absolute_url())
        context = self.get_context_data(object=placement, name_form=form)
        return self.render_to_response(context, status=422)


offer_excel = excel_views(key="offer", resource=OfferResource, filterset=OfferFilter,
                          list_url="offers:offer_list", title=gettext_lazy("Import offers"),
                          filename="offers")
