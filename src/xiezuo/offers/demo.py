"""Demo offers (供给清单) of eastern organisations: `load_offers_demo()` after the demo needs.
Idempotent; the periods start after today so a matching round can use them."""

from __future__ import annotations

import datetime

from django.db import transaction

from xiezuo.needs import services as needs
from xiezuo.needs.demo import _specialty, _system
from xiezuo.offers import services
from xiezuo.offers.models import Offer
from xiezuo.orgs.models import Organisation

# (organisation, domain, specialty, count, min title level, days, modes, note)
OFFERS = [
    ("潍坊市第一中学", "education", "数学", 3, 3, 150, ["long_posting", "remote"],
     "春季学期可派三名中学数学教师，可驻校也可远程教研"),
    ("烟台山医院", "medical", "儿科", 2, 3, 180, ["long_posting", "short_visit"],
     "可派两名儿科医生，半年期，侧重新生儿救治"),
    ("山东省中医院", "medical", "急诊", 1, 4, 180, ["long_posting"],
     "可派一名急诊科副主任医师，协助建设胸痛中心"),
]
DRAFT_NOTE = "麻醉科医生两名，待医院党委会研究后发布"
# A need the maths offer answers (开州中学 asks for more teachers than anyone names).
NEED_PROBLEM = "高一年级扩班，春季学期缺两名数学教师"


def load_offers_demo(today: datetime.date | None = None) -> int:
    """Create the demo offers once (three published, one draft) and a need the maths offer
    answers; returns how many offers were created."""
    today = today or datetime.date.today()
    if Offer.objects.filter(note=OFFERS[0][7]).exists():
        return 0
    actor = _system()
    start = today + datetime.timedelta(days=45)
    created = 0
    with transaction.atomic():
        for org, domain, spec, count, level, days, modes, note in OFFERS:
            offer = services.create_offer(
                actor=actor, organisation=Organisation.objects.get(name=org), domain=domain,
                specialty=_specialty(spec, domain), count=count, min_title_level=level,
                start=start, end=start + datetime.timedelta(days=days - 1), modes=modes,
                note=note)
            services.transition_offer(actor=actor, offer=offer, action="publish")
            created += 1
        services.create_offer(
            actor=actor, organisation=Organisation.objects.get(name="烟台山医院"),
            domain="medical", specialty=_specialty("麻醉", "medical"), count=2,
            min_title_level=3, start=start, end=start + datetime.timedelta(days=364),
            modes=["long_posting"], note=DRAFT_NOTE)
        created += 1
        need = needs.create_need(
            actor=actor, organisation=Organisation.objects.get(name="开州中学"),
            domain="education", specialty=_specialty("数学", "education"), slots=2,
            min_title_level=3, mode="long_posting", start=start + datetime.timedelta(days=15),
            end=start + datetime.timedelta(days=134), min_days=30, priority=4,
            problem=NEED_PROBLEM)
        needs.publish_directly(actor=actor, need=need)
    return created
