import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from xiezuo.exchange.models import Base, Engagement, Mentorship, Posting, Team


class PostingTable(tables.Table):
    person = tables.Column(linkify=lambda record: record.get_absolute_url())
    sender = tables.Column(accessor="person__organisation__name", verbose_name=_("Sent by"))
    host = tables.Column(linkify=True)
    period = tables.Column(empty_values=(), verbose_name=_("Posting period"), order_by=("planned_start",))

    class Meta:
        model = Posting
        fields = ("person", "sender", "host", "direction", "kind", "batch", "post", "period",
                  "state")

    def render_period(self, record):
        return f"{record.start} – {record.end}"


class TeamTable(tables.Table):
    name = tables.Column(linkify=True)
    host = tables.Column(linkify=True)
    members = tables.Column(empty_values=(), verbose_name=_("Members"), orderable=False)

    class Meta:
        model = Team
        fields = ("name", "host", "sending_org", "domain", "batch", "planned_start",
                  "planned_end", "members")

    def render_members(self, record):
        return record.member_count  # annotated by TeamListView


class MentorshipTable(tables.Table):
    mentor = tables.Column(linkify=lambda record: record.get_absolute_url())
    host = tables.Column(linkify=True)
    pairs = tables.Column(empty_values=(), verbose_name=_("Pairs"), orderable=False)

    class Meta:
        model = Mentorship
        fields = ("mentor", "host", "start", "end", "pairs")

    def render_pairs(self, record):
        return record.pair_count  # annotated by MentorshipListView


class EngagementTable(tables.Table):
    person = tables.Column(linkify=lambda record: record.get_absolute_url())
    organisation = tables.Column(linkify=True)

    class Meta:
        model = Engagement
        fields = ("person", "role", "organisation", "start", "end")


class BaseTable(tables.Table):
    name = tables.Column(linkify=True)
    host = tables.Column(linkify=True)
    experts = tables.Column(empty_values=(), verbose_name=_("Resident experts"),
                            orderable=False)

    class Meta:
        model = Base
        fields = ("name", "kind", "host", "partner", "start", "end", "experts")

    def render_experts(self, record):
        return record.expert_count  # annotated by BaseListView
