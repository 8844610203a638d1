"""The real pairings and institutions named in DOMAIN.md and the two sample reports."""

from __future__ import annotations

import datetime

from django.db import transaction

from xiezuo.orgs.models import Organisation
from xiezuo.regions.models import Pairing, Region

D = datetime.date

# (key, name, kind, region code, extra) — institutions the reports name.
INSTITUTIONS: list[tuple[str, str, str, str, dict]] = [
    ("sd_tcm", "山东省中医院", "hospital", "370102", {"hospital_grade": "3A"}),
    ("sd_health", "山东省卫生健康委员会", "department", "370100", {}),
    ("yt_ytsh", "烟台山医院", "hospital", "370602", {"hospital_grade": "3A"}),
    ("yt_ldu", "鲁东大学", "university", "370602", {}),
    ("yt_cau", "中国农业大学烟台研究院", "institute", "370613", {}),
    ("yt_agri", "烟台市农业农村局", "department", "370600", {}),
    ("wf_edu", "潍坊市教育局", "department", "370700", {}),
    ("ws_tcm", "巫山县中医院", "hospital", "500237", {"hospital_grade": "2A"}),
    ("ws_tuerping", "重庆兔儿坪农业开发有限公司", "company", "500237", {}),
    ("sz_people", "石柱县人民医院", "hospital", "500240", {"hospital_grade": "2A"}),
    ("kz_edu", "开州区教育委员会", "department", "500154", {}),
    ("gz_hrss", "广州市人力资源和社会保障局", "department", "440100", {}),
    ("gz_first", "广州市第一人民医院", "hospital", "440104", {"hospital_grade": "3A"}),
    ("gz_gmu1", "广州医科大学附属第一医院", "hospital", "440104", {"hospital_grade": "3A"}),
    ("gz_gmu2", "广州医科大学附属第二医院", "hospital", "440105", {"hospital_grade": "3A"}),
    ("gz_gmu3", "广州医科大学附属第三医院", "hospital", "440103", {"hospital_grade": "3A"}),
    ("gz_gmu_dental", "广州医科大学附属口腔医院", "hospital", "440104", {"hospital_grade": "3A"}),
    ("gz_gmu_cancer", "广州医科大学附属肿瘤医院", "hospital", "440111", {"hospital_grade": "3A"}),
    ("gz_nanfang", "南方医科大学南方医院", "hospital", "440111", {"hospital_grade": "3A"}),
    ("gz_scnu", "华南师范大学", "university", "440106", {}),
    ("gz_jnu", "暨南大学", "university", "440106", {}),
    ("gz_gzl", "广之旅国际旅游有限公司", "company", "440104", {}),
    ("qn_hrss", "黔南州人力资源和社会保障局", "department", "522700", {}),
    ("pt_people", "平塘县人民医院", "hospital", "522727", {"hospital_grade": "2A"}),
    ("lb_kelayou", "荔波客乐游旅行社有限公司", "company", "522722", {}),
    ("lb_hr", "荔波县人力资源开发服务公司", "company", "522722", {}),
    ("sd_fengyu", "三都凤羽人力资源有限公司", "company", "522732", {}),
    ("sd_shuixiang", "三都水族自治县“水乡技工”职业技能综合培训基地", "institute", "522732", {}),
    # The pairings below also join schools and hospitals; these stand for them in the demo.
    ("wf_school", "潍坊市第一中学", "school", "370702", {"school_stage": "senior"}),
    ("kz_school", "开州中学", "school", "500154", {"school_stage": "senior"}),
    ("lh_people", "南京市六合区人民医院", "hospital", "320116", {"hospital_grade": "2A"}),
    ("hy_people", "湟源县人民医院", "hospital", "630123", {"hospital_grade": "2B"}),
    ("bj_school", "杭州市滨江区第一小学", "school", "330108", {"school_stage": "primary"}),
    ("ct_school", "广元市朝天区实验小学", "school", "510812", {"school_stage": "primary"}),
]

