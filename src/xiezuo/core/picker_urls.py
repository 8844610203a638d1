"""The pickers' suggestions (`core.widgets.Picker`), included at /options/ by the wiring."""

from django.urls import path

from xiezuo.core.picker_views import PickerOptionsView

urlpatterns = [
    path("<str:name>/", PickerOptionsView.as_view(), name="picker_options"),
]
