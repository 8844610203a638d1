from django.contrib import admin

from xiezuo.activities.models import Activity, ActivityMetric, Event, Trainee, TrainingClass
from xiezuo.core.admin import VersionedAdmin


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ("date", "kind", "title", "host")
    readonly_fields = fields
    show_change_link = True
    can_delete = False


@admin.register(Event)
class EventAdmin(VersionedAdmin):
    list_display = ("name", "host_region", "sending_org", "start", "end")
    list_filter = ("start",)
    search_fields = ("name", "place", "description")
    autocomplete_fields = ("sending_org",)
    raw_id_fields = ("host_region", "pairing")
    inlines = [ActivityInline]


class MetricInline(admin.TabularInline):
    model = ActivityMetric
    extra = 1
    fields = ("indicator", "subject", "value", "unit")


@admin.register(Activity)
class ActivityAdmin(VersionedAdmin):
    list_display = ("title", "kind", "date", "domain", "host", "event")
    list_filter = ("kind", "domain", "date")
    search_fields = ("title", "place", "host__name", "description")
    autocomplete_fields = ("host", "sending_org", "people")
    raw_id_fields = ("pairing", "event")
    inlines = [MetricInline]


class TraineeInline(admin.TabularInline):
    model = Trainee
    extra = 0
    fields = ("name", "person", "organisation_name", "sessions_attended", "completed", "note")
    raw_id_fields = ("person",)


@admin.register(TrainingClass)
class TrainingClassAdmin(VersionedAdmin):
    list_display = ("name", "category", "mode", "organiser", "start", "end", "sessions")
    list_filter = ("category", "mode", "start")
    search_fields = ("name", "place", "organiser__name")
    autocomplete_fields = ("organiser",)
    raw_id_fields = ("pairing", "trainee_region")
    inlines = [TraineeInline]


@admin.register(Trainee)
class TraineeAdmin(VersionedAdmin):
    list_display = ("name", "organisation_name", "training_class", "sessions_attended", "completed")
    list_filter = ("completed", "training_class__category")
    search_fields = ("name", "organisation_name", "training_class__name")
    raw_id_fields = ("training_class", "person", "organisation")