# Province pairings (2021 adjustment of East–West cooperation) and the lower levels.
PAIRINGS: list[dict] = [
    {
        "key": "sd_cq",
        "level": "province_province",
        "east": "370000",
        "west": "500000",
        "start": D(2021, 4, 1),
    },
    {
        "key": "yt_ws",
        "level": "city_county",
        "east": "370600",
        "west": "500237",
        "start": D(2021, 4, 1),
        "parent": "sd_cq",
    },
    {
        "key": "wf_kz",
        "level": "city_county",
        "east": "370700",
        "west": "500154",
        "start": D(2021, 4, 1),
        "parent": "sd_cq",
    },
    {
        "key": "sdtcm_sz",
        "level": "hospital_hospital",
        "east": "370000",
        "west": "500240",
        "start": D(2022, 1, 1),
        "east_org": "sd_tcm",
        "west_org": "sz_people",
        "parent": "sd_cq",
    },
    {
        "key": "ytsh_ws",
        "level": "hospital_hospital",
        "east": "370600",
        "west": "500237",
        "start": D(2021, 6, 1),
        "east_org": "yt_ytsh",
        "west_org": "ws_tcm",
        "parent": "yt_ws",
    },
    {
        "key": "wf_kz_school",
        "level": "school_school",
        "east": "370700",
        "west": "500154",
        "start": D(2021, 9, 1),
        "east_org": "wf_school",
        "west_org": "kz_school",
        "parent": "wf_kz",
    },
    {
        "key": "js_qh",
        "level": "province_province",
        "east": "320000",
        "west": "630000",
        "start": D(2021, 4, 1),
    },
    {
        "key": "lh_hy",
        "level": "district_county",
        "east": "320116",
        "west": "630123",
        "start": D(2021, 4, 1),
        "parent": "js_qh",
    },
    {
        "key": "lh_hy_hosp",
        "level": "hospital_hospital",
        "east": "320116",
        "west": "630123",
        "start": D(2022, 3, 1),
        "east_org": "lh_people",
        "west_org": "hy_people",
        "parent": "lh_hy",
    },
    {
        "key": "gd_gz",
        "level": "province_province",
        "east": "440000",
        "west": "520000",
        "start": D(2021, 4, 1),
    },
    {
        "key": "gz_qn",
        "level": "city_prefecture",
        "east": "440100",
        "west": "522700",
        "start": D(2013, 1, 1),
        "parent": "gd_gz",
        "note": "2013年广州市结对帮扶黔南州，覆盖黔南12个县（市）。",
    },
    {
        "key": "zj_sc",
        "level": "province_province",
        "east": "330000",
        "west": "510000",
        "start": D(2021, 4, 1),
    },
    {
        "key": "bj_ct",
        "level": "district_county",
        "east": "330108",
        "west": "510812",
        "start": D(2021, 4, 1),
        "parent": "zj_sc",
    },
    {
        "key": "bj_ct_school",
        "level": "school_school",
        "east": "330108",
        "west": "510812",
        "start": D(2021, 9, 1),
        "east_org": "bj_school",
        "west_org": "ct_school",
        "parent": "bj_ct",
    },
]


@transaction.atomic
def load_registry() -> dict[str, Organisation]:
    """Create (or find) the real institutions and pairings; returns institutions by key."""
    regions = {
        r.code: r
        for r in Region.objects.filter(
            code__in={i[3] for i in INSTITUTIONS}
            | {p["east"] for p in PAIRINGS}
            | {p["west"] for p in PAIRINGS}
        )
    }
    orgs: dict[str, Organisation] = {}
    for key, name, kind, code, extra in INSTITUTIONS:
        orgs[key], _ = Organisation.objects.get_or_create(
            name=name, region=regions[code], defaults={"kind": kind, **extra}
        )
    pairings: dict[str, Pairing] = {}
    for spec in PAIRINGS:
        pairing = Pairing.objects.filter(
            level=spec["level"],
            east_region=regions[spec["east"]],
            west_region=regions[spec["west"]],
            east_org=orgs.get(spec.get("east_org", "")),
            west_org=orgs.get(spec.get("west_org", "")),
        ).first()
        if pairing is None:
            pairing = Pairing(
                level=spec["level"],
                east_region=regions[spec["east"]],
                west_region=regions[spec["west"]],
                east_org=orgs.get(spec.get("east_org", "")),
                west_org=orgs.get(spec.get("west_org", "")),
                start=spec["start"],
                parent=pairings.get(spec.get("parent", "")),
                note=spec.get("note", ""),
            )
            pairing.full_clean()
            pairing.save()
        pairings[spec["key"]] = pairing
    return orgs
