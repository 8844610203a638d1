"""Fixtures of the exchange tests: two western counties, an eastern hospital, people."""

import datetime

import pytest

from xiezuo.core.tests.factories import OrganisationFactory, PersonFactory, region
from xiezuo.exchange.models import Posting, Programme, ProgrammeRule

D = datetime.date
START, END = D(2025, 3, 1), D(2026, 2, 28)


@pytest.fixture
def world(refdata):
    yantai = OrganisationFactory(name="烟台山医院", region=region("370602"))
    wushan = OrganisationFactory(name="巫山县中医院", region=region("500237"))
    kaizhou = OrganisationFactory(name="开州区人民医院", region=region("500154"))
    return {
        "yantai": yantai,
        "wushan": wushan,
        "kaizhou": kaizhou,
        "shi": PersonFactory(name="施宏志", organisation=yantai, specialty_text="神经外科"),
        "zhang": PersonFactory(name="张树栋", organisation=yantai),
        "wang": PersonFactory(name="王医生", organisation=yantai),
        "local": PersonFactory(name="本地医生", organisation=wushan),
    }


@pytest.fixture
def programme(db):
    programme = Programme.objects.create(
        name="鲁渝协作", is_default=True, team_min_days=365, team_severity="error"
    )
    ProgrammeRule.objects.create(
        programme=programme, kind="medical", team_members_only=True, min_days=180,
        severity="error",
    )
    ProgrammeRule.objects.create(programme=programme, kind="cadre", min_days=365,
                                 severity="warning")
    return programme


@pytest.fixture
def make_posting(world):
    def make(person="shi", host="wushan", start=START, end=END, **extra):
        extra.setdefault("kind", "medical")
        extra.setdefault("direction", "east_west")
        return Posting.objects.create(
            person=world[person] if isinstance(person, str) else person,
            host=world[host] if isinstance(host, str) else host,
            planned_start=start, planned_end=end, **extra,
        )

    return make
