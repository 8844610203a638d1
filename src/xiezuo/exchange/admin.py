from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from xiezuo.core.admin import VersionedAdmin
from xiezuo.exchange.models import (
    Base,
    Engagement,
    EngagementSession,
    Goal,
    Mentorship,
    MentorshipNote,
    Outcome,
    Posting,
    PostingEvent,
    Programme,
    ProgrammeRule,
    ServiceTeam,
    Team,
)
from xiezuo.exchange.resources import PostingResource


class ProgrammeRuleInline(admin.TabularInline):
    model = ProgrammeRule
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(VersionedAdmin):
    list_display = ("name", "is_default", "need_approval_levels", "team_min_days", "team_severity")
    search_fields = ("name",)
    inlines = [ProgrammeRuleInline]


class PostingEventInline(admin.TabularInline):
    model = PostingEvent
    fk_name = "posting"
    extra = 0
    can_delete = False
    readonly_fields = ("action", "from_state", "to_state", "by", "at", "reason", "old_end",
                       "new_end", "successor")

    def has_add_permission(self, request, obj=None):
        return False


class GoalInline(admin.StackedInline):
    model = Goal
    extra = 0


@admin.register(Posting)
class PostingAdmin(VersionedAdmin, ImportExportModelAdmin):
    list_display = ("person", "host", "direction", "kind", "batch", "planned_start",
                    "planned_end", "state")
    list_filter = ("state", "direction", "kind")
    search_fields = ("person__name", "host__name", "batch", "post")
    autocomplete_fields = ("person", "host", "team", "successor", "pairing")
    readonly_fields = ("state", "end_reason")
    date_hierarchy = "planned_start"
    inlines = [GoalInline, PostingEventInline]
    resource_classes = [PostingResource]

    def get_resource_kwargs(self, request, **kwargs):
        return {"actor": request.user}


@admin.register(Team)
class TeamAdmin(VersionedAdmin):
    list_display = ("name", "host", "sending_org", "domain", "batch", "planned_start",
                    "planned_end")
    list_filter = ("domain",)
    search_fields = ("name", "host__name")
    autocomplete_fields = ("host", "sending_org")
    inlines = [GoalInline]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 0


@admin.register(Goal)
class GoalAdmin(VersionedAdmin):
    list_display = ("title", "kind", "status", "posting", "team")
    list_filter = ("kind", "status")
    search_fields = ("title", "posting__person__name", "team__name")
    raw_id_fields = ("posting", "team")
    inlines = [OutcomeInline]


class MentorshipNoteInline(admin.TabularInline):
    model = MentorshipNote
    extra = 0


@admin.register(Mentorship)
class MentorshipAdmin(VersionedAdmin):
    list_display = ("mentor", "host", "start", "end")
    search_fields = ("mentor__name", "host__name")
    autocomplete_fields = ("mentor", "apprentices", "host")
    raw_id_fields = ("posting",)
    inlines = [MentorshipNoteInline]


class SessionInline(admin.TabularInline):
    model = EngagementSession
    extra = 0


@admin.register(Engagement)
class EngagementAdmin(VersionedAdmin):
    list_display = ("person", "role", "organisation", "start", "end")
    list_filter = ("role",)
    search_fields = ("person__name", "organisation__name")
    autocomplete_fields = ("person", "organisation")
    inlines = [SessionInline]


class ServiceTeamInline(admin.TabularInline):
    model = ServiceTeam
    extra = 0


@admin.register(Base)
class BaseAdmin(VersionedAdmin):
    list_display = ("name", "kind", "host", "partner", "start", "end")
    list_filter = ("kind",)
    search_fields = ("name", "host__name")
    autocomplete_fields = ("host", "partner", "experts")
    inlines = [ServiceTeamInline]
